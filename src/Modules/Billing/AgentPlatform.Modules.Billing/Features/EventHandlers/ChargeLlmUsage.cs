using AgentPlatform.BuildingBlocks.Messaging;
using AgentPlatform.Modules.Billing.Contracts;
using AgentPlatform.Modules.Billing.Domain.Products;
using AgentPlatform.Modules.Billing.Domain.Usage;
using AgentPlatform.Modules.Billing.Features.ChargeUsage;
using AgentPlatform.Modules.Billing.Features.Quotas;
using AgentPlatform.Modules.Billing.Features.Reservations;
using AgentPlatform.Modules.Billing.Features.Shared;
using AgentPlatform.Modules.Billing.Infrastructure;
using AgentPlatform.Modules.Llm.Contracts;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Modules.Billing.Features.EventHandlers;

/// <summary>
/// Charges a model call from the Llm module's usage event, priced by the rules, idempotently by request id (and by
/// event id through the inbox). When the caller reserved money for the request, the reservation is settled instead.
/// The call already happened, so an account that cannot cover it gets an unpaid usage record rather than a refusal.
/// Tokens are counted towards the daily quota in the same transaction.
/// </summary>
internal sealed class ChargeLlmUsageHandler(
    BillingDbContext db,
    AccountLedger ledger,
    UsageCharger charger,
    ReservationSettler settler,
    QuotaCounter quotas,
    IOptions<BillingOptions> options,
    TimeProvider clock) : IntegrationEventHandler<LlmUsageRecordedIntegrationEvent, BillingDbContext>(db, clock)
{
    protected override async Task Handle(LlmUsageRecordedIntegrationEvent usage, CancellationToken cancellationToken)
    {
        var tokens = new TokenUsage(usage.ModelName, usage.InputTokens, usage.OutputTokens, usage.InputPricePer1K, usage.OutputPricePer1K);
        var rule = await Db.PricingRules.AsNoTracking().FirstOrDefaultAsync(r => r.Kind == PricingRuleKind.Model && r.Target == usage.ModelName, cancellationToken);
        var priced = UsagePricing.PriceTokens(tokens, rule, options.Value.DefaultMarkupPercent);
        var description = usage.Success ? $"{usage.ModelName} via {usage.ProviderType}" : $"{usage.ModelName} (failed call)";

        var account = await ledger.LockAsync(usage.UserId, cancellationToken);
        if (await Db.UsageRecords.AnyAsync(r => r.RequestId == usage.RequestId, cancellationToken))
        {
            // The request was billed already (an earlier event, a settlement or ChargeUsage): never twice, whatever the prices say now.
            return;
        }

        var reservation = await Db.Reservations.FirstOrDefaultAsync(r => r.RequestId == usage.RequestId && r.UserId == usage.UserId && r.Status == ReservationState.Open, cancellationToken);
        if (reservation is not null)
        {
            try
            {
                await settler.SettleLockedAsync(account, reservation, usage.Service, priced, description, cancellationToken);
            }
            catch (Domain.InsufficientFundsException)
            {
                // The reservation did not cover the cost and the rest of the account cannot either: release it and record the debt.
                Db.ChangeTracker.Clear();
                await settler.ReleaseAsync(usage.UserId, reservation.Id, expired: false, cancellationToken);
                await charger.ChargeAsync(usage.UserId, usage.RequestId, usage.Service, priced, description, recordUnpaid: true, cancellationToken);
            }
        }
        else
        {
            // Locked above and not billed yet: charge that account directly rather than look both up again.
            await charger.ChargeLockedAsync(account, usage.RequestId, usage.Service, priced, description, recordUnpaid: true, cancellationToken);
        }

        await quotas.AddTokensAsync(usage.UserId, usage.InputTokens + usage.OutputTokens, cancellationToken);
    }
}
