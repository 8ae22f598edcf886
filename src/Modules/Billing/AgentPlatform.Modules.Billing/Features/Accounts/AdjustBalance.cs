using System.Text.Json;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Billing.Domain;
using AgentPlatform.Modules.Billing.Domain.Accounts;
using AgentPlatform.Modules.Billing.Infrastructure;
using AgentPlatform.Modules.Users.Contracts;

namespace AgentPlatform.Modules.Billing.Features.Accounts;

/// <summary>An administrator's correction of a balance (positive credits, negative debits), with a reason; audited.</summary>
internal sealed record AdjustBalance(Guid UserId, decimal Amount, string? Reason) : ICommand<AdjustmentResult>;

internal sealed record AdjustmentResult(Guid TransactionId, decimal Amount, decimal BalanceBefore, decimal BalanceAfter, AccountDto Account);

/// <summary>The body of the adjustment endpoint.</summary>
internal sealed record AdjustmentRequest(decimal Amount, string? Reason);

internal sealed class AdjustBalanceValidator : AbstractValidator<AdjustBalance>
{
    public AdjustBalanceValidator()
    {
        RuleFor(x => x.Amount).Must(a => a != 0 && Money.IsValidPositive(Math.Abs(a)))
            .WithMessage($"The amount is not 0, at most {Money.MaxAmount} either way, with at most {Money.Scale} decimals.");
        RuleFor(x => x.Reason).NotEmpty().WithMessage("A reason is required.").MaximumLength(400);
    }
}

internal sealed class AdjustBalanceHandler(BillingDbContext db, AccountLedger ledger, ICurrentUser currentUser, ISender sender, TimeProvider clock)
    : ICommandHandler<AdjustBalance, AdjustmentResult>
{
    public async ValueTask<AdjustmentResult> Handle(AdjustBalance command, CancellationToken cancellationToken)
    {
        var result = await ledger.InTransactionAsync(
            async () =>
            {
                var account = await ledger.LockAsync(command.UserId, cancellationToken);
                var entry = account.Post(TransactionType.Adjustment, command.Amount, 0, default, $"adjustment: {command.Reason}", clock.GetUtcNow());
                db.Transactions.Add(entry);
                await db.SaveChangesAsync(cancellationToken);
                return new AdjustmentResult(entry.Id, entry.Amount, entry.BalanceBefore, entry.BalanceAfter,
                    new AccountDto(account.UserId, account.Balance, account.FrozenBalance, account.AvailableBalance, account.CreditLimit, account.Currency, account.PlanProductId));
            },
            cancellationToken);

        // The audit log lives in the Users module's own transaction: written once the adjustment has committed.
        var payload = JsonSerializer.Serialize(new { transactionId = result.TransactionId, amount = command.Amount, reason = command.Reason, balanceAfter = result.BalanceAfter });
        await sender.Send(new RecordAuditEntry(currentUser.IsAuthenticated ? currentUser.Id : null, "billing.adjustment", "account", command.UserId.ToString(), payload, currentUser.IpAddress), cancellationToken);
        return result;
    }
}
