namespace AgentPlatform.Modules.Llm.Domain.Models;

/// <summary>An ordered list of models to try in turn when a model fails (set per model, overridable per profile).</summary>
internal sealed class FallbackChain : AggregateRoot, IAuditable
{
    public const int MaxModels = 10;

    private FallbackChain()
    {
    }

    public Guid? OwnerId { get; private set; }

    public string Name { get; private set; } = "";

    public string? Description { get; private set; }

    public List<Guid> ModelIds { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static FallbackChain Create(Guid? ownerId, string name, string? description, IReadOnlyList<Guid> modelIds)
    {
        var chain = new FallbackChain { OwnerId = ownerId };
        chain.Update(name, description, modelIds);
        return chain;
    }

    public void Update(string name, string? description, IReadOnlyList<Guid> modelIds)
    {
        if (modelIds.Count == 0 || modelIds.Count > MaxModels)
        {
            throw DomainException.Invalid("modelIds", $"A fallback chain lists 1 to {MaxModels} models.");
        }

        if (modelIds.Distinct().Count() != modelIds.Count)
        {
            throw DomainException.Invalid("modelIds", "A model appears in the chain only once.");
        }

        Name = name.Trim();
        Description = description;
        ModelIds = [.. modelIds];
    }

    public bool IsManageableBy(Guid userId, bool isAdmin) => OwnerId is null ? isAdmin : OwnerId == userId;

    public bool IsVisibleTo(Guid userId) => OwnerId is null || OwnerId == userId;
}
