using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace AgentPlatform.BuildingBlocks.Messaging;

/// <summary>
/// Runs every module's outbox dispatcher until nothing is due (bounded per run), and stops between batches when the
/// Host shuts down: what is left is delivered by the next run, on this Host or another.
/// </summary>
[DisallowConcurrentExecution]
public sealed class OutboxDispatchJob(IServiceScopeFactory scopes) : IJob
{
    public static readonly JobKey Key = new("outbox-dispatch", "platform");

    private const int MaxBatchesPerRun = 20;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var dispatcher in scope.ServiceProvider.GetServices<IOutboxDispatcher>())
        {
            for (var i = 0; i < MaxBatchesPerRun && !cancellationToken.IsCancellationRequested; i++)
            {
                if (await dispatcher.DispatchBatchAsync(cancellationToken) == 0)
                {
                    break;
                }
            }
        }
    }
}
