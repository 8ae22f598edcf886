using AgentPlatform.BuildingBlocks.Messaging;
using AgentPlatform.Modules.Billing.Infrastructure;
using AgentPlatform.Modules.Users.Contracts;

namespace AgentPlatform.Modules.Billing.Features.EventHandlers;

/// <summary>Opens the new user's account; a redelivery or an account already opened lazily changes nothing.</summary>
internal sealed class OpenAccountOnUserRegisteredHandler(BillingDbContext db, AccountLedger ledger, TimeProvider clock)
    : IntegrationEventHandler<UserRegisteredIntegrationEvent, BillingDbContext>(db, clock)
{
    protected override async Task Handle(UserRegisteredIntegrationEvent integrationEvent, CancellationToken cancellationToken) =>
        await ledger.OpenAsync(integrationEvent.UserId, cancellationToken);
}
