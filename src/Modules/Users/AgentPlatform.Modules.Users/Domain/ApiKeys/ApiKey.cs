namespace AgentPlatform.Modules.Users.Domain.ApiKeys;

/// <summary>
/// A key for programmatic access. The secret is shown once at creation; only its SHA-256 hash and a
/// recognisable public prefix are kept.
/// </summary>
internal sealed class ApiKey : AggregateRoot
{
    public const string ReadScope = "read";
    public const string WriteScope = "write";
    public static readonly IReadOnlyList<string> KnownScopes = [ReadScope, WriteScope];

    private ApiKey()
    {
    }

    public Guid UserId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The public part of the key (<c>apk_xxxxxxxxxxxx</c>), unique, used to find it.</summary>
    public string Prefix { get; private set; } = "";

    public string KeyHash { get; private set; } = "";

    public List<string> Scopes { get; private set; } = [];

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public static ApiKey Create(Guid userId, string name, string prefix, string keyHash, IEnumerable<string> scopes, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (expiresAt is { } expiry && expiry <= now)
        {
            throw DomainException.Invalid("expiresAt", "The expiry must be in the future.");
        }

        return new ApiKey
        {
            UserId = userId,
            Name = name.Trim(),
            Prefix = prefix,
            KeyHash = keyHash,
            Scopes = scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            ExpiresAt = expiresAt,
            CreatedAt = now,
        };
    }

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}
