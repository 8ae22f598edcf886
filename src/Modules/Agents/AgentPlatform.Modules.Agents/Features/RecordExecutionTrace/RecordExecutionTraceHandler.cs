using AgentPlatform.Modules.Agents.Contracts;
using AgentPlatform.Modules.Agents.Domain.Traces;
using AgentPlatform.Modules.Agents.Infrastructure;

namespace AgentPlatform.Modules.Agents.Features.RecordExecutionTrace;

internal sealed class RecordExecutionTraceValidator : AbstractValidator<Contracts.RecordExecutionTrace>
{
    public const int MaxStepsPerCall = 1000;
    public const int TextMaxLength = 1_000_000;

    public RecordExecutionTraceValidator()
    {
        RuleFor(x => x.Summary).NotNull();
        RuleFor(x => x.Summary.TraceId).NotEmpty().MaximumLength(ExecutionSummary.TraceIdMaxLength).Matches("^[A-Za-z0-9._:\\-]+$")
            .WithMessage("A trace id is 1 to 64 letters, digits, '.', '_', ':' or '-'.").When(x => x.Summary is not null);
        When(x => x.Summary is not null, () =>
        {
            RuleFor(x => x.Summary.UserId).NotEqual(Guid.Empty);
            RuleFor(x => x.Summary.SessionId).NotEqual(Guid.Empty);
            RuleFor(x => x.Summary.AgentId).NotEqual(Guid.Empty);
            RuleFor(x => x.Summary.EndedAt).GreaterThanOrEqualTo(x => x.Summary.StartedAt).When(x => x.Summary.EndedAt is not null);
            RuleFor(x => x.Summary.TotalTimeMs).GreaterThanOrEqualTo(0);
            RuleFor(x => x.Summary.InputTokens).GreaterThanOrEqualTo(0);
            RuleFor(x => x.Summary.OutputTokens).GreaterThanOrEqualTo(0);
            RuleFor(x => x.Summary.TotalTokens).GreaterThanOrEqualTo(0);
            RuleFor(x => x.Summary.ToolCallCount).GreaterThanOrEqualTo(0);
            RuleFor(x => x.Summary.ToolTimeMs).GreaterThanOrEqualTo(0);
            RuleFor(x => x.Summary.TotalCost).InclusiveBetween(0m, 999_999_999_999m);
            RuleFor(x => x.Summary.ErrorPhase).MaximumLength(64);
            RuleFor(x => x.Summary.ErrorMessage).MaximumLength(TextMaxLength);
        });
        RuleFor(x => x.Steps).NotNull().Must(s => s is null || s.Count <= MaxStepsPerCall).WithMessage($"At most {MaxStepsPerCall} steps per call.")
            .Must(s => s is null || s.Select(x => x?.SequenceNo).Distinct().Count() == s.Count).WithMessage("Sequence numbers are unique within a call.");
        RuleForEach(x => x.Steps).NotNull().ChildRules(step =>
        {
            step.RuleFor(s => s.SequenceNo).GreaterThanOrEqualTo(1);
            step.RuleFor(s => s.StepType).IsInEnum();
            step.RuleFor(s => s.MessageType).MaximumLength(32);
            step.RuleFor(s => s.ModelId).MaximumLength(128);
            step.RuleFor(s => s.ProviderName).MaximumLength(64);
            step.RuleFor(s => s.ToolName).MaximumLength(128);
            step.RuleFor(s => s.FallbackFromModel).MaximumLength(128);
            step.RuleFor(s => s.FallbackToModel).MaximumLength(128);
            step.RuleFor(s => s.Tokens).GreaterThanOrEqualTo(0);
            step.RuleFor(s => s.ModelCallTimeMs).GreaterThanOrEqualTo(0);
            step.RuleFor(s => s.ToolTimeMs).GreaterThanOrEqualTo(0);
            step.RuleFor(s => s.StepCost).InclusiveBetween(0m, 999_999_999_999m);
            step.RuleFor(s => s.Content).MaximumLength(TextMaxLength);
            step.RuleFor(s => s.ToolArguments).MaximumLength(TextMaxLength);
            step.RuleFor(s => s.ToolResponse).MaximumLength(TextMaxLength);
        });
    }
}

/// <summary>
/// Writes a trace in one transaction: the summary as an upsert (last report wins, only for the same user and
/// agent), the steps as one multi-row insert that skips sequence numbers already stored.
/// </summary>
internal sealed class RecordExecutionTraceHandler(AgentsDbContext db, TimeProvider clock) : ICommandHandler<Contracts.RecordExecutionTrace, RecordExecutionTraceResult>
{
    public async ValueTask<RecordExecutionTraceResult> Handle(Contracts.RecordExecutionTrace command, CancellationToken cancellationToken)
    {
        // Npgsql writes timestamptz only from UTC offsets; callers may pass any offset.
        var s = command.Summary with { StartedAt = command.Summary.StartedAt.ToUniversalTime(), EndedAt = command.Summary.EndedAt?.ToUniversalTime() };
        var now = clock.GetUtcNow();
        var steps = command.Steps.OrderBy(x => x.SequenceNo).ToArray();
        var errorMessage = SecretRedactor.Redact(s.ErrorMessage);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var owned = await db.Database.SqlQuery<Guid>($"""
            INSERT INTO agents.agent_execution_summary AS s (id, trace_id, user_id, session_id, agent_id, execution_start_time, execution_end_time,
                total_execution_time, total_input_tokens, total_output_tokens, total_tokens, tool_call_count, total_tool_execution_time,
                total_cost, execution_success, error_phase, error_message, created_at, updated_at)
            VALUES ({Guid.CreateVersion7()}, {s.TraceId}, {s.UserId}, {s.SessionId}, {s.AgentId}, {s.StartedAt}, {s.EndedAt},
                {s.TotalTimeMs}, {s.InputTokens}, {s.OutputTokens}, {s.TotalTokens}, {s.ToolCallCount}, {s.ToolTimeMs},
                {s.TotalCost}, {s.Success}, {s.ErrorPhase}, {errorMessage}, {now}, {now})
            ON CONFLICT (trace_id) DO UPDATE SET
                execution_start_time = EXCLUDED.execution_start_time, execution_end_time = EXCLUDED.execution_end_time,
                total_execution_time = EXCLUDED.total_execution_time, total_input_tokens = EXCLUDED.total_input_tokens,
                total_output_tokens = EXCLUDED.total_output_tokens, total_tokens = EXCLUDED.total_tokens,
                tool_call_count = EXCLUDED.tool_call_count, total_tool_execution_time = EXCLUDED.total_tool_execution_time,
                total_cost = EXCLUDED.total_cost, execution_success = EXCLUDED.execution_success,
                error_phase = EXCLUDED.error_phase, error_message = EXCLUDED.error_message, updated_at = EXCLUDED.updated_at
            WHERE s.user_id = EXCLUDED.user_id AND s.agent_id = EXCLUDED.agent_id AND s.session_id = EXCLUDED.session_id
            RETURNING s.id AS "Value"
            """).ToListAsync(cancellationToken);
        if (owned.Count == 0)
        {
            throw DomainException.Conflict("agents.trace_id_taken", $"Trace '{s.TraceId}' was recorded for another user, session or agent.");
        }

        var written = steps.Length == 0 ? 0 : await InsertStepsAsync(s.TraceId, steps, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RecordExecutionTraceResult(written, steps.Length - written);
    }

    private Task<int> InsertStepsAsync(string traceId, ExecutionTraceStep[] steps, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = steps.Select(_ => Guid.CreateVersion7()).ToArray();
        var sequence = steps.Select(x => x.SequenceNo).ToArray();
        var types = steps.Select(x => TraceColumns.StepType(x.StepType)).ToArray();
        var content = steps.Select(x => SecretRedactor.Redact(x.Content)).ToArray();
        var messageTypes = steps.Select(x => x.MessageType).ToArray();
        var models = steps.Select(x => x.ModelId).ToArray();
        var providers = steps.Select(x => x.ProviderName).ToArray();
        var tokens = steps.Select(x => x.Tokens).ToArray();
        var modelTimes = steps.Select(x => x.ModelCallTimeMs).ToArray();
        var tools = steps.Select(x => x.ToolName).ToArray();
        var arguments = steps.Select(x => SecretRedactor.Redact(x.ToolArguments)).ToArray();
        var responses = steps.Select(x => SecretRedactor.Redact(x.ToolResponse)).ToArray();
        var toolTimes = steps.Select(x => x.ToolTimeMs).ToArray();
        var toolSuccess = steps.Select(x => x.ToolSuccess).ToArray();
        var fallback = steps.Select(x => x.FallbackUsed).ToArray();
        var fallbackReasons = steps.Select(x => SecretRedactor.Redact(x.FallbackReason)).ToArray();
        var fallbackFrom = steps.Select(x => x.FallbackFromModel).ToArray();
        var fallbackTo = steps.Select(x => x.FallbackToModel).ToArray();
        var costs = steps.Select(x => x.StepCost).ToArray();
        var success = steps.Select(x => x.StepSuccess).ToArray();
        var errors = steps.Select(x => SecretRedactor.Redact(x.StepError)).ToArray();

        // One statement for every step; ON CONFLICT makes a replayed step a no-op, so retries are safe.
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO agents.agent_execution_details (id, trace_id, sequence_no, step_type, message_content, message_type, model_id,
                provider_name, message_tokens, model_call_time, tool_name, tool_request_args, tool_response_data, tool_execution_time,
                tool_success, is_fallback_used, fallback_reason, fallback_from_model, fallback_to_model, step_cost, step_success,
                step_error_message, created_at)
            SELECT u.id, {traceId}, u.seq, u.step_type, u.content, u.message_type, u.model_id, u.provider, u.tokens, u.model_time, u.tool,
                u.args, u.response, u.tool_time, u.tool_success, u.fallback, u.reason, u.from_model, u.to_model, u.cost, u.success, u.error, {now}
            FROM unnest({ids}::uuid[], {sequence}::integer[], {types}::text[], {content}::text[], {messageTypes}::text[], {models}::text[],
                {providers}::text[], {tokens}::integer[], {modelTimes}::integer[], {tools}::text[], {arguments}::text[], {responses}::text[],
                {toolTimes}::integer[], {toolSuccess}::boolean[], {fallback}::boolean[], {fallbackReasons}::text[], {fallbackFrom}::text[],
                {fallbackTo}::text[], {costs}::numeric[], {success}::boolean[], {errors}::text[])
                AS u(id, seq, step_type, content, message_type, model_id, provider, tokens, model_time, tool, args, response, tool_time,
                     tool_success, fallback, reason, from_model, to_model, cost, success, error)
            ON CONFLICT (trace_id, sequence_no) DO NOTHING
            """, cancellationToken);
    }
}
