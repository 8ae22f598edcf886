using AgentPlatform.Modules.Billing.Contracts;
using AgentPlatform.Modules.Billing.Domain;
using AgentPlatform.Modules.Billing.Domain.Accounts;
using AgentPlatform.Modules.Billing.Domain.Usage;
using AgentPlatform.Modules.Billing.Features.Shared;
using AgentPlatform.Modules.Billing.Infrastructure;

namespace AgentPlatform.Modules.Billing.Features.ChargeUsage;

/// <summary>
/// Writes a usage record and its deduction atomically, idempotently by request id: a repeat (or a concurrent twin
/// that loses on the unique index) returns the first result. A paid charge on its own is one conditional statement
/// (<see cref="ChargeStatement"/>); inside a caller's transaction, or when an unpayable charge must still be recorded,
/// it goes through the locked account aggregate.
/// </summary>
internal sealed class UsageCharger(BillingDbContext db, AccountLedger ledger, TimeProvider clock)
{
    public const string RequestIdIndex = "ix_usage_records_request_id";

    // recordUnpaid: for work that already happened (an Llm usage event), an account that cannot cover it gets the usage
    // record as unpaid instead of a refusal, so the debt is visible and the event is not retried for ever.
    public async Task<ChargeResult> ChargeAsync(Guid userId, string requestId, string service, PricedUsage priced, string? description, bool recordUnpaid, CancellationToken cancellationToken)
    {
        if (!recordUnpaid && priced.Cost > 0 && ledger.OwnsTransaction)
        {
            return await ChargeInOneStatementAsync(userId, requestId, service, priced, description, cancellationToken);
        }

        if (await FindAsync(requestId, cancellationToken) is { } earlier)
        {
            return await RepeatAsync(earlier, userId, priced.Cost, cancellationToken);
        }

        var ownsTransaction = ledger.OwnsTransaction;
        try
        {
            return await ledger.InTransactionAsync(
                async () => await ChargeLockedAsync(await ledger.LockAsync(userId, cancellationToken), requestId, service, priced, description, recordUnpaid, cancellationToken),
                cancellationToken);
        }
        catch (DbUpdateException ex) when (ownsTransaction && AccountLedger.IsUniqueViolation(ex, RequestIdIndex))
        {
            ledger.Reset();
            var first = await FindAsync(requestId, cancellationToken) ?? throw new InvalidOperationException("The request id collided but its record cannot be read.", ex);
            return await RepeatAsync(first, userId, priced.Cost, cancellationToken);
        }
        catch (InsufficientFundsException) when (ownsTransaction)
        {
            ledger.Reset();
            var account = await db.Accounts.AsNoTracking().FirstAsync(a => a.UserId == userId, cancellationToken);
            return new ChargeResult(ChargeStatus.InsufficientFunds, null, priced.Cost, account.Balance, account.AvailableBalance, account.Currency);
        }
    }

    /// <summary>
    /// The common case (a new request id, an account that can pay) costs one round trip; a repeat, a missing account or
    /// insufficient funds is sorted out afterwards by reads, since the statement wrote nothing.
    /// </summary>
    private async Task<ChargeResult> ChargeInOneStatementAsync(Guid userId, string requestId, string service, PricedUsage priced, string? description, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            (decimal Balance, decimal Frozen, string Currency)? charged;
            var usageId = Guid.CreateVersion7();
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                charged = await ChargeStatement.TryAsync(db.Database.GetDbConnection(), usageId, userId, requestId, service, priced, description, clock.GetUtcNow(), cancellationToken);
            }
            catch (Npgsql.PostgresException ex) when (ChargeStatement.IsDuplicateRequest(ex))
            {
                charged = null;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }

            if (charged is { } after)
            {
                return new ChargeResult(ChargeStatus.Charged, usageId, priced.Cost, after.Balance, after.Balance - after.Frozen, after.Currency);
            }

            if (await FindAsync(requestId, cancellationToken) is { } earlier)
            {
                return await RepeatAsync(earlier, userId, priced.Cost, cancellationToken);
            }

            var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == userId, cancellationToken);
            if (account is not null)
            {
                return new ChargeResult(ChargeStatus.InsufficientFunds, null, priced.Cost, account.Balance, account.AvailableBalance, account.Currency);
            }

            if (attempt > 0)
            {
                throw new InvalidOperationException("The account was opened but the charge still finds none.");
            }

            await ledger.InTransactionAsync(() => ledger.LockAsync(userId, cancellationToken), cancellationToken);
        }
    }

    /// <summary>
    /// Charges an account the caller has locked in its open transaction, after it made sure the request id is not
    /// billed yet (the unique request id still refuses a twin when the transaction commits).
    /// </summary>
    public async Task<ChargeResult> ChargeLockedAsync(Account account, string requestId, string service, PricedUsage priced, string? description, bool recordUnpaid, CancellationToken cancellationToken)
    {
        var userId = account.UserId;
        var now = clock.GetUtcNow();
        var status = UsageStatus.Charged;
        LedgerEntry? entry = null;
        var record = UsageRecord.Create(userId, requestId, service, priced.Quantity, priced.Cost, status, priced.PricingRule, description, null, now);
        if (priced.Cost > 0)
        {
            try
            {
                entry = account.Post(TransactionType.Deduction, -priced.Cost, 0, new LedgerLink(UsageRecordId: record.Id), Describe(service, description), now);
            }
            catch (InsufficientFundsException) when (recordUnpaid)
            {
                status = UsageStatus.Unpaid;
                record = UsageRecord.Create(userId, requestId, service, priced.Quantity, priced.Cost, status, priced.PricingRule, description, null, now);
            }
        }

        db.UsageRecords.Add(record);
        if (entry is not null)
        {
            db.Transactions.Add(entry);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new ChargeResult(status == UsageStatus.Charged ? ChargeStatus.Charged : ChargeStatus.InsufficientFunds, record.Id, priced.Cost, account.Balance, account.AvailableBalance, account.Currency);
    }

    internal static string Describe(string service, string? description) => description is null ? service : $"{service}: {description}";

    private Task<UsageRecord?> FindAsync(string requestId, CancellationToken cancellationToken) =>
        db.UsageRecords.AsNoTracking().FirstOrDefaultAsync(r => r.RequestId == requestId, cancellationToken);

    private async Task<ChargeResult> RepeatAsync(UsageRecord earlier, Guid userId, decimal cost, CancellationToken cancellationToken)
    {
        if (earlier.UserId != userId || earlier.Cost != cost)
        {
            throw DomainException.Conflict("billing.request_id_conflict", "This request id was already charged with a different user or amount.");
        }

        var account = await db.Accounts.AsNoTracking().FirstAsync(a => a.UserId == userId, cancellationToken);
        var status = earlier.Status == UsageStatus.Charged ? ChargeStatus.AlreadyCharged : ChargeStatus.InsufficientFunds;
        return new ChargeResult(status, earlier.Id, earlier.Cost, account.Balance, account.AvailableBalance, account.Currency);
    }
}
