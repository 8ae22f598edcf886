namespace AgentPlatform.Modules.Llm.Domain.Gateway;

internal enum GatewayRequestStatus
{
    Succeeded,
    Failed,
}

/// <summary>
/// One finished gateway call, keyed by the caller's request id (per user): the idempotency record and the usage
/// record at once. It is written once, when the call ends, in the same transaction as its usage event; a repeated
/// request id with the same body gets the stored answer and is never counted twice.
/// </summary>
internal sealed class GatewayRequest
{
    private GatewayRequest()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public string RequestId { get; private set; } = "";

    /// <summary>SHA-256 of the request as received, to tell a retry from a different request.</summary>
    public string RequestHash { get; private set; } = "";

    public string Service { get; private set; } = "";

    public GatewayRequestStatus Status { get; private set; }

    public Guid? ModelId { get; private set; }

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public decimal Cost { get; private set; }

    public long LatencyMs { get; private set; }

    /// <summary>The answer as JSON, replayed to a retry.</summary>
    public string? Response { get; private set; }

    public string? Error { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset CompletedAt { get; private set; }

    public static GatewayRequest Record(
        Guid userId, string requestId, string requestHash, string service, Guid? modelId, long inputTokens, long outputTokens, decimal cost,
        long latencyMs, string? response, string? error, DateTimeOffset startedAt, DateTimeOffset completedAt) => new()
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            RequestId = requestId,
            RequestHash = requestHash,
            Service = service,
            Status = error is null ? GatewayRequestStatus.Succeeded : GatewayRequestStatus.Failed,
            ModelId = modelId,
            InputTokens = inputTokens,
            OutputTokens = outputTokens,
            Cost = cost,
            LatencyMs = latencyMs,
            Response = response,
            Error = error,
            CreatedAt = startedAt,
            CompletedAt = completedAt,
        };
}
