using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentPlatform.Modules.Billing.Domain;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Modules.Billing.Infrastructure.Payments;

/// <summary>A gateway's notification that an order was paid, after its provider verified it.</summary>
internal sealed record VerifiedPayment(string NotificationId, string OrderNo, decimal Amount);

/// <summary>
/// A way to pay an order. Paying through any provider ends in the same place: the order is marked paid and credited
/// once, under the account's lock (<c>OrderPayments.PayAsync</c>). A provider only says what the payer does next
/// and, for a gateway, how to trust its notifications.
/// </summary>
internal interface IPaymentProvider
{
    string Name { get; }

    /// <summary>What the client is told to do after choosing this provider.</summary>
    string NextStep { get; }

    /// <summary>Whether the provider's gateway calls the webhook endpoint.</summary>
    bool AcceptsWebhooks { get; }

    /// <summary>Checks a webhook call and reads it; throws 401 for a bad signature and 400 for a bad body.</summary>
    VerifiedPayment Verify(byte[] body, string? signature);
}

/// <summary>The built-in provider: the payer pays outside the platform and an administrator confirms it.</summary>
internal sealed class ManualPaymentProvider : IPaymentProvider
{
    public const string ProviderName = "manual";

    public string Name => ProviderName;

    public string NextStep => "awaiting_confirmation";

    public bool AcceptsWebhooks => false;

    public VerifiedPayment Verify(byte[] body, string? signature) => throw DomainException.NotFound("Payment provider", Name);
}

/// <summary>
/// An external gateway that signs its webhook calls: <c>X-Signature: sha256=&lt;hex&gt;</c>, an HMAC-SHA256 of the raw
/// body with the secret configured for it, compared in constant time. The secret stays in this object.
/// </summary>
internal sealed class HmacWebhookPaymentProvider(string name, string secret) : IPaymentProvider
{
    public const string SignaturePrefix = "sha256=";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(secret);

    public string Name { get; } = name;

    public string NextStep => "pay_at_provider";

    public bool AcceptsWebhooks => true;

    public static string Sign(string secret, byte[] body) => SignaturePrefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public VerifiedPayment Verify(byte[] body, string? signature)
    {
        if (!SignatureMatches(body, signature))
        {
            throw DomainException.Unauthorized("billing.bad_signature", "The webhook signature is missing or does not match the body.");
        }

        return Parse(body);
    }

    private bool SignatureMatches(byte[] body, string? signature)
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

        return CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, body), given);
    }

    private static VerifiedPayment Parse(byte[] body)
    {
        WebhookBody? payload;
        try
        {
            payload = JsonSerializer.Deserialize<WebhookBody>(body, JsonSerializerOptions.Web);
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

        if (payload.Status is not null && !string.Equals(payload.Status, "paid", StringComparison.Ordinal))
        {
            throw DomainException.Invalid("status", "Only 'paid' notifications are accepted.");
        }

        return new VerifiedPayment(payload.NotificationId, payload.OrderNo, amount);
    }

    private sealed record WebhookBody(string? NotificationId, string? OrderNo, decimal? Amount, string? Status);
}

/// <summary>The providers this Host knows: 'manual', and one signed-webhook gateway per configured secret (Billing:Webhooks).</summary>
internal sealed class PaymentProviders
{
    private readonly Dictionary<string, IPaymentProvider> _providers = new(StringComparer.OrdinalIgnoreCase);

    public PaymentProviders(IOptions<BillingOptions> options)
    {
        _providers[ManualPaymentProvider.ProviderName] = new ManualPaymentProvider();
        foreach (var (name, gateway) in options.Value.Webhooks)
        {
            if (gateway.Secret.Length > 0 && !string.Equals(name, ManualPaymentProvider.ProviderName, StringComparison.OrdinalIgnoreCase))
            {
                _providers[name] = new HmacWebhookPaymentProvider(name.ToLowerInvariant(), gateway.Secret);
            }
        }
    }

    public IPaymentProvider? Find(string name) => _providers.GetValueOrDefault(name);
}
