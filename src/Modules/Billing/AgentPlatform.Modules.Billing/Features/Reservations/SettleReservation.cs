using AgentPlatform.Modules.Billing.Contracts;
using AgentPlatform.Modules.Billing.Domain;
using AgentPlatform.Modules.Billing.Domain.Usage;
using AgentPlatform.Modules.Billing.Features.Shared;
using AgentPlatform.Modules.Billing.Infrastructure;

namespace AgentPlatform.Modules.Billing.Features.Reservations;

internal sealed class SettleReservationValidator : AbstractValidator<SettleReservation>
{
    public SettleReservationValidator()
    {
        RuleFor(x => x.UserId).NotEmpty();
        RuleFor(x => x.ReservationId).NotEmpty();
        RuleFor(x => x.Amount).NonNegativeMoney();
        RuleFor(x => x.Service).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Description).MaximumLength(500);
        RuleFor(x => x.Tokens!).SetValidator(new TokenUsageValidator()).When(x => x.Tokens is not null);
    }
}

internal sealed class SettleReservationHandler(BillingDbContext db, AccountLedger ledger, ReservationSettler settler) : ICommandHandler<SettleReservation, ChargeResult>
{
    public async ValueTask<ChargeResult> Handle(SettleReservation command, CancellationToken cancellationToken)
    {
        var tokens = command.Tokens;
        var priced = new PricedUsage(command.Amount, new UsageQuantity(tokens?.ModelName, tokens?.InputTokens ?? 0, tokens?.OutputTokens ?? 0, 0), "settled reservation");
        try
        {
            return await ledger.InTransactionAsync(
                async () =>
                {
                    var account = await ledger.FindLockedAsync(command.UserId, cancellationToken) ?? throw DomainException.NotFound("Reservation", command.ReservationId);
                    var reservation = await db.Reservations.FirstOrDefaultAsync(r => r.Id == command.ReservationId && r.UserId == command.UserId, cancellationToken)
                        ?? throw DomainException.NotFound("Reservation", command.ReservationId);
                    return await settler.SettleLockedAsync(account, reservation, command.Service, priced, command.Description, cancellationToken);
                },
                cancellationToken);
        }
        catch (InsufficientFundsException)
        {
            ledger.Reset();
            var account = await db.Accounts.AsNoTracking().FirstAsync(a => a.UserId == command.UserId, cancellationToken);
            return new ChargeResult(ChargeStatus.InsufficientFunds, null, command.Amount, account.Balance, account.AvailableBalance, account.Currency);
        }
    }
}
