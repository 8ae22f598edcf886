namespace AgentPlatform.Modules.Billing.Domain.Products;

internal enum PricingRuleKind
{
    /// <summary>Prices an LLM model's tokens: price overrides and/or a markup over the model's own prices.</summary>
    Model,

    /// <summary>A price per execution of a target (seed 002 price_per_execution: teams, workflows).</summary>
    Execution,
}

/// <summary>An admin's pricing rule for a model name or an execution target; one per kind and target.</summary>
internal sealed class PricingRule : AggregateRoot, IAuditable
{
    private PricingRule()
    {
    }

    public PricingRuleKind Kind { get; private set; }

    public string Target { get; private set; } = "";

    public decimal? InputPricePer1K { get; private set; }

    public decimal? OutputPricePer1K { get; private set; }

    public decimal? MarkupPercent { get; private set; }

    public decimal? PricePerExecution { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static PricingRule Create(PricingRuleKind kind, string target) => new() { Kind = kind, Target = target };

    public void Set(decimal? inputPricePer1K, decimal? outputPricePer1K, decimal? markupPercent, decimal? pricePerExecution)
    {
        InputPricePer1K = inputPricePer1K;
        OutputPricePer1K = outputPricePer1K;
        MarkupPercent = markupPercent;
        PricePerExecution = pricePerExecution;
    }
}
