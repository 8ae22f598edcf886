using AgentPlatform.Modules.Billing.Infrastructure;
using AgentPlatform.Modules.Users.Contracts;

namespace AgentPlatform.Modules.Billing.Features.Accounts;

/// <summary>The account as the API shows it.</summary>
internal sealed record AccountDto(Guid UserId, decimal Balance, decimal FrozenBalance, decimal AvailableBalance, decimal CreditLimit, string Currency, Guid? PlanProductId);

/// <summary>A user's account, opened on the spot when the user exists but has none yet (the registration event may still be on its way).</summary>
internal sealed record GetAccount(Guid UserId) : IQuery<AccountDto>;

internal sealed class GetAccountHandler(BillingDbContext db, AccountLedger ledger, ISender sender) : IQueryHandler<GetAccount, AccountDto>
{
    public async ValueTask<AccountDto> Handle(GetAccount query, CancellationToken cancellationToken)
    {
        var account = await FindAsync(query.UserId, cancellationToken);
        if (account is null)
        {
            if (await sender.Send(new GetUserSummary(query.UserId), cancellationToken) is null)
            {
                throw DomainException.NotFound("Account", query.UserId);
            }

            await ledger.OpenAsync(query.UserId, cancellationToken);
            account = await FindAsync(query.UserId, cancellationToken);
        }

        return account!;
    }

    private Task<AccountDto?> FindAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Accounts.AsNoTracking().Where(a => a.UserId == userId)
            .Select(a => new AccountDto(a.UserId, a.Balance, a.FrozenBalance, a.Balance - a.FrozenBalance, a.CreditLimit, a.Currency, a.PlanProductId))
            .FirstOrDefaultAsync(cancellationToken);
}
