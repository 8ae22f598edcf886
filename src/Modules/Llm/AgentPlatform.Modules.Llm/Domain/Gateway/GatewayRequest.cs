namespace AgentPlatform.Modules.Llm.Domain.Gateway;

internal enum GatewayRequestStatus
{
    InProgress,
    Succeeded,
    Failed,
}

/// <summary>
/// One gateway call, keyed by the caller's request id (per user): the idempotency record and the usage
/// record at once. A repeated request id with the same body gets the stored answer and is never counted
/// twice; the usage event is published in the same transaction that completes this row.
/// </summary>
internal sealed class GatewayRequest
{
    private GatewayRequest()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public string RequestId { get; private set; } = "";

    /// <summary>SHA-256 of the request body as received, to tell a retry from a different request.</summary>
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

    public DateTimeOffset? CompletedAt { get; private set; }

    public static GatewayRequest Start(Guid userId, string requestId, string requestHash, string service, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        UserId = userId,
        RequestId = requestId,
        RequestHash = requestHash,
        Service = service,
        Status = GatewayRequestStatus.InProgress,
        CreatedAt = now,
    };

    public void Complete(Guid? modelId, long inputTokens, long outputTokens, decimal cost, long latencyMs, string? response, string? error, DateTimeOffset now)
    {
        Status = error is null ? GatewayRequestStatus.Succeeded : GatewayRequestStatus.Failed;
        ModelId = modelId;
        InputTokens = inputTokens;
        OutputTokens = outputTokens;
        Cost = cost;
        LatencyMs = latencyMs;
        Response = response;
        Error = error;
        CompletedAt = now;
    }
}
