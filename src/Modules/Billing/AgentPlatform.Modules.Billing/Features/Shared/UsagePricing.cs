using System.Globalization;
using AgentPlatform.Modules.Billing.Contracts;
using AgentPlatform.Modules.Billing.Domain;
using AgentPlatform.Modules.Billing.Domain.Products;
using AgentPlatform.Modules.Billing.Domain.Usage;
using AgentPlatform.Modules.Billing.Infrastructure;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Modules.Billing.Features.Shared;

/// <summary>A priced unit of work: its cost, what was used, and the rule that priced it (stored for the user to read).</summary>
internal sealed record PricedUsage(decimal Cost, UsageQuantity Quantity, string PricingRule);

/// <summary>
/// Prices usage by the admin's rules: a model's tokens at the model's own prices (or a rule's overrides) plus a markup,
/// or runs of a target at its per-execution price. Charges round up at the 8th decimal.
/// </summary>
internal sealed class UsagePricing(BillingDbContext db, IOptions<BillingOptions> options)
{
    public async Task<PricedUsage> PriceAsync(decimal? amount, TokenUsage? tokens, ExecutionUsage? executions, CancellationToken cancellationToken)
    {
        if (amount is { } explicitCost)
        {
            return new PricedUsage(explicitCost, new UsageQuantity(tokens?.ModelName, tokens?.InputTokens ?? 0, tokens?.OutputTokens ?? 0, executions?.Count ?? 0), "explicit amount");
        }

        if (tokens is not null)
        {
            var rule = await db.PricingRules.AsNoTracking().FirstOrDefaultAsync(r => r.Kind == PricingRuleKind.Model && r.Target == tokens.ModelName, cancellationToken);
            return PriceTokens(tokens, rule, options.Value.DefaultMarkupPercent);
        }

        var target = executions!.Target;
        var execution = await db.PricingRules.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Kind == PricingRuleKind.Execution && r.Target == target && r.PricePerExecution != null, cancellationToken)
            ?? throw DomainException.Invalid("executions.target", $"No per-execution price is set for '{target}'.");
        var cost = Money.RoundCharge(execution.PricePerExecution!.Value * executions.Count);
        return new PricedUsage(cost, new UsageQuantity(null, 0, 0, executions.Count),
            string.Create(CultureInfo.InvariantCulture, $"{executions.Count} x {execution.PricePerExecution} per execution of {target}"));
    }

    public static PricedUsage PriceTokens(TokenUsage tokens, PricingRule? rule, decimal defaultMarkupPercent)
    {
        var inputPrice = rule?.InputPricePer1K ?? tokens.InputPricePer1K;
        var outputPrice = rule?.OutputPricePer1K ?? tokens.OutputPricePer1K;
        var markup = rule?.MarkupPercent ?? defaultMarkupPercent;
        var basis = ((tokens.InputTokens * inputPrice) + (tokens.OutputTokens * outputPrice)) / 1000m;
        var cost = Money.RoundCharge(basis * (100m + markup) / 100m);
        var description = string.Create(CultureInfo.InvariantCulture,
            $"{tokens.ModelName}: {tokens.InputTokens} in x {inputPrice}/1K + {tokens.OutputTokens} out x {outputPrice}/1K, markup {markup}%{(rule is null ? "" : " (model rule)")}");
        return new PricedUsage(cost, new UsageQuantity(tokens.ModelName, tokens.InputTokens, tokens.OutputTokens, 0), description);
    }
}
