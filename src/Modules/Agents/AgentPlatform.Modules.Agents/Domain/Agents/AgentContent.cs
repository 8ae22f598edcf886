namespace AgentPlatform.Modules.Agents.Domain.Agents;

/// <summary>How an agent thinks (seed 003 <c>agent_mode</c>): plans and reflects, or answers at once.</summary>
internal enum AgentMode
{
    Thinking,
    Direct,
}

/// <summary>Model parameters (seed 003 <c>llm_profiles</c>); the Llm module checks that the model or profile exists.</summary>
internal sealed record ModelSettings(
    Guid? ModelId = null,
    Guid? ProfileId = null,
    decimal? Temperature = null,
    int? MaxTokens = null,
    decimal? TopP = null,
    decimal? FrequencyPenalty = null,
    decimal? PresencePenalty = null,
    long? Seed = null)
{
    public static readonly ModelSettings Default = new();

    /// <summary>The fields set in <paramref name="overrides"/> win; the others stay.</summary>
    public ModelSettings With(ModelSettings? overrides) => overrides is null ? this : new ModelSettings(
        overrides.ModelId ?? (overrides.ProfileId is null ? ModelId : null),
        overrides.ProfileId ?? (overrides.ModelId is null ? ProfileId : null),
        overrides.Temperature ?? Temperature,
        overrides.MaxTokens ?? MaxTokens,
        overrides.TopP ?? TopP,
        overrides.FrequencyPenalty ?? FrequencyPenalty,
        overrides.PresencePenalty ?? PresencePenalty,
        overrides.Seed ?? Seed);
}

/// <summary>What an agent is made of: the draft holds it, and each version holds an immutable copy.</summary>
internal sealed record AgentContent(
    string Name,
    string? Avatar,
    string? Description,
    string? SystemPrompt,
    string? WelcomeMessage,
    IReadOnlyList<Guid> ToolIds,
    IReadOnlyList<Guid> KnowledgeBaseIds,
    string ToolPresetParameters,
    bool MultiModal,
    ModelSettings Model,
    AgentMode Mode)
{
    public const int NameMaxLength = 255;
    public const int AvatarMaxLength = 255;
    public const int DescriptionMaxLength = 2000;
    public const int PromptMaxLength = 100_000;
    public const int MaxReferences = 100;
    public const string EmptyObject = "{}";
}
