using AgentPlatform.Modules.Billing.Domain.Orders;
using Quartz;

namespace AgentPlatform.Modules.Billing.Features.Orders;

/// <summary>Expires pending orders past their payment window, each under its owner's lock (a payment racing the job wins or loses cleanly).</summary>
internal sealed record ExpireOrders(int Limit = 500) : ICommand<int>;

internal sealed class ExpireOrdersHandler(BillingDbContext db, OrderPayments payments, TimeProvider clock) : ICommandHandler<ExpireOrders, int>
{
    public async ValueTask<int> Handle(ExpireOrders command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await db.Orders.AsNoTracking()
            .Where(o => o.Status == OrderStatus.Pending && o.ExpiresAt <= now)
            .OrderBy(o => o.ExpiresAt)
            .Select(o => o.Id)
            .Take(command.Limit)
            .ToListAsync(cancellationToken);
        var expired = 0;
        foreach (var id in due)
        {
            if (await payments.ExpireAsync(id, cancellationToken))
            {
                expired++;
            }

            db.ChangeTracker.Clear();
        }

        // Quota counters older than yesterday count nothing any more.
        await db.UsageCounters.Where(c => c.WindowStart < now.AddDays(-2)).ExecuteDeleteAsync(cancellationToken);
        return expired;
    }
}

/// <summary>Every minute; any Host may run it, and a second run finds nothing left to do.</summary>
[DisallowConcurrentExecution]
internal sealed class ExpireOrdersJob(ISender sender) : IJob
{
    public static readonly JobKey Key = new("expire-unpaid-orders", "billing");

    public const string Schedule = "30 * * * * ?";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await sender.Send(new ExpireOrders(), cancellationToken);
}
