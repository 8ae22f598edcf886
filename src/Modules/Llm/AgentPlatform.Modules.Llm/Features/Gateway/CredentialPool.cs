using AgentPlatform.BuildingBlocks.Security;
using AgentPlatform.Modules.Llm.Domain.Providers;
using Npgsql;

namespace AgentPlatform.Modules.Llm.Features.Gateway;

/// <summary>A key taken for one request: counted against its daily quota already.</summary>
internal sealed record ClaimedCredential(Guid Id, string ApiKey);

/// <summary>
/// Takes a provider's keys for requests. Each claim is one statement that picks the least-used usable key
/// (active, not expired, not resting after a 429, under its daily quota) and counts the request against it, under
/// a row lock: concurrent requests on any number of Hosts never exceed a quota.
/// </summary>
internal sealed class CredentialPool(NpgsqlDataSource dataSource, ISecretProtector secrets, TimeProvider clock)
{
    private const string ClaimSql = """
        UPDATE llm.credentials AS c
        SET quota_used = CASE WHEN c.quota_day = $2 THEN c.quota_used + 1 ELSE 1 END, quota_day = $2, last_used_at = $3
        WHERE c.id = (
            SELECT id FROM llm.credentials
            WHERE provider_id = $1 AND is_active AND NOT (id = ANY($4))
              AND (expires_at IS NULL OR expires_at > $3)
              AND (rate_limited_until IS NULL OR rate_limited_until <= $3)
              AND (daily_quota IS NULL OR quota_day IS DISTINCT FROM $2 OR quota_used < daily_quota)
            ORDER BY CASE WHEN quota_day = $2 THEN quota_used ELSE 0 END, created_at, id
            LIMIT 1
            FOR UPDATE)
          AND (c.daily_quota IS NULL OR c.quota_day IS DISTINCT FROM $2 OR c.quota_used < c.daily_quota)
        RETURNING c.id, c.api_key_encrypted
        """;

    public async Task<ClaimedCredential?> ClaimAsync(Guid providerId, IReadOnlyCollection<Guid> tried, CancellationToken ct)
    {
        var now = clock.GetUtcNow();

        // One round trip, committed without waiting for the WAL flush: the row lock still serializes claims, and a
        // crash can at worst forget the last few counts of a daily quota, which costs less than a flush per call.
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit TO OFF"));
        var claim = new NpgsqlBatchCommand(ClaimSql);
        claim.Parameters.Add(new NpgsqlParameter { Value = providerId });
        claim.Parameters.Add(new NpgsqlParameter { Value = DateOnly.FromDateTime(now.UtcDateTime) });
        claim.Parameters.Add(new NpgsqlParameter { Value = now });
        claim.Parameters.Add(new NpgsqlParameter { Value = tried.ToArray() });
        batch.BatchCommands.Add(claim);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        ClaimedCredential? claimed = null;
        if (await reader.ReadAsync(ct))
        {
            claimed = new ClaimedCredential(reader.GetGuid(0), secrets.Unprotect(reader.GetString(1), Credential.ApiKeyPurpose));
        }

        // Read the rest of the batch, so COMMIT has run before the connection goes back to the pool.
        while (await reader.NextResultAsync(ct))
        {
        }

        return claimed;
    }

    /// <summary>The provider said 429: the key rests until <paramref name="until"/>, on every Host.</summary>
    public async Task RestAsync(Guid credentialId, DateTimeOffset until, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("UPDATE llm.credentials SET rate_limited_until = $2 WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = credentialId });
        command.Parameters.Add(new NpgsqlParameter { Value = until });
        await command.ExecuteNonQueryAsync(ct);
    }
}
