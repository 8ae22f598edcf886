using AgentPlatform.Modules.Agents.Contracts;

namespace AgentPlatform.Modules.Agents.Features.Runs;

internal sealed record RunSummary(
    string TraceId,
    Guid SessionId,
    Guid AgentId,
    DateTimeOffset ExecutionStartTime,
    DateTimeOffset? ExecutionEndTime,
    int? TotalExecutionTime,
    int TotalInputTokens,
    int TotalOutputTokens,
    int TotalTokens,
    int ToolCallCount,
    int TotalToolExecutionTime,
    decimal TotalCost,
    bool ExecutionSuccess,
    string? ErrorPhase,
    string? ErrorMessage);

internal sealed record RunStep(
    int SequenceNo,
    ExecutionStepType StepType,
    string? MessageContent,
    string? MessageType,
    string? ModelId,
    string? ProviderName,
    int? MessageTokens,
    int? ModelCallTime,
    string? ToolName,
    string? ToolRequestArgs,
    string? ToolResponseData,
    int? ToolExecutionTime,
    bool? ToolSuccess,
    bool IsFallbackUsed,
    string? FallbackReason,
    string? FallbackFromModel,
    string? FallbackToModel,
    decimal? StepCost,
    bool StepSuccess,
    string? StepErrorMessage,
    DateTimeOffset CreatedAt);

internal sealed record RunDetails(RunSummary Summary, IReadOnlyList<RunStep> Steps);

/// <summary>A page of an unbounded list; pass <c>nextCursor</c> back as <c>cursor</c> for the next page (null at the end).</summary>
internal sealed record CursorPage<T>(IReadOnlyList<T> Items, string? NextCursor);
