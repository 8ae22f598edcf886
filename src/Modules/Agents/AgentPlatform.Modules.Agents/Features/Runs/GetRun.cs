using AgentPlatform.Modules.Agents.Domain.Traces;

namespace AgentPlatform.Modules.Agents.Features.Runs;

/// <summary>One of the user's runs with its steps in order.</summary>
internal sealed record GetRun(Guid UserId, string TraceId) : IQuery<RunDetails>;

internal sealed class GetRunHandler(AgentsDbContext db) : IQueryHandler<GetRun, RunDetails>
{
    public static RunSummary Project(ExecutionSummary r) => new(
        r.TraceId, r.SessionId, r.AgentId, r.StartedAt, r.EndedAt, r.TotalTimeMs, r.InputTokens, r.OutputTokens, r.TotalTokens,
        r.ToolCallCount, r.ToolTimeMs, r.TotalCost, r.Success, r.ErrorPhase, r.ErrorMessage);

    private static readonly Func<AgentsDbContext, Guid, string, CancellationToken, Task<RunSummary?>> FindSummary =
        EF.CompileAsyncQuery((AgentsDbContext db, Guid userId, string traceId, CancellationToken ct) =>
            db.ExecutionSummaries.AsNoTracking().Where(r => r.TraceId == traceId && r.UserId == userId).Select(r => Project(r)).FirstOrDefault());

    // Compiled: this is the hot read of traces, and a compiled query skips EF's per-call expression work.
    private static readonly Func<AgentsDbContext, string, IAsyncEnumerable<RunStep>> FindSteps =
        EF.CompileAsyncQuery((AgentsDbContext db, string traceId) =>
            db.ExecutionDetails.AsNoTracking().Where(d => d.TraceId == traceId).OrderBy(d => d.SequenceNo).Select(d => new RunStep(
                d.SequenceNo, d.StepType, d.Content, d.MessageType, d.ModelId, d.ProviderName, d.Tokens, d.ModelCallTimeMs, d.ToolName, d.ToolArguments,
                d.ToolResponse, d.ToolTimeMs, d.ToolSuccess, d.FallbackUsed, d.FallbackReason, d.FallbackFromModel, d.FallbackToModel, d.StepCost,
                d.StepSuccess, d.StepError, d.CreatedAt)));

    public async ValueTask<RunDetails> Handle(GetRun query, CancellationToken cancellationToken)
    {
        var summary = await FindSummary(db, query.UserId, query.TraceId, cancellationToken) ?? throw DomainException.NotFound("Run", query.TraceId);
        var steps = new List<RunStep>();
        await foreach (var step in FindSteps(db, query.TraceId).WithCancellation(cancellationToken))
        {
            steps.Add(step);
        }

        return new RunDetails(summary, steps);
    }
}
