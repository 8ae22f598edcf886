using AgentPlatform.Modules.Billing.Contracts;
using AgentPlatform.Modules.Billing.Domain;

namespace AgentPlatform.Modules.Billing.Features.Shared;

internal static class ChargeValidation
{
    public const int RequestIdMaxLength = 255;

    public static IRuleBuilderOptions<T, string> ValidRequestId<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().WithMessage("A request id is required.").MaximumLength(RequestIdMaxLength);

    public static IRuleBuilderOptions<T, decimal> PositiveMoney<T>(this IRuleBuilder<T, decimal> rule) =>
        rule.Must(Money.IsValidPositive).WithMessage($"The amount must be more than 0 and at most {Money.MaxAmount}, with at most {Money.Scale} decimals.");

    public static IRuleBuilderOptions<T, decimal> NonNegativeMoney<T>(this IRuleBuilder<T, decimal> rule) =>
        rule.Must(Money.IsValidNonNegative).WithMessage($"The amount must be at least 0 and at most {Money.MaxAmount}, with at most {Money.Scale} decimals.");
}

internal sealed class TokenUsageValidator : AbstractValidator<TokenUsage>
{
    public TokenUsageValidator()
    {
        RuleFor(x => x.ModelName).NotEmpty().MaximumLength(200);
        RuleFor(x => x.InputTokens).InclusiveBetween(0, 1_000_000_000);
        RuleFor(x => x.OutputTokens).InclusiveBetween(0, 1_000_000_000);
        RuleFor(x => x.InputPricePer1K).Must(Money.IsValidNonNegative).WithMessage("Prices are at least 0 with at most 8 decimals.");
        RuleFor(x => x.OutputPricePer1K).Must(Money.IsValidNonNegative).WithMessage("Prices are at least 0 with at most 8 decimals.");
    }
}
