using AgentPlatform.Modules.Billing.Infrastructure.Payments;

namespace AgentPlatform.Modules.Billing.Features.Orders;

/// <summary>
/// Chooses how a pending order will be paid. Nothing is credited here: the 'manual' provider waits for an
/// administrator's confirmation, an external gateway for its signed webhook.
/// </summary>
internal sealed record PayOrder(Guid UserId, Guid OrderId, string? Provider) : ICommand<PaymentInstructions>;

/// <summary>The body of the pay endpoint; provider defaults to 'manual'.</summary>
internal sealed record PayOrderRequest(string? Provider);

/// <summary>What the client does next: wait for an administrator ('awaiting_confirmation') or pay at the gateway ('pay_at_provider'), which calls <see cref="WebhookPath"/>.</summary>
internal sealed record PaymentInstructions(OrderDto Order, string Provider, string NextStep, string? WebhookPath);

internal sealed class PayOrderValidator : AbstractValidator<PayOrder>
{
    public PayOrderValidator() => RuleFor(x => x.Provider).MaximumLength(50).Matches("^[a-z0-9_-]+$").When(x => x.Provider is not null);
}

internal sealed class PayOrderHandler(OrderPayments payments, PaymentProviders providers) : ICommandHandler<PayOrder, PaymentInstructions>
{
    public async ValueTask<PaymentInstructions> Handle(PayOrder command, CancellationToken cancellationToken)
    {
        var provider = providers.Find(command.Provider ?? ManualPaymentProvider.ProviderName)
            ?? throw DomainException.Invalid("provider", $"Unknown payment provider '{command.Provider}'.");
        var order = await payments.StartPaymentAsync(command.OrderId, command.UserId, provider.Name, cancellationToken);
        return new PaymentInstructions(order, provider.Name, provider.NextStep, provider.AcceptsWebhooks ? $"/api/v1/billing/webhooks/{provider.Name}" : null);
    }
}
