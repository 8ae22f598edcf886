namespace AgentPlatform.BuildingBlocks.Domain;

/// <summary>Creation and update times, set by the persistence interceptor from <see cref="TimeProvider"/>.</summary>
public interface IAuditable
{
    DateTimeOffset CreatedAt { get; }

    DateTimeOffset UpdatedAt { get; }
}

/// <summary>
/// Soft delete (seed 004's <c>deleted_at</c>): a removed entity is kept with a deletion time and
/// hidden by a global query filter.
/// </summary>
public interface ISoftDeletable
{
    DateTimeOffset? DeletedAt { get; }
}
