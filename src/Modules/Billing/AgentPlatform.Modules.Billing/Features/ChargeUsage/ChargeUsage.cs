using AgentPlatform.Modules.Billing.Contracts;
using AgentPlatform.Modules.Billing.Domain;
using AgentPlatform.Modules.Billing.Features.Shared;

namespace AgentPlatform.Modules.Billing.Features.ChargeUsage;

internal sealed class ChargeUsageValidator : AbstractValidator<Contracts.ChargeUsage>
{
    public ChargeUsageValidator()
    {
        RuleFor(x => x.RequestId).ValidRequestId();
        RuleFor(x => x.UserId).NotEmpty();
        RuleFor(x => x.Service).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Description).MaximumLength(500);
        RuleFor(x => x.Amount!.Value).NonNegativeMoney().When(x => x.Amount is not null).OverridePropertyName("amount");
        RuleFor(x => x.Tokens!).SetValidator(new TokenUsageValidator()).When(x => x.Tokens is not null);
        RuleFor(x => x.Executions!.Target).NotEmpty().MaximumLength(200).When(x => x.Executions is not null).OverridePropertyName("executions.target");
        RuleFor(x => x.Executions!.Count).InclusiveBetween(1, 1_000_000).When(x => x.Executions is not null).OverridePropertyName("executions.count");
        RuleFor(x => x).Must(x => (x.Amount is not null ? 1 : 0) + (x.Executions is not null ? 1 : 0) + (x.Tokens is not null && x.Amount is null ? 1 : 0) == 1)
            .WithName("amount").OverridePropertyName("amount")
            .WithMessage("Give exactly one way of pricing: amount, tokens or executions (tokens may accompany an amount as information).");
    }
}

internal sealed class ChargeUsageHandler(UsagePricing pricing, UsageCharger charger) : ICommandHandler<Contracts.ChargeUsage, ChargeResult>
{
    public async ValueTask<ChargeResult> Handle(Contracts.ChargeUsage command, CancellationToken cancellationToken)
    {
        var priced = await pricing.PriceAsync(command.Amount, command.Tokens, command.Executions, cancellationToken);
        if (!Money.IsValidNonNegative(priced.Cost))
        {
            throw DomainException.Invalid("tokens", "The priced cost is out of range.");
        }

        return await charger.ChargeAsync(command.UserId, command.RequestId, command.Service, priced, command.Description, recordUnpaid: false, cancellationToken);
    }
}
