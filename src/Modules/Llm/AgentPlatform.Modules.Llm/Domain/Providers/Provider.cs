namespace AgentPlatform.Modules.Llm.Domain.Providers;

/// <summary>The kinds of model service the gateway can talk to; spelled as the API and the database spell them.</summary>
internal static class ProviderTypes
{
    public const string OpenAI = "openai";
    public const string OpenAICompatible = "openai-compatible";
    public const string AzureOpenAI = "azure-openai";
    public const string Anthropic = "anthropic";
    public const string Local = "local";

    public static readonly IReadOnlyList<string> All = [OpenAI, OpenAICompatible, AzureOpenAI, Anthropic, Local];

    /// <summary>Types that need an API key to be called.</summary>
    public static bool NeedsCredential(string type) => type != Local;
}

/// <summary>
/// A model service (seed 000 <c>providers</c>, merged with 004 §6.1): system-level when it has no owner
/// (created by an admin, visible to everyone) or user-level (visible to its owner only).
/// </summary>
internal sealed class Provider : AggregateRoot, IAuditable, ISoftDeletable
{
    public const int NameMaxLength = 100;

    private Provider()
    {
    }

    public Guid? OwnerId { get; private set; }

    public string Name { get; private set; } = "";

    public string Type { get; private set; } = "";

    public string? Description { get; private set; }

    public bool IsActive { get; private set; }

    /// <summary>Free-form provider metadata (seed 001 <c>llm_providers.metadata</c>, e.g. rate limits), a JSON object.</summary>
    public string Metadata { get; private set; } = "{}";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public bool IsSystem => OwnerId is null;

    public static Provider Create(Guid? ownerId, string name, string type, string? description, bool isActive, string? metadata)
    {
        if (!ProviderTypes.All.Contains(type))
        {
            throw DomainException.Invalid("type", $"Unknown provider type '{type}'; known types are: {string.Join(", ", ProviderTypes.All)}.");
        }

        var provider = new Provider { OwnerId = ownerId, Type = type };
        provider.Update(name, description, isActive, metadata);
        return provider;
    }

    public void Update(string name, string? description, bool isActive, string? metadata)
    {
        Name = name.Trim();
        Description = description;
        IsActive = isActive;
        Metadata = string.IsNullOrWhiteSpace(metadata) ? "{}" : metadata;
    }

    /// <summary>Who may change it: its owner, or any admin for a system-level provider.</summary>
    public bool IsManageableBy(Guid userId, bool isAdmin) => OwnerId is null ? isAdmin : OwnerId == userId;

    /// <summary>Who may see and use it: everyone for a system-level provider, else its owner.</summary>
    public bool IsVisibleTo(Guid userId) => OwnerId is null || OwnerId == userId;
}
