
namespace AgentPlatform.Modules.Billing.Features.Products;

internal sealed record ListPricingRules : IQuery<IReadOnlyList<PricingRuleDto>>;

internal sealed class ListPricingRulesHandler(BillingDbContext db) : IQueryHandler<ListPricingRules, IReadOnlyList<PricingRuleDto>>
{
    public async ValueTask<IReadOnlyList<PricingRuleDto>> Handle(ListPricingRules query, CancellationToken cancellationToken) =>
        (await db.PricingRules.AsNoTracking().OrderBy(r => r.Kind).ThenBy(r => r.Target).Take(1000).ToListAsync(cancellationToken)).Select(SetPricingRuleHandler.ToDto).ToList();
}
