using AgentPlatform.Modules.Billing.Contracts;

namespace AgentPlatform.Modules.Billing.Features.Quotas;

internal sealed class CheckQuotaValidator : AbstractValidator<CheckQuota>
{
    public CheckQuotaValidator() => RuleFor(x => x.UserId).NotEmpty();
}

internal sealed class CheckQuotaHandler(QuotaCounter counter) : IQueryHandler<CheckQuota, QuotaDecision>
{
    public async ValueTask<QuotaDecision> Handle(CheckQuota query, CancellationToken cancellationToken) =>
        await counter.CheckAsync(query.UserId, cancellationToken);
}
