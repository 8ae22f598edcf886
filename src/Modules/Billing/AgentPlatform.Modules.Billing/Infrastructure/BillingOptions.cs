namespace AgentPlatform.Modules.Billing.Infrastructure;

/// <summary>The <c>Billing</c> configuration section.</summary>
internal sealed class BillingOptions
{
    public const string Section = "Billing";

    /// <summary>The currency of new accounts.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>Markup over a model's own prices when no pricing rule for the model sets one (10 = +10 %).</summary>
    public decimal DefaultMarkupPercent { get; set; }

    /// <summary>How long a new order waits for payment before the job expires it.</summary>
    public TimeSpan OrderPaymentWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a reservation holds when its caller names no lifetime.</summary>
    public TimeSpan ReservationLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public QuotaOptions Quotas { get; set; } = new();

    /// <summary>External payment gateways by name; each needs a secret to verify its webhook signatures.</summary>
    public Dictionary<string, WebhookProviderOptions> Webhooks { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Limits for users without a subscription plan; 0 means unlimited.</summary>
internal sealed class QuotaOptions
{
    public long RequestsPerMinute { get; set; } = 120;

    public long TokensPerDay { get; set; } = 2_000_000;
}

internal sealed class WebhookProviderOptions
{
    /// <summary>The shared HMAC-SHA256 secret; never logged or returned.</summary>
    public string Secret { get; set; } = "";
}
