using System.Text.Json;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Billing.Domain;
using AgentPlatform.Modules.Billing.Infrastructure;
using AgentPlatform.Modules.Users.Contracts;

namespace AgentPlatform.Modules.Billing.Features.Accounts;

/// <summary>An administrator sets how far below zero an account's available balance may go (0: never); audited.</summary>
internal sealed record SetCreditLimit(Guid UserId, decimal CreditLimit) : ICommand<AccountDto>;

/// <summary>The body of the credit-limit endpoint.</summary>
internal sealed record CreditLimitRequest(decimal CreditLimit);

internal sealed class SetCreditLimitValidator : AbstractValidator<SetCreditLimit>
{
    public SetCreditLimitValidator() =>
        RuleFor(x => x.CreditLimit).Must(Money.IsValidNonNegative).WithMessage($"creditLimit is at least 0 and at most {Money.MaxAmount}, with at most {Money.Scale} decimals.");
}

internal sealed class SetCreditLimitHandler(BillingDbContext db, AccountLedger ledger, ICurrentUser currentUser, ISender sender, TimeProvider clock)
    : ICommandHandler<SetCreditLimit, AccountDto>
{
    public async ValueTask<AccountDto> Handle(SetCreditLimit command, CancellationToken cancellationToken)
    {
        var account = await ledger.InTransactionAsync(
            async () =>
            {
                var account = await ledger.LockAsync(command.UserId, cancellationToken);
                account.SetCreditLimit(command.CreditLimit, clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
                return new AccountDto(account.UserId, account.Balance, account.FrozenBalance, account.AvailableBalance, account.CreditLimit, account.Currency, account.PlanProductId);
            },
            cancellationToken);

        var payload = JsonSerializer.Serialize(new { creditLimit = command.CreditLimit });
        await sender.Send(new RecordAuditEntry(currentUser.IsAuthenticated ? currentUser.Id : null, "billing.credit_limit", "account", command.UserId.ToString(), payload, currentUser.IpAddress), cancellationToken);
        return account;
    }
}
