using AgentPlatform.Modules.Billing.Contracts;

namespace AgentPlatform.Modules.Billing.Features.Reservations;

internal sealed class ReleaseReservationValidator : AbstractValidator<ReleaseReservation>
{
    public ReleaseReservationValidator()
    {
        RuleFor(x => x.UserId).NotEmpty();
        RuleFor(x => x.ReservationId).NotEmpty();
    }
}

internal sealed class ReleaseReservationHandler(BillingDbContext db, ReservationSettler settler) : ICommandHandler<ReleaseReservation, ReservationResult>
{
    public async ValueTask<ReservationResult> Handle(ReleaseReservation command, CancellationToken cancellationToken)
    {
        await settler.ReleaseAsync(command.UserId, command.ReservationId, expired: false, cancellationToken);
        var reservation = await db.Reservations.AsNoTracking().FirstAsync(r => r.Id == command.ReservationId, cancellationToken);
        var account = await db.Accounts.AsNoTracking().FirstAsync(a => a.Id == reservation.AccountId, cancellationToken);
        return ReservationResults.Of(reservation, account);
    }
}
