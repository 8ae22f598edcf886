using Npgsql;

namespace AgentPlatform.Modules.Users.Infrastructure.Auth;

internal sealed record ApiKeyState(Guid KeyId, Guid UserId, string KeyHash, string[] Scopes, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, string Role);

/// <summary>
/// Reads, on every authenticated request, whether the caller may still act: a disabled user, a revoked
/// session or a revoked key stops working at once on every Host. Answers come from the
/// <see cref="AuthStateCache"/> when it holds them (kept exact by database notifications), else one
/// indexed round trip.
/// </summary>
internal sealed class AuthStateReader(NpgsqlDataSource dataSource, AuthStateCache cache, TimeProvider clock)
{
    /// <summary>The user's current role when the user is active and the session live; else null.</summary>
    public async Task<string?> GetActiveRoleAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken)
    {
        if (cache.TryGet(userId, sessionId) is { } cached)
        {
            return cached;
        }

        var version = cache.VersionOf(userId);
        await using var command = dataSource.CreateCommand(
            """
            SELECT u.role, s.expires_at FROM users.users u
            JOIN users.user_sessions s ON s.user_id = u.id
            WHERE u.id = $1 AND s.id = $2 AND u.status = 'active' AND u.deleted_at IS NULL
              AND s.revoked_at IS NULL AND s.expires_at > $3
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = sessionId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var role = reader.GetString(0);
        cache.Store(userId, sessionId, role, reader.GetFieldValue<DateTimeOffset>(1), version);
        return role;
    }

    /// <summary>The live key with this prefix whose owner is active; null otherwise.</summary>
    public async Task<ApiKeyState?> GetApiKeyAsync(string prefix, CancellationToken cancellationToken)
    {
        if (cache.TryGetApiKey(prefix) is { } cached)
        {
            return cached;
        }

        var stamp = cache.ApiKeyReadStamp();
        await using var command = dataSource.CreateCommand(
            """
            SELECT k.id, k.user_id, k.key_hash, k.scopes, k.expires_at, k.last_used_at, u.role
            FROM users.api_keys k JOIN users.users u ON u.id = k.user_id
            WHERE k.prefix = $1 AND k.revoked_at IS NULL AND u.status = 'active' AND u.deleted_at IS NULL
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var state = new ApiKeyState(
            reader.GetGuid(0),
            reader.GetGuid(1),
            reader.GetString(2),
            reader.GetFieldValue<string[]>(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
            reader.GetString(6));
        cache.StoreApiKey(prefix, state, stamp);
        return state;
    }

    /// <summary>Records use of a key at most once a minute, so "last used" costs no write per request.</summary>
    public async Task TouchApiKeyAsync(Guid keyId, string prefix, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE users.api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $3)");
        var now = clock.GetUtcNow();
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = keyId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now.AddMinutes(-1) });
        await command.ExecuteNonQueryAsync(cancellationToken);
        cache.ApiKeyUsed(prefix, now);
    }
}
