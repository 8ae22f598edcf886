namespace AgentPlatform.BuildingBlocks.Domain;

/// <summary>An object with identity. Ids are UUID version 7: time-ordered, so inserts stay index-friendly.</summary>
public abstract class Entity
{
    protected Entity() => Id = Guid.CreateVersion7();

    protected Entity(Guid id) => Id = id;

    public Guid Id { get; protected set; }
}
