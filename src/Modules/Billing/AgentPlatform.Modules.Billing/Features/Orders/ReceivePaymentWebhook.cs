using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentPlatform.Modules.Billing.Domain;
using AgentPlatform.Modules.Billing.Domain.Orders;
using AgentPlatform.Modules.Billing.Infrastructure;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Modules.Billing.Features.Orders;

/// <summary>
/// A gateway's payment notification: the raw body as received and its signature header (<c>sha256=&lt;hex&gt;</c>, an
/// HMAC-SHA256 of the body with the provider's configured secret). Idempotent on the provider's notification id.
/// </summary>
internal sealed record ReceivePaymentWebhook(string Provider, byte[] Body, string? Signature) : ICommand<WebhookReceipt>;

/// <summary>The body a gateway sends: which order, how much, and its own id for this notification.</summary>
internal sealed record PaymentWebhookPayload(string? NotificationId, string? OrderNo, decimal? Amount, string? Status);

/// <summary>"credited", or "duplicate" when the notification was seen before (nothing credited again).</summary>
internal sealed record WebhookReceipt(string Result, string OrderNo, Guid OrderId);

internal sealed class ReceivePaymentWebhookHandler(BillingDbContext db, OrderPayments payments, IOptions<BillingOptions> options, TimeProvider clock)
    : ICommandHandler<ReceivePaymentWebhook, WebhookReceipt>
{
    public const string SignaturePrefix = "sha256=";

    public async ValueTask<WebhookReceipt> Handle(ReceivePaymentWebhook command, CancellationToken cancellationToken)
    {
        if (!options.Value.Webhooks.TryGetValue(command.Provider, out var gateway) || gateway.Secret.Length == 0)
        {
            throw DomainException.NotFound("Payment provider", command.Provider);
        }

        if (!SignatureMatches(gateway.Secret, command.Body, command.Signature))
        {
            throw DomainException.Unauthorized("billing.bad_signature", "The webhook signature is missing or does not match the body.");
        }

        var payload = Parse(command.Body);
        if (payload.Status is not null && !string.Equals(payload.Status, "paid", StringComparison.Ordinal))
        {
            throw DomainException.Invalid("status", "Only 'paid' notifications are accepted.");
        }

        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.OrderNo == payload.OrderNo, cancellationToken)
            ?? throw DomainException.NotFound("Order", payload.OrderNo!);
        var provider = command.Provider.ToLowerInvariant();
        if (await SeenAsync(provider, payload.NotificationId!, cancellationToken))
        {
            return new WebhookReceipt("duplicate", order.OrderNo, order.Id);
        }

        if (payload.Amount != order.Amount)
        {
            throw DomainException.Conflict("billing.amount_mismatch", "The notified amount differs from the order's amount; nothing was credited.");
        }

        try
        {
            await payments.PayAsync(order.Id, null, provider, new PaymentNotification(provider, payload.NotificationId!, order.Id, payload.Amount.Value, clock.GetUtcNow()), cancellationToken);
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
            if (await SeenAsync(provider, payload.NotificationId!, cancellationToken))
            {
                return new WebhookReceipt("duplicate", order.OrderNo, order.Id);
            }

            throw;
        }
    }

    private Task<bool> SeenAsync(string provider, string notificationId, CancellationToken cancellationToken) =>
        db.PaymentNotifications.AnyAsync(n => n.Provider == provider && n.NotificationId == notificationId, cancellationToken);

    public static string Sign(string secret, byte[] body) => SignaturePrefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static bool SignatureMatches(string secret, byte[] body, string? signature)
    {
        if (signature is null || !signature.StartsWith(SignaturePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signature.AsSpan(SignaturePrefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static PaymentWebhookPayload Parse(byte[] body)
    {
        PaymentWebhookPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<PaymentWebhookPayload>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            throw DomainException.Invalid("body", "The body is not a valid notification.");
        }

        if (payload is null || string.IsNullOrWhiteSpace(payload.NotificationId) || payload.NotificationId.Length > 200)
        {
            throw DomainException.Invalid("notificationId", "A notification id (at most 200 characters) is required.");
        }

        if (string.IsNullOrWhiteSpace(payload.OrderNo) || payload.OrderNo.Length > 100)
        {
            throw DomainException.Invalid("orderNo", "An order number is required.");
        }

        if (payload.Amount is not { } amount || !Money.IsValidPositive(amount))
        {
            throw DomainException.Invalid("amount", "A positive amount with at most 8 decimals is required.");
        }

        return payload;
    }
}
