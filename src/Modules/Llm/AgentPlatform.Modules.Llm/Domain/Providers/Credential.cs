namespace AgentPlatform.Modules.Llm.Domain.Providers;

/// <summary>
/// An API key of a provider (seed 000 <c>credentials</c>), encrypted at rest. Only its alias and last four
/// characters are ever shown. A daily request quota is counted in the database, atomically per request.
/// </summary>
internal sealed class Credential : Entity, IAuditable
{
    public const int AliasMaxLength = 100;
    public const string ApiKeyPurpose = "llm.credentials.api_key";
    public const string SecretKeyPurpose = "llm.credentials.secret_key";

    private Credential()
    {
    }

    public Guid ProviderId { get; private set; }

    public string Alias { get; private set; } = "";

    public string ApiKeyEncrypted { get; private set; } = "";

    public string? SecretKeyEncrypted { get; private set; }

    /// <summary>The key's last four characters, to tell keys apart without revealing them.</summary>
    public string KeyLast4 { get; private set; } = "";

    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>Requests allowed per UTC day; null is unlimited.</summary>
    public int? DailyQuota { get; private set; }

    /// <summary>Requests made on <see cref="QuotaDay"/>.</summary>
    public int QuotaUsed { get; private set; }

    public DateOnly? QuotaDay { get; private set; }

    /// <summary>Set when the provider answered 429: the key rests until then (honouring Retry-After).</summary>
    public DateTimeOffset? RateLimitedUntil { get; private set; }

    public bool IsActive { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static Credential Create(Guid providerId, string alias, string apiKey, string apiKeyEncrypted, string? secretKeyEncrypted, DateTimeOffset? expiresAt, int? dailyQuota, bool isActive) =>
        new()
        {
            ProviderId = providerId,
            Alias = alias.Trim(),
            ApiKeyEncrypted = apiKeyEncrypted,
            SecretKeyEncrypted = secretKeyEncrypted,
            KeyLast4 = apiKey.Length <= 4 ? new string('*', apiKey.Length) : apiKey[^4..],
            ExpiresAt = expiresAt,
            DailyQuota = dailyQuota,
            IsActive = isActive,
        };

    public void Update(string alias, DateTimeOffset? expiresAt, int? dailyQuota, bool isActive)
    {
        Alias = alias.Trim();
        ExpiresAt = expiresAt;
        DailyQuota = dailyQuota;
        IsActive = isActive;
    }

    /// <summary>Requests used today, as seen at <paramref name="now"/> (the counter restarts each UTC day).</summary>
    public int UsedOn(DateTimeOffset now) => QuotaDay == DateOnly.FromDateTime(now.UtcDateTime) ? QuotaUsed : 0;
}
