using AgentPlatform.Modules.Billing.Contracts;
using AgentPlatform.Modules.Billing.Domain.Accounts;
using AgentPlatform.Modules.Billing.Domain.Usage;
using AgentPlatform.Modules.Billing.Features.ChargeUsage;
using AgentPlatform.Modules.Billing.Features.Shared;
using AgentPlatform.Modules.Billing.Infrastructure;

namespace AgentPlatform.Modules.Billing.Features.Reservations;

/// <summary>Settles and releases reservations under the account's lock; shared by the commands, the Llm usage consumer and the expiry job.</summary>
internal sealed class ReservationSettler(BillingDbContext db, AccountLedger ledger, TimeProvider clock)
{
    /// <summary>Charges <paramref name="priced"/> against the open reservation and releases the rest. Runs inside the caller's transaction.</summary>
    public async Task<ChargeResult> SettleLockedAsync(Account account, Reservation reservation, string service, PricedUsage priced, string? description, CancellationToken cancellationToken)
    {
        if (reservation.Status == ReservationState.Settled)
        {
            if (reservation.SettledAmount != priced.Cost)
            {
                throw DomainException.Conflict("billing.reservation_settled", $"The reservation was already settled at {reservation.SettledAmount}.");
            }

            var usageId = await db.UsageRecords.Where(r => r.ReservationId == reservation.Id).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);
            return new ChargeResult(ChargeStatus.AlreadyCharged, usageId, priced.Cost, account.Balance, account.AvailableBalance, account.Currency);
        }

        if (reservation.Status != ReservationState.Open)
        {
            throw DomainException.Conflict("billing.reservation_closed", $"The reservation is already {EnumTextOf(reservation.Status)}; nothing can be settled against it.");
        }

        var now = clock.GetUtcNow();
        if (await db.UsageRecords.AsNoTracking().FirstOrDefaultAsync(r => r.RequestId == reservation.RequestId, cancellationToken) is { } charged)
        {
            // The request was charged another way (ChargeUsage with the same id): only give the reservation back.
            Release(account, reservation, expired: false, now);
            await db.SaveChangesAsync(cancellationToken);
            return new ChargeResult(ChargeStatus.AlreadyCharged, charged.Id, charged.Cost, account.Balance, account.AvailableBalance, account.Currency);
        }

        var cost = priced.Cost;
        var record = UsageRecord.Create(account.UserId, reservation.RequestId, service, priced.Quantity, cost, UsageStatus.Charged, priced.PricingRule, description, reservation.Id, now);
        var fromReservation = Math.Min(cost, reservation.Amount);
        if (cost > 0)
        {
            db.Transactions.Add(account.Post(TransactionType.Deduction, -cost, -fromReservation, new LedgerLink(UsageRecordId: record.Id, ReservationId: reservation.Id),
                UsageCharger.Describe(service, description), now));
        }

        if (reservation.Amount > fromReservation)
        {
            db.Transactions.Add(account.Post(TransactionType.Release, 0, -(reservation.Amount - fromReservation), new LedgerLink(ReservationId: reservation.Id),
                "rest of the reservation released", now));
        }

        reservation.Settle(cost, now);
        db.UsageRecords.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return new ChargeResult(ChargeStatus.Charged, record.Id, cost, account.Balance, account.AvailableBalance, account.Currency);
    }

    /// <summary>Releases an open reservation in full; returns false when it was no longer open.</summary>
    public async Task<bool> ReleaseAsync(Guid userId, Guid reservationId, bool expired, CancellationToken cancellationToken) =>
        await ledger.InTransactionAsync(
            async () =>
            {
                var account = await ledger.FindLockedAsync(userId, cancellationToken) ?? throw DomainException.NotFound("Reservation", reservationId);
                var reservation = await db.Reservations.FirstOrDefaultAsync(r => r.Id == reservationId && r.UserId == userId, cancellationToken)
                    ?? throw DomainException.NotFound("Reservation", reservationId);
                var now = clock.GetUtcNow();
                if (reservation.Status != ReservationState.Open || (expired && reservation.ExpiresAt > now))
                {
                    return false;
                }

                Release(account, reservation, expired, now);
                await db.SaveChangesAsync(cancellationToken);
                return true;
            },
            cancellationToken);

    private void Release(Account account, Reservation reservation, bool expired, DateTimeOffset now)
    {
        db.Transactions.Add(account.Post(TransactionType.Release, 0, -reservation.Amount, new LedgerLink(ReservationId: reservation.Id),
            expired ? "reservation expired" : "reservation released", now));
        reservation.Release(expired, now);
    }

    private static string EnumTextOf(ReservationState state) => state.ToString().ToLowerInvariant();
}
