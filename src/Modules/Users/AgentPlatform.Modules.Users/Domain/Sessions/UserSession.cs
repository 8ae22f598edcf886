namespace AgentPlatform.Modules.Users.Domain.Sessions;

/// <summary>
/// A signed-in session: one refresh-token family. Access tokens name their session, so revoking it
/// ends them at once; each refresh rotates the token, and presenting a rotated token again revokes the
/// whole family (the token was stolen, or the client is broken: either way the session is no longer safe).
/// </summary>
internal sealed class UserSession : AggregateRoot
{
    private readonly List<RefreshToken> _tokens = [];

    private UserSession()
    {
    }

    public Guid UserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevokedReason { get; private set; }

    public string? IpAddress { get; private set; }

    public string? UserAgent { get; private set; }

    public IReadOnlyList<RefreshToken> Tokens => _tokens;

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;

    public static UserSession Start(Guid userId, string tokenHash, DateTimeOffset now, TimeSpan lifetime, string? ipAddress, string? userAgent)
    {
        var session = new UserSession
        {
            UserId = userId,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
            IpAddress = ipAddress,
            UserAgent = userAgent is { Length: > 300 } ? userAgent[..300] : userAgent,
        };
        session._tokens.Add(new RefreshToken(session.Id, tokenHash, now));
        return session;
    }

    /// <summary>Rotates <paramref name="presented"/> to a new token; false when the session must not go on.</summary>
    public bool TryRotate(RefreshToken presented, string newTokenHash, DateTimeOffset now)
    {
        if (!IsActive(now))
        {
            return false;
        }

        if (presented.ReplacedAt is not null)
        {
            Revoke("refresh_token_reuse", now);
            return false;
        }

        presented.MarkReplaced(now);
        _tokens.Add(new RefreshToken(Id, newTokenHash, now));
        return true;
    }

    public void Revoke(string reason, DateTimeOffset now)
    {
        if (RevokedAt is null)
        {
            RevokedAt = now;
            RevokedReason = reason;
        }
    }
}

/// <summary>One issued refresh token, stored only as its SHA-256 hash.</summary>
internal sealed class RefreshToken : Entity
{
    private RefreshToken()
    {
    }

    public RefreshToken(Guid sessionId, string tokenHash, DateTimeOffset createdAt)
    {
        SessionId = sessionId;
        TokenHash = tokenHash;
        CreatedAt = createdAt;
    }

    public Guid SessionId { get; private set; }

    public string TokenHash { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReplacedAt { get; private set; }

    public void MarkReplaced(DateTimeOffset now) => ReplacedAt = now;
}
