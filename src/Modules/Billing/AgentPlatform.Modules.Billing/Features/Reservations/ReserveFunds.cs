using AgentPlatform.Modules.Billing.Contracts;
using AgentPlatform.Modules.Billing.Domain;
using AgentPlatform.Modules.Billing.Domain.Accounts;
using AgentPlatform.Modules.Billing.Domain.Usage;
using AgentPlatform.Modules.Billing.Features.Shared;
using AgentPlatform.Modules.Billing.Infrastructure;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Modules.Billing.Features.Reservations;

internal sealed class ReserveFundsValidator : AbstractValidator<ReserveFunds>
{
    public ReserveFundsValidator()
    {
        RuleFor(x => x.RequestId).ValidRequestId();
        RuleFor(x => x.UserId).NotEmpty();
        RuleFor(x => x.Amount).PositiveMoney();
        RuleFor(x => x.Lifetime).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromHours(24)).When(x => x.Lifetime is not null);
    }
}

internal sealed class ReserveFundsHandler(BillingDbContext db, AccountLedger ledger, IOptions<BillingOptions> options, TimeProvider clock)
    : ICommandHandler<ReserveFunds, ReservationResult>
{
    private const string RequestIdIndex = "ix_reservations_request_id";

    public async ValueTask<ReservationResult> Handle(ReserveFunds command, CancellationToken cancellationToken)
    {
        if (await FindAsync(command.RequestId, cancellationToken) is { } earlier)
        {
            return await RepeatAsync(earlier, command, cancellationToken);
        }

        try
        {
            return await ledger.InTransactionAsync(
                async () =>
                {
                    var account = await ledger.LockAsync(command.UserId, cancellationToken);
                    var now = clock.GetUtcNow();
                    var reservation = Reservation.Open(account.Id, command.UserId, command.RequestId, command.Amount, now + (command.Lifetime ?? options.Value.ReservationLifetime), now);
                    var entry = account.Post(TransactionType.Reservation, 0, command.Amount, new LedgerLink(ReservationId: reservation.Id), $"reserved for {command.RequestId}", now);
                    db.Reservations.Add(reservation);
                    db.Transactions.Add(entry);
                    await db.SaveChangesAsync(cancellationToken);
                    return ReservationResults.Of(reservation, account);
                },
                cancellationToken);
        }
        catch (InsufficientFundsException)
        {
            ledger.Reset();
            var account = await db.Accounts.AsNoTracking().FirstAsync(a => a.UserId == command.UserId, cancellationToken);
            return new ReservationResult(ReservationStatus.InsufficientFunds, null, command.Amount, null, account.AvailableBalance);
        }
        catch (DbUpdateException ex) when (AccountLedger.IsUniqueViolation(ex, RequestIdIndex))
        {
            ledger.Reset();
            return await RepeatAsync((await FindAsync(command.RequestId, cancellationToken))!, command, cancellationToken);
        }
    }

    private Task<Reservation?> FindAsync(string requestId, CancellationToken cancellationToken) =>
        db.Reservations.AsNoTracking().FirstOrDefaultAsync(r => r.RequestId == requestId, cancellationToken);

    private async Task<ReservationResult> RepeatAsync(Reservation earlier, ReserveFunds command, CancellationToken cancellationToken)
    {
        if (earlier.UserId != command.UserId || earlier.Amount != command.Amount)
        {
            throw DomainException.Conflict("billing.request_id_conflict", "This request id already has a reservation of a different user or amount.");
        }

        var account = await db.Accounts.AsNoTracking().FirstAsync(a => a.Id == earlier.AccountId, cancellationToken);
        return ReservationResults.Of(earlier, account);
    }
}

internal static class ReservationResults
{
    public static ReservationResult Of(Reservation reservation, Account account) =>
        new(Map(reservation.Status), reservation.Id, reservation.Amount, reservation.ExpiresAt, account.AvailableBalance);

    public static ReservationStatus Map(ReservationState state) => state switch
    {
        ReservationState.Open => ReservationStatus.Open,
        ReservationState.Settled => ReservationStatus.Settled,
        ReservationState.Released => ReservationStatus.Released,
        _ => ReservationStatus.Expired,
    };
}
