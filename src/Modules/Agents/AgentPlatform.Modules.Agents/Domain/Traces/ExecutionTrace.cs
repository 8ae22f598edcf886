using AgentPlatform.Modules.Agents.Contracts;

namespace AgentPlatform.Modules.Agents.Domain.Traces;

/// <summary>
/// The summary of one agent execution (seed 004 §4.5; seed 001 <c>runs</c> is the same concept).
/// Append-mostly and written with SQL upserts (idempotent per trace id); the entity serves the reads.
/// </summary>
internal sealed class ExecutionSummary
{
    public const int TraceIdMaxLength = 64;

    public Guid Id { get; private set; }

    public string TraceId { get; private set; } = "";

    public Guid UserId { get; private set; }

    public Guid SessionId { get; private set; }

    public Guid AgentId { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public int? TotalTimeMs { get; private set; }

    public int InputTokens { get; private set; }

    public int OutputTokens { get; private set; }

    public int TotalTokens { get; private set; }

    public int ToolCallCount { get; private set; }

    public int ToolTimeMs { get; private set; }

    public decimal TotalCost { get; private set; }

    public bool Success { get; private set; }

    public string? ErrorPhase { get; private set; }

    public string? ErrorMessage { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }
}

/// <summary>One step of an execution (seed 004 §4.6), unique per (trace id, sequence number); deleted after the retention period.</summary>
internal sealed class ExecutionDetail
{
    public Guid Id { get; private set; }

    public string TraceId { get; private set; } = "";

    public int SequenceNo { get; private set; }

    public ExecutionStepType StepType { get; private set; }

    public string? Content { get; private set; }

    public string? MessageType { get; private set; }

    public string? ModelId { get; private set; }

    public string? ProviderName { get; private set; }

    public int? Tokens { get; private set; }

    public int? ModelCallTimeMs { get; private set; }

    public string? ToolName { get; private set; }

    public string? ToolArguments { get; private set; }

    public string? ToolResponse { get; private set; }

    public int? ToolTimeMs { get; private set; }

    public bool? ToolSuccess { get; private set; }

    public bool FallbackUsed { get; private set; }

    public string? FallbackReason { get; private set; }

    public string? FallbackFromModel { get; private set; }

    public string? FallbackToModel { get; private set; }

    public decimal? StepCost { get; private set; }

    public bool StepSuccess { get; private set; }

    public string? StepError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
