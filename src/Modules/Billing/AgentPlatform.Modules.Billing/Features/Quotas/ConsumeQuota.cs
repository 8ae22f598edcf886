using AgentPlatform.Modules.Billing.Contracts;

namespace AgentPlatform.Modules.Billing.Features.Quotas;

internal sealed class ConsumeQuotaValidator : AbstractValidator<ConsumeQuota>
{
    public ConsumeQuotaValidator()
    {
        RuleFor(x => x.UserId).NotEmpty();
        RuleFor(x => x.Requests).InclusiveBetween(0, 10_000);
        RuleFor(x => x.Tokens).InclusiveBetween(0, 1_000_000_000);
    }
}

internal sealed class ConsumeQuotaHandler(QuotaCounter counter) : ICommandHandler<ConsumeQuota, QuotaDecision>
{
    public async ValueTask<QuotaDecision> Handle(ConsumeQuota command, CancellationToken cancellationToken) =>
        await counter.CountAsync(command.UserId, command.Requests, command.Tokens, cancellationToken);
}
