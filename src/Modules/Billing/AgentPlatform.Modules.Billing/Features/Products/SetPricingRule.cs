using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Billing.Domain;
using AgentPlatform.Modules.Billing.Domain.Products;

namespace AgentPlatform.Modules.Billing.Features.Products;

internal sealed record PricingRuleDto(Guid Id, PricingRuleKind Kind, string Target, decimal? InputPricePer1K, decimal? OutputPricePer1K, decimal? MarkupPercent,
    decimal? PricePerExecution, DateTimeOffset UpdatedAt);

/// <summary>
/// Sets the rule for a kind and target, creating or replacing it. A model rule overrides the model's prices and/or the
/// markup; an execution rule sets a price per execution.
/// </summary>
internal sealed record SetPricingRule(string? Kind, string? Target, decimal? InputPricePer1K, decimal? OutputPricePer1K, decimal? MarkupPercent, decimal? PricePerExecution)
    : ICommand<PricingRuleDto>;

internal sealed class SetPricingRuleValidator : AbstractValidator<SetPricingRule>
{
    public SetPricingRuleValidator()
    {
        RuleFor(x => x.Kind).Must(EnumText.IsDefined<PricingRuleKind>).WithMessage($"kind is one of: {string.Join(", ", EnumText.Names<PricingRuleKind>())}.");
        RuleFor(x => x.Target).NotEmpty().MaximumLength(200);
        RuleFor(x => x.InputPricePer1K!.Value).Must(Money.IsValidNonNegative).When(x => x.InputPricePer1K is not null).OverridePropertyName("inputPricePer1K").WithMessage("Prices are at least 0 with at most 8 decimals.");
        RuleFor(x => x.OutputPricePer1K!.Value).Must(Money.IsValidNonNegative).When(x => x.OutputPricePer1K is not null).OverridePropertyName("outputPricePer1K").WithMessage("Prices are at least 0 with at most 8 decimals.");
        RuleFor(x => x.PricePerExecution!.Value).Must(Money.IsValidNonNegative).When(x => x.PricePerExecution is not null).OverridePropertyName("pricePerExecution").WithMessage("Prices are at least 0 with at most 8 decimals.");
        RuleFor(x => x.MarkupPercent).InclusiveBetween(-100m, 10_000m).Must(m => m is null || decimal.Round(m.Value, 4) == m).WithMessage("markupPercent is between -100 and 10000 with at most 4 decimals.");
        RuleFor(x => x.PricePerExecution).NotNull().When(x => x.Kind == "execution").WithMessage("An execution rule needs pricePerExecution.");
        RuleFor(x => x.PricePerExecution).Null().When(x => x.Kind == "model").WithMessage("A model rule prices tokens, not executions.");
        RuleFor(x => x).Must(x => x.InputPricePer1K is not null || x.OutputPricePer1K is not null || x.MarkupPercent is not null).When(x => x.Kind == "model")
            .OverridePropertyName("markupPercent").WithMessage("A model rule sets a price or a markup.");
    }
}

internal sealed class SetPricingRuleHandler(BillingDbContext db) : ICommandHandler<SetPricingRule, PricingRuleDto>
{
    public async ValueTask<PricingRuleDto> Handle(SetPricingRule command, CancellationToken cancellationToken)
    {
        var kind = EnumText.Parse<PricingRuleKind>(command.Kind!);
        var rule = await db.PricingRules.FirstOrDefaultAsync(r => r.Kind == kind && r.Target == command.Target, cancellationToken);
        if (rule is null)
        {
            rule = PricingRule.Create(kind, command.Target!);
            db.PricingRules.Add(rule);
        }

        rule.Set(command.InputPricePer1K, command.OutputPricePer1K, command.MarkupPercent, command.PricePerExecution);
        await db.SaveChangesAsync(cancellationToken);
        return ToDto(rule);
    }

    internal static PricingRuleDto ToDto(PricingRule r) => new(r.Id, r.Kind, r.Target, r.InputPricePer1K, r.OutputPricePer1K, r.MarkupPercent, r.PricePerExecution, r.UpdatedAt);
}
