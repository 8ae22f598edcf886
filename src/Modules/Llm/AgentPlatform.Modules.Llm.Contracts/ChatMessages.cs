namespace AgentPlatform.Modules.Llm.Contracts;

/// <summary>Who speaks a chat message.</summary>
public static class ChatRoles
{
    /// <summary>Instructions for the model.</summary>
    public const string System = "system";

    /// <summary>The person.</summary>
    public const string User = "user";

    /// <summary>The model (may carry tool calls).</summary>
    public const string Assistant = "assistant";

    /// <summary>A tool's result, answering one tool call by its id.</summary>
    public const string Tool = "tool";
}

/// <summary>One message of a conversation sent to or received from a model.</summary>
/// <param name="Role">One of <see cref="ChatRoles"/>.</param>
/// <param name="Content">The text (may be null for an assistant message that only calls tools).</param>
/// <param name="ToolCalls">Tools the assistant asked to call.</param>
/// <param name="ToolCallId">For a tool message: the call it answers.</param>
public sealed record LlmChatMessage(string Role, string? Content, IReadOnlyList<LlmToolCall>? ToolCalls = null, string? ToolCallId = null);

/// <summary>A tool call requested by a model.</summary>
/// <param name="Id">The call id a tool message refers back to.</param>
/// <param name="Name">The tool's name.</param>
/// <param name="Arguments">The arguments as a JSON object text.</param>
public sealed record LlmToolCall(string Id, string Name, string Arguments);

/// <summary>A tool the model may call.</summary>
/// <param name="Name">The tool's name.</param>
/// <param name="Description">What it does, for the model.</param>
/// <param name="ParametersSchema">The JSON schema of its arguments (an object schema), as JSON text.</param>
public sealed record LlmToolDefinition(string Name, string? Description, string ParametersSchema);

/// <summary>Sampling parameters; each overrides the profile's value when set.</summary>
public sealed record LlmChatParameters
{
    /// <summary>Sampling temperature, 0 to 2.</summary>
    public double? Temperature { get; init; }

    /// <summary>Most output tokens to produce.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Nucleus sampling, 0 to 1.</summary>
    public double? TopP { get; init; }

    /// <summary>Frequency penalty, -2 to 2.</summary>
    public double? FrequencyPenalty { get; init; }

    /// <summary>Seed for reproducible sampling where the provider supports it.</summary>
    public long? Seed { get; init; }
}

/// <summary>Tokens a call consumed.</summary>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
public sealed record LlmUsage(long InputTokens, long OutputTokens)
{
    /// <summary>Input plus output.</summary>
    public long TotalTokens => InputTokens + OutputTokens;
}

/// <summary>The model that answered.</summary>
/// <param name="ModelId">The platform model id.</param>
/// <param name="Model">The provider's model id, e.g. "gpt-4o-mini".</param>
/// <param name="ProviderId">The platform provider id.</param>
/// <param name="ProviderName">The provider's name.</param>
/// <param name="ProviderType">openai, openai-compatible, azure-openai, anthropic or local.</param>
public sealed record LlmAnsweringModel(Guid ModelId, string Model, Guid ProviderId, string ProviderName, string ProviderType);

/// <summary>A model the gateway left for the next one, and why.</summary>
/// <param name="Model">The provider's model id that was tried.</param>
/// <param name="Reason">Why it was left, e.g. "rate_limited", "timeout", "server_error", "circuit_open", "context_window".</param>
public sealed record LlmFallbackStep(string Model, string Reason);
