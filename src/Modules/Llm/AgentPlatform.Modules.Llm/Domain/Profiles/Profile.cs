namespace AgentPlatform.Modules.Llm.Domain.Profiles;

/// <summary>
/// A named parameter preset for a model (seed 003 <c>llm_profiles</c>): temperature, max tokens, top_p,
/// frequency penalty, seed and provider-specific JSON. Each owner (and the system) has exactly one default.
/// </summary>
internal sealed class Profile : AggregateRoot, IAuditable, ISoftDeletable
{
    public const int NameMaxLength = 100;

    private Profile()
    {
    }

    public Guid? OwnerId { get; private set; }

    public string Name { get; private set; } = "";

    public string? Description { get; private set; }

    public Guid ModelId { get; private set; }

    public double? Temperature { get; private set; }

    public int? MaxTokens { get; private set; }

    public double? TopP { get; private set; }

    public double? FrequencyPenalty { get; private set; }

    public long? Seed { get; private set; }

    /// <summary>Extra request fields passed to the provider as they are (a JSON object).</summary>
    public string ProviderConfig { get; private set; } = "{}";

    /// <summary>Overrides the model's own fallback chain.</summary>
    public Guid? FallbackChainId { get; private set; }

    public bool IsActive { get; private set; }

    public bool IsDefault { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public static Profile Create(Guid? ownerId, ProfileSettings settings)
    {
        var profile = new Profile { OwnerId = ownerId };
        profile.Update(settings);
        return profile;
    }

    public void Update(ProfileSettings settings)
    {
        Name = settings.Name.Trim();
        Description = settings.Description;
        ModelId = settings.ModelId;
        Temperature = settings.Temperature;
        MaxTokens = settings.MaxTokens;
        TopP = settings.TopP;
        FrequencyPenalty = settings.FrequencyPenalty;
        Seed = settings.Seed;
        ProviderConfig = string.IsNullOrWhiteSpace(settings.ProviderConfig) ? "{}" : settings.ProviderConfig;
        FallbackChainId = settings.FallbackChainId;
        IsActive = settings.IsActive;
    }

    public void MakeDefault() => IsDefault = true;

    public void ClearDefault() => IsDefault = false;

    public bool IsManageableBy(Guid userId, bool isAdmin) => OwnerId is null ? isAdmin : OwnerId == userId;

    public bool IsVisibleTo(Guid userId) => OwnerId is null || OwnerId == userId;
}

internal sealed record ProfileSettings(
    string Name,
    string? Description,
    Guid ModelId,
    double? Temperature,
    int? MaxTokens,
    double? TopP,
    double? FrequencyPenalty,
    long? Seed,
    string? ProviderConfig,
    Guid? FallbackChainId,
    bool IsActive);
