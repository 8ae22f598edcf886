using Mediator;

namespace AgentPlatform.Modules.Llm.Contracts;

/// <summary>
/// Asks the model gateway for a chat completion. The model is named by <see cref="Model"/> (a platform model id,
/// or the provider's model id of a model the user may use) or by <see cref="ProfileId"/>; with neither, the user's
/// default profile is used. Idempotent by <see cref="RequestId"/> per user: a retry gets the first answer and is
/// counted once. Failures are <c>DomainException</c>s: not found (404), invalid input or a prompt longer than every
/// usable model's context window (400), and no model could answer (502).
/// </summary>
public sealed record CompleteChat : ICommand<LlmChatCompletion>
{
    /// <summary>The user the call is made for (visibility, quotas, usage).</summary>
    public required Guid UserId { get; init; }

    /// <summary>The caller's id for this request (1 to 200 characters).</summary>
    public required string RequestId { get; init; }

    /// <summary>Platform model id (a UUID) or provider model id.</summary>
    public string? Model { get; init; }

    /// <summary>A parameter profile to use.</summary>
    public Guid? ProfileId { get; init; }

    /// <summary>The conversation so far.</summary>
    public required IReadOnlyList<LlmChatMessage> Messages { get; init; }

    /// <summary>Tools the model may call.</summary>
    public IReadOnlyList<LlmToolDefinition> Tools { get; init; } = [];

    /// <summary>Overrides of the profile's parameters.</summary>
    public LlmChatParameters? Parameters { get; init; }

    /// <summary>What the usage is recorded under (e.g. "chat", "conversation", "workflow").</summary>
    public string Service { get; init; } = "chat";

    /// <summary>
    /// True when <see cref="RequestId"/> was generated for this call and has never been used: the gateway then skips
    /// looking for an earlier answer. Leave false for ids a caller may retry with.
    /// </summary>
    public bool FreshRequestId { get; init; }
}

/// <summary>A finished chat completion.</summary>
/// <param name="RequestId">The caller's request id.</param>
/// <param name="Message">The assistant's message, with its tool calls.</param>
/// <param name="FinishReason">stop, length, tool_calls or content_filter.</param>
/// <param name="Usage">Tokens counted.</param>
/// <param name="Cost">Cost at the answering model's prices.</param>
/// <param name="Currency">The prices' currency.</param>
/// <param name="AnsweredBy">The model that answered.</param>
/// <param name="FallbackPath">Models left before it, with reasons; empty when the first model answered.</param>
public sealed record LlmChatCompletion(
    string RequestId,
    LlmChatMessage Message,
    string FinishReason,
    LlmUsage Usage,
    decimal Cost,
    string Currency,
    LlmAnsweringModel AnsweredBy,
    IReadOnlyList<LlmFallbackStep> FallbackPath);
