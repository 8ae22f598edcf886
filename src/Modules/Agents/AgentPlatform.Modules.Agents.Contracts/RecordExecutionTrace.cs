using Mediator;

namespace AgentPlatform.Modules.Agents.Contracts;

/// <summary>
/// Stores the trace of one agent execution (seed 004 §4.5-4.6): its summary and any of its steps. May be sent
/// several times for one trace (steps as they happen, the summary's totals at the end): the summary is the
/// last one reported, and each step is written once per (trace id, sequence number), so a retried call
/// changes nothing. Secrets and API keys in text fields are redacted before anything is stored. A trace id
/// already recorded for another user or agent is refused.
/// </summary>
/// <param name="Summary">The execution's summary.</param>
/// <param name="Steps">Steps of the execution, any order; their sequence numbers order them.</param>
public sealed record RecordExecutionTrace(ExecutionTraceSummary Summary, IReadOnlyList<ExecutionTraceStep> Steps) : ICommand<RecordExecutionTraceResult>;

/// <summary>What a trace write did.</summary>
/// <param name="StepsWritten">Steps stored by this call (steps already stored are skipped).</param>
/// <param name="StepsSkipped">Steps whose sequence number was already stored for the trace.</param>
public sealed record RecordExecutionTraceResult(int StepsWritten, int StepsSkipped);

/// <summary>The summary of one execution.</summary>
/// <param name="TraceId">Unique id of the execution, at most 64 characters.</param>
/// <param name="UserId">The user the agent ran for.</param>
/// <param name="SessionId">The conversation session.</param>
/// <param name="AgentId">The agent that ran.</param>
/// <param name="StartedAt">When the execution started.</param>
/// <param name="EndedAt">When it ended; null while running.</param>
/// <param name="TotalTimeMs">Wall time in milliseconds.</param>
/// <param name="InputTokens">Input tokens of every model call.</param>
/// <param name="OutputTokens">Output tokens of every model call.</param>
/// <param name="TotalTokens">Input plus output tokens.</param>
/// <param name="ToolCallCount">How many tools were called.</param>
/// <param name="ToolTimeMs">Time spent in tools, in milliseconds.</param>
/// <param name="TotalCost">The execution's cost, exact.</param>
/// <param name="Success">Whether the execution succeeded.</param>
/// <param name="ErrorPhase">Where it failed ("model_call", "tool_call"...), if it did.</param>
/// <param name="ErrorMessage">Why it failed, if it did.</param>
public sealed record ExecutionTraceSummary(
    string TraceId,
    Guid UserId,
    Guid SessionId,
    Guid AgentId,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    int? TotalTimeMs,
    int InputTokens,
    int OutputTokens,
    int TotalTokens,
    int ToolCallCount,
    int ToolTimeMs,
    decimal TotalCost,
    bool Success,
    string? ErrorPhase = null,
    string? ErrorMessage = null);

/// <summary>The kind of a step.</summary>
public enum ExecutionStepType
{
    /// <summary>The user's message.</summary>
    UserMessage,

    /// <summary>An answer of the model.</summary>
    AiResponse,

    /// <summary>A tool call and its result.</summary>
    ToolCall,
}

/// <summary>One step of an execution.</summary>
/// <param name="SequenceNo">The step's position in the execution, from 1; unique per trace.</param>
/// <param name="StepType">What the step is.</param>
/// <param name="Content">The message text, if any.</param>
/// <param name="MessageType">The message's type ("text", "image"...), if any.</param>
/// <param name="ModelId">The provider's model id used, if any.</param>
/// <param name="ProviderName">The provider, if any.</param>
/// <param name="Tokens">The step's tokens.</param>
/// <param name="ModelCallTimeMs">Model call time in milliseconds.</param>
/// <param name="ToolName">The tool called, for a tool call.</param>
/// <param name="ToolArguments">The tool's arguments (usually JSON).</param>
/// <param name="ToolResponse">The tool's answer (usually JSON).</param>
/// <param name="ToolTimeMs">Tool time in milliseconds.</param>
/// <param name="ToolSuccess">Whether the tool call succeeded.</param>
/// <param name="FallbackUsed">Whether the model fell back to another one.</param>
/// <param name="FallbackReason">Why it fell back.</param>
/// <param name="FallbackFromModel">The model that failed.</param>
/// <param name="FallbackToModel">The model that answered instead.</param>
/// <param name="StepCost">The step's cost, exact.</param>
/// <param name="StepSuccess">Whether the step succeeded.</param>
/// <param name="StepError">Why it failed, if it did.</param>
public sealed record ExecutionTraceStep(
    int SequenceNo,
    ExecutionStepType StepType,
    string? Content = null,
    string? MessageType = null,
    string? ModelId = null,
    string? ProviderName = null,
    int? Tokens = null,
    int? ModelCallTimeMs = null,
    string? ToolName = null,
    string? ToolArguments = null,
    string? ToolResponse = null,
    int? ToolTimeMs = null,
    bool? ToolSuccess = null,
    bool FallbackUsed = false,
    string? FallbackReason = null,
    string? FallbackFromModel = null,
    string? FallbackToModel = null,
    decimal? StepCost = null,
    bool StepSuccess = true,
    string? StepError = null);
