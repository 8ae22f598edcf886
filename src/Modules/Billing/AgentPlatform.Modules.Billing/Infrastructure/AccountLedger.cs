using AgentPlatform.Modules.Billing.Domain.Accounts;
using AgentPlatform.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AgentPlatform.Modules.Billing.Infrastructure;

/// <summary>
/// The one way money moves: inside a transaction, the owner's account row is locked (SELECT ... FOR UPDATE) before
/// anything that depends on its balance is read, so operations on one account run one after another while other
/// accounts proceed in parallel. Accounts open lazily here, without duplicates under concurrency
/// (INSERT ... ON CONFLICT DO NOTHING on the unique user id).
/// </summary>
internal sealed class AccountLedger(BillingDbContext db, ISender sender, IOptions<BillingOptions> options, TimeProvider clock)
{
    /// <summary>Opens the user's account if none exists; true when this call opened it.</summary>
    public async Task<bool> OpenAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO billing.accounts (id, user_id, currency, balance, frozen_balance, credit_limit, version, created_at, updated_at)
            VALUES ({Guid.CreateVersion7()}, {userId}, {options.Value.Currency}, 0, 0, 0, 0, {now}, {now})
            ON CONFLICT (user_id) DO NOTHING
            """,
            cancellationToken);
        return rows > 0;
    }

    /// <summary>
    /// Locks the user's account for the current transaction, opening it first when the user exists but has none.
    /// Throws not found for an unknown user.
    /// </summary>
    public async Task<Account> LockAsync(Guid userId, CancellationToken cancellationToken)
    {
        var account = await FindLockedAsync(userId, cancellationToken);
        if (account is not null)
        {
            return account;
        }

        if (await sender.Send(new GetUserSummary(userId), cancellationToken) is null)
        {
            throw DomainException.NotFound("User", userId);
        }

        await OpenAsync(userId, cancellationToken);
        return await FindLockedAsync(userId, cancellationToken) ?? throw new InvalidOperationException("The account was opened but cannot be read.");
    }

    public Task<Account?> FindLockedAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Accounts.FromSql($"SELECT * FROM billing.accounts WHERE user_id = {userId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and commits it; joins the caller's transaction when there is one
    /// (an integration-event consumer's), which then commits or rolls back everything together.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await work();
        }

        await using IDbContextTransaction transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await work();
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>True when the transaction is this service's own (so a failure can be recovered from by a fresh read).</summary>
    public bool OwnsTransaction => db.Database.CurrentTransaction is null;

    /// <summary>Forgets what a failed attempt left in the change tracker, before a fresh read.</summary>
    public void Reset() => db.ChangeTracker.Clear();

    public static bool IsUniqueViolation(DbUpdateException exception, string constraint) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
        && string.Equals(pg.ConstraintName, constraint, StringComparison.Ordinal);
}
