using AgentPlatform.Modules.Billing.Infrastructure;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Modules.Billing.Features.Orders;

/// <summary>
/// Chooses how a pending order will be paid. Nothing is credited here: the 'manual' provider waits for an
/// administrator's confirmation, an external gateway for its signed webhook.
/// </summary>
internal sealed record PayOrder(Guid UserId, Guid OrderId, string? Provider) : ICommand<PaymentInstructions>;

/// <summary>The body of the pay endpoint; provider defaults to 'manual'.</summary>
internal sealed record PayOrderRequest(string? Provider);

/// <summary>What the client does next: wait for an administrator ('manual') or pay at the gateway, which calls <see cref="WebhookPath"/>.</summary>
internal sealed record PaymentInstructions(OrderDto Order, string Provider, string NextStep, string? WebhookPath);

internal sealed class PayOrderValidator : AbstractValidator<PayOrder>
{
    public PayOrderValidator() => RuleFor(x => x.Provider).MaximumLength(50).Matches("^[a-z0-9_-]+$").When(x => x.Provider is not null);
}

internal sealed class PayOrderHandler(OrderPayments payments, IOptions<BillingOptions> options) : ICommandHandler<PayOrder, PaymentInstructions>
{
    public async ValueTask<PaymentInstructions> Handle(PayOrder command, CancellationToken cancellationToken)
    {
        var provider = command.Provider ?? OrderPayments.ManualProvider;
        var external = options.Value.Webhooks.TryGetValue(provider, out var gateway) && gateway.Secret.Length > 0;
        if (provider != OrderPayments.ManualProvider && !external)
        {
            throw DomainException.Invalid("provider", $"Unknown payment provider '{provider}'.");
        }

        var order = await payments.StartPaymentAsync(command.OrderId, command.UserId, provider, cancellationToken);
        return external
            ? new PaymentInstructions(order, provider, "pay_at_provider", $"/api/v1/billing/webhooks/{provider}")
            : new PaymentInstructions(order, provider, "awaiting_confirmation", null);
    }
}
