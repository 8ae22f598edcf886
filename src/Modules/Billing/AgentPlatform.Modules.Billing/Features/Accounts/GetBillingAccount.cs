using AgentPlatform.Modules.Billing.Contracts;

namespace AgentPlatform.Modules.Billing.Features.Accounts;

internal sealed class GetBillingAccountHandler(BillingDbContext db) : IQueryHandler<GetBillingAccount, BillingAccountSnapshot?>
{
    public async ValueTask<BillingAccountSnapshot?> Handle(GetBillingAccount query, CancellationToken cancellationToken) =>
        await db.Accounts.AsNoTracking().Where(a => a.UserId == query.UserId)
            .Select(a => new BillingAccountSnapshot(a.UserId, a.Balance, a.FrozenBalance, a.Balance - a.FrozenBalance, a.CreditLimit, a.Currency))
            .FirstOrDefaultAsync(cancellationToken);
}
