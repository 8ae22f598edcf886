
namespace AgentPlatform.Modules.Billing.Features.Products;

internal sealed record DeletePricingRule(Guid Id) : ICommand;

internal sealed class DeletePricingRuleHandler(BillingDbContext db) : ICommandHandler<DeletePricingRule>
{
    public async ValueTask<Unit> Handle(DeletePricingRule command, CancellationToken cancellationToken)
    {
        if (await db.PricingRules.Where(r => r.Id == command.Id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw DomainException.NotFound("Pricing rule", command.Id);
        }

        return Unit.Value;
    }
}
