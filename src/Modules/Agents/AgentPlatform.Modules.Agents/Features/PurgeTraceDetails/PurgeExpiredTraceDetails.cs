using Microsoft.Extensions.Options;
using Quartz;

namespace AgentPlatform.Modules.Agents.Features.PurgeTraceDetails;

/// <summary>
/// Deletes trace steps stored before the cutoff (default: now minus Agents:TraceRetentionDays), in batches so
/// that no single statement holds locks on millions of rows. Summaries stay: they are small and feed the statistics.
/// </summary>
internal sealed record PurgeExpiredTraceDetails(DateTimeOffset? Cutoff = null, int? BatchSize = null) : ICommand<int>;

internal sealed class PurgeExpiredTraceDetailsValidator : AbstractValidator<PurgeExpiredTraceDetails>
{
    public PurgeExpiredTraceDetailsValidator() => RuleFor(x => x.BatchSize).InclusiveBetween(1, 100_000);
}

internal sealed class PurgeExpiredTraceDetailsHandler(AgentsDbContext db, TimeProvider clock, IOptions<AgentsOptions> options)
    : ICommandHandler<PurgeExpiredTraceDetails, int>
{
    public async ValueTask<int> Handle(PurgeExpiredTraceDetails command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var cutoff = (command.Cutoff ?? clock.GetUtcNow().AddDays(-settings.TraceRetentionDays)).ToUniversalTime();
        var batch = command.BatchSize ?? settings.TraceRetentionBatchSize;
        var total = 0;
        while (true)
        {
            var deleted = await db.Database.ExecuteSqlAsync($"""
                DELETE FROM agents.agent_execution_details
                WHERE id IN (SELECT id FROM agents.agent_execution_details WHERE created_at < {cutoff} LIMIT {batch})
                """, cancellationToken);
            total += deleted;
            if (deleted < batch)
            {
                return total;
            }
        }
    }
}

/// <summary>Runs the purge nightly; any Host of the cluster may run it, and running it twice is harmless.</summary>
[DisallowConcurrentExecution]
internal sealed class PurgeExpiredTraceDetailsJob(ISender sender) : IJob
{
    public static readonly JobKey Key = new("purge-expired-trace-details", "agents");

    /// <summary>03:45 UTC every day (Quartz cron: seconds first).</summary>
    public const string Schedule = "0 45 3 * * ?";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await sender.Send(new PurgeExpiredTraceDetails(), cancellationToken);
}
