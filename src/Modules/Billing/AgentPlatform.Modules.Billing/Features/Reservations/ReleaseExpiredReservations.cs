using AgentPlatform.Modules.Billing.Domain.Usage;
using Quartz;

namespace AgentPlatform.Modules.Billing.Features.Reservations;

/// <summary>Releases reservations left open past their expiry, each in its own transaction under its account's lock.</summary>
internal sealed record ReleaseExpiredReservations(int Limit = 500) : ICommand<int>;

internal sealed class ReleaseExpiredReservationsHandler(BillingDbContext db, ReservationSettler settler, TimeProvider clock) : ICommandHandler<ReleaseExpiredReservations, int>
{
    public async ValueTask<int> Handle(ReleaseExpiredReservations command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await db.Reservations.AsNoTracking()
            .Where(r => r.Status == ReservationState.Open && r.ExpiresAt <= now)
            .OrderBy(r => r.ExpiresAt)
            .Select(r => new { r.Id, r.UserId })
            .Take(command.Limit)
            .ToListAsync(cancellationToken);
        var released = 0;
        foreach (var reservation in due)
        {
            if (await settler.ReleaseAsync(reservation.UserId, reservation.Id, expired: true, cancellationToken))
            {
                released++;
            }

            db.ChangeTracker.Clear();
        }

        return released;
    }
}

/// <summary>Every minute; any Host may run it, and a second run finds nothing left to do.</summary>
[DisallowConcurrentExecution]
internal sealed class ReleaseExpiredReservationsJob(ISender sender) : IJob
{
    public static readonly JobKey Key = new("release-expired-reservations", "billing");

    public const string Schedule = "0 * * * * ?";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await sender.Send(new ReleaseExpiredReservations(), cancellationToken);
}
