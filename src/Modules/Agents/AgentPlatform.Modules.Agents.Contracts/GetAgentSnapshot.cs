using Mediator;

namespace AgentPlatform.Modules.Agents.Contracts;

/// <summary>
/// Reads what it takes to run an agent for a user: the live published version (the agent enabled and not
/// deleted), or the editable draft when the user owns the agent and asks for it (or nothing is published yet).
/// The user's workspace model override, when set, is applied on top. Null when the user may not run it:
/// no such agent, another user's unpublished draft, a disabled or deleted agent.
/// </summary>
/// <param name="AgentId">The agent's id.</param>
/// <param name="UserId">The user who is going to run it.</param>
/// <param name="UseDraft">For the owner: run the draft even when a version is live (testing edits).</param>
public sealed record GetAgentSnapshot(Guid AgentId, Guid UserId, bool UseDraft = false) : IQuery<AgentSnapshot?>;

/// <summary>An agent ready to run.</summary>
/// <param name="AgentId">The agent's id.</param>
/// <param name="OwnerId">The user who owns the agent.</param>
/// <param name="VersionId">The published version that was read; null for the draft.</param>
/// <param name="VersionNumber">Its semantic version ("1.2.0"); null for the draft.</param>
/// <param name="Name">The agent's name.</param>
/// <param name="SystemPrompt">The system prompt, if any.</param>
/// <param name="WelcomeMessage">The first message shown to the user, if any.</param>
/// <param name="ToolIds">Ids of the tools the agent may call (checked by the Tools module).</param>
/// <param name="KnowledgeBaseIds">Ids of the knowledge bases it reads (checked by the Rag module).</param>
/// <param name="ToolPresetParameters">A JSON object: per tool id or name, an object of preset arguments.</param>
/// <param name="MultiModal">Whether the agent accepts images and files.</param>
/// <param name="AgentMode">"thinking" or "direct".</param>
/// <param name="Model">The model settings, with the user's workspace override applied.</param>
public sealed record AgentSnapshot(
    Guid AgentId,
    Guid OwnerId,
    Guid? VersionId,
    string? VersionNumber,
    string Name,
    string? SystemPrompt,
    string? WelcomeMessage,
    IReadOnlyList<Guid> ToolIds,
    IReadOnlyList<Guid> KnowledgeBaseIds,
    string ToolPresetParameters,
    bool MultiModal,
    string AgentMode,
    AgentModelSettings Model);

/// <summary>How the agent calls its language model; every field is optional (the Llm module's defaults apply).</summary>
/// <param name="ModelId">A model of the Llm module.</param>
/// <param name="ProfileId">A parameter profile of the Llm module (instead of, or besides, a model).</param>
/// <param name="Temperature">0 to 2.</param>
/// <param name="MaxTokens">The most tokens of one answer.</param>
/// <param name="TopP">0 to 1.</param>
/// <param name="FrequencyPenalty">-2 to 2.</param>
/// <param name="PresencePenalty">-2 to 2.</param>
/// <param name="Seed">A seed for reproducible sampling.</param>
public sealed record AgentModelSettings(
    Guid? ModelId = null,
    Guid? ProfileId = null,
    decimal? Temperature = null,
    int? MaxTokens = null,
    decimal? TopP = null,
    decimal? FrequencyPenalty = null,
    decimal? PresencePenalty = null,
    long? Seed = null);
