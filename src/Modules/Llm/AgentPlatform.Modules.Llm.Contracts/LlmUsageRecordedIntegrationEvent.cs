using AgentPlatform.BuildingBlocks.Contracts;

namespace AgentPlatform.Modules.Llm.Contracts;

/// <summary>
/// One model gateway call finished (successfully or not). Published once per request id through the Llm
/// outbox; Billing charges from it, idempotently by <see cref="RequestId"/>.
/// </summary>
public sealed record LlmUsageRecordedIntegrationEvent : IIntegrationEvent
{
    /// <inheritdoc />
    public required Guid EventId { get; init; }

    /// <inheritdoc />
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The caller's request id: the idempotency key of the call and of its charge.</summary>
    public required string RequestId { get; init; }

    /// <summary>The user the call was made for.</summary>
    public required Guid UserId { get; init; }

    /// <summary>What the call served: "chat", "embedding", or a caller-given service name such as "conversation".</summary>
    public required string Service { get; init; }

    /// <summary>The platform model that finally answered (or the last one tried when the call failed).</summary>
    public required Guid ModelId { get; init; }

    /// <summary>The provider's model id, e.g. "gpt-4o-mini".</summary>
    public required string ModelName { get; init; }

    /// <summary>The provider of <see cref="ModelId"/>.</summary>
    public required Guid ProviderId { get; init; }

    /// <summary>The provider type, e.g. "openai-compatible".</summary>
    public required string ProviderType { get; init; }

    /// <summary>Input (prompt) tokens counted for the call.</summary>
    public required long InputTokens { get; init; }

    /// <summary>Output (completion) tokens counted for the call.</summary>
    public required long OutputTokens { get; init; }

    /// <summary>The model's input price per 1,000 tokens at the time of the call.</summary>
    public required decimal InputPricePer1K { get; init; }

    /// <summary>The model's output price per 1,000 tokens at the time of the call.</summary>
    public required decimal OutputPricePer1K { get; init; }

    /// <summary>Cost at the model's prices (tokens / 1000 x price), exact, before any markup Billing applies.</summary>
    public required decimal Cost { get; init; }

    /// <summary>Currency of the prices, e.g. "USD".</summary>
    public required string Currency { get; init; }

    /// <summary>Wall time of the call in milliseconds, fallbacks and retries included.</summary>
    public required long LatencyMs { get; init; }

    /// <summary>Whether a model answered.</summary>
    public required bool Success { get; init; }

    /// <summary>Why the call failed, when it did.</summary>
    public string? Error { get; init; }

    /// <summary>Whether a model other than the requested one answered.</summary>
    public required bool FallbackUsed { get; init; }

    /// <summary>The models tried in order, as provider model ids, with the reason each was left.</summary>
    public IReadOnlyList<string> FallbackPath { get; init; } = [];
}
