using AgentPlatform.Modules.Billing.Domain.Orders;
using AgentPlatform.Modules.Billing.Infrastructure;
using AgentPlatform.Modules.Billing.Infrastructure.Payments;

namespace AgentPlatform.Modules.Billing.Features.Orders;

/// <summary>
/// A gateway's payment notification: the raw body as received and its signature header, verified by the provider.
/// Idempotent on the provider's notification id: the same notification credits once.
/// </summary>
internal sealed record ReceivePaymentWebhook(string Provider, byte[] Body, string? Signature) : ICommand<WebhookReceipt>;

/// <summary>The body a gateway sends (documentation of the webhook; the provider reads the raw bytes).</summary>
internal sealed record PaymentWebhookPayload(string? NotificationId, string? OrderNo, decimal? Amount, string? Status);

/// <summary>"credited", or "duplicate" when the notification was seen before (nothing credited again).</summary>
internal sealed record WebhookReceipt(string Result, string OrderNo, Guid OrderId);

internal sealed class ReceivePaymentWebhookHandler(BillingDbContext db, OrderPayments payments, PaymentProviders providers, TimeProvider clock)
    : ICommandHandler<ReceivePaymentWebhook, WebhookReceipt>
{
    public async ValueTask<WebhookReceipt> Handle(ReceivePaymentWebhook command, CancellationToken cancellationToken)
    {
        var provider = providers.Find(command.Provider);
        if (provider is not { AcceptsWebhooks: true })
        {
            throw DomainException.NotFound("Payment provider", command.Provider);
        }

        var payment = provider.Verify(command.Body, command.Signature);
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.OrderNo == payment.OrderNo, cancellationToken)
            ?? throw DomainException.NotFound("Order", payment.OrderNo);
        if (await SeenAsync(provider.Name, payment.NotificationId, cancellationToken))
        {
            return new WebhookReceipt("duplicate", order.OrderNo, order.Id);
        }

        if (payment.Amount != order.Amount)
        {
            throw DomainException.Conflict("billing.amount_mismatch", "The notified amount differs from the order's amount; nothing was credited.");
        }

        try
        {
            var notification = new PaymentNotification(provider.Name, payment.NotificationId, order.Id, payment.Amount, clock.GetUtcNow());
            await payments.PayAsync(order.Id, null, provider.Name, notification, cancellationToken);
            return new WebhookReceipt("credited", order.OrderNo, order.Id);
        }
        catch (DbUpdateException ex) when (AccountLedger.IsUniqueViolation(ex, OrderPayments.NotificationIndex))
        {
            // The same notification arrived twice at once; the other delivery credited it.
            return new WebhookReceipt("duplicate", order.OrderNo, order.Id);
        }
        catch (DomainException ex) when (ex.Code == "billing.order_not_pending")
        {
            // A twin delivery waited for the account lock and found the order paid: by this notification, or by another.
            if (await SeenAsync(provider.Name, payment.NotificationId, cancellationToken))
            {
                return new WebhookReceipt("duplicate", order.OrderNo, order.Id);
            }

            throw;
        }
    }

    private Task<bool> SeenAsync(string provider, string notificationId, CancellationToken cancellationToken) =>
        db.PaymentNotifications.AnyAsync(n => n.Provider == provider && n.NotificationId == notificationId, cancellationToken);
}
