using System.Collections.Concurrent;
using AgentPlatform.BuildingBlocks.Security;
using AgentPlatform.Modules.Llm.Domain.Providers;
using AgentPlatform.Modules.Llm.Infrastructure.Gateway;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AgentPlatform.Modules.Llm.Features.Gateway;

/// <summary>A key taken for one request: counted against its daily quota already.</summary>
internal sealed record ClaimedCredential(Guid Id, string ApiKey);

/// <summary>
/// Takes a provider's keys for requests. Keys without a daily quota are taken from this Host's view of the
/// provider's keys (decrypted once, reloaded every <see cref="GatewayOptions.PlanCacheDuration"/>, at once after a
/// change through this Host or a 429), in turn, at no database cost; their use is counted in memory and written
/// every second. A key with a daily quota is only taken when no unlimited key is usable, by one statement that
/// picks the least-used one under its quota and counts the request, under a row lock: concurrent requests on any
/// number of Hosts never exceed a quota.
/// </summary>
internal sealed class CredentialPool(NpgsqlDataSource dataSource, ISecretProtector secrets, TimeProvider clock, IOptions<GatewayOptions> options)
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

    private const string LoadSql = """
        SELECT id, api_key_encrypted, expires_at, daily_quota, rate_limited_until
        FROM llm.credentials WHERE provider_id = $1 AND is_active
        ORDER BY created_at, id
        """;

    private const string CountUsesSql = """
        UPDATE llm.credentials AS c
        SET quota_used = CASE WHEN c.quota_day = u.day THEN c.quota_used + u.uses ELSE u.uses END,
            quota_day = u.day, last_used_at = GREATEST(c.last_used_at, u.last_used_at)
        FROM unnest($1::uuid[], $2::date[], $3::int[], $4::timestamptz[]) AS u(id, day, uses, last_used_at)
        WHERE c.id = u.id AND (c.quota_day IS NULL OR c.quota_day <= u.day)
        """;

    private readonly ConcurrentDictionary<Guid, KeyRing> _rings = new();
    private readonly ConcurrentDictionary<(Guid Id, DateOnly Day), Uses> _uses = new();
    private long _changes;

    public async Task<ClaimedCredential?> ClaimAsync(Guid providerId, IReadOnlyCollection<Guid> tried, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ring = await RingOfAsync(providerId, now, ct);
        if (ring.TakeUnlimited(tried, now) is { } key)
        {
            CountUse(key.Id, now);
            return new ClaimedCredential(key.Id, key.ApiKey);
        }

        return ring.HasUsableLimited(tried, now) ? await ClaimLimitedAsync(providerId, tried, now, ct) : null;
    }

    /// <summary>The provider said 429: the key rests until <paramref name="until"/>, on every Host.</summary>
    public async Task RestAsync(Guid providerId, Guid credentialId, DateTimeOffset until, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("UPDATE llm.credentials SET rate_limited_until = $2 WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = credentialId });
        command.Parameters.Add(new NpgsqlParameter { Value = until });
        await command.ExecuteNonQueryAsync(ct);
        Interlocked.Increment(ref _changes);
        _rings.TryRemove(providerId, out _);
    }

    /// <summary>A credential was added, changed or removed through this Host: forget every provider's keys.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _changes);
        _rings.Clear();
    }

    /// <summary>Writes the counted uses of unlimited keys (today's use, last used); called every second and at shutdown.</summary>
    public async Task FlushUsesAsync(CancellationToken ct)
    {
        var taken = new List<((Guid Id, DateOnly Day) Key, Uses Uses)>();
        foreach (var key in _uses.Keys)
        {
            if (_uses.TryRemove(key, out var uses))
            {
                lock (uses)
                {
                    uses.Closed = true; // a request that still holds it counts into a new one
                }

                taken.Add((key, uses));
            }
        }

        if (taken.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(CountUsesSql);
        command.Parameters.Add(new NpgsqlParameter { Value = taken.Select(t => t.Key.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = taken.Select(t => t.Key.Day).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = taken.Select(t => t.Uses.Count).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = taken.Select(t => t.Uses.LastUsedAt).ToArray() });
        try
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        catch
        {
            // Not written: count them again with the next flush.
            foreach (var (key, uses) in taken)
            {
                CountUses(key, uses.Count, uses.LastUsedAt);
            }

            throw;
        }
    }

    private void CountUse(Guid credentialId, DateTimeOffset now) => CountUses((credentialId, DateOnly.FromDateTime(now.UtcDateTime)), 1, now);

    private void CountUses((Guid Id, DateOnly Day) key, int count, DateTimeOffset at)
    {
        while (true)
        {
            var uses = _uses.GetOrAdd(key, _ => new Uses());
            lock (uses)
            {
                if (uses.Closed)
                {
                    continue;
                }

                uses.Count += count;
                uses.LastUsedAt = uses.LastUsedAt > at ? uses.LastUsedAt : at;
                return;
            }
        }
    }

    private async Task<KeyRing> RingOfAsync(Guid providerId, DateTimeOffset now, CancellationToken ct)
    {
        if (_rings.TryGetValue(providerId, out var cached) && cached.Expires > now)
        {
            return cached;
        }

        // A change while loading may not be in what is read: then the view serves this request only.
        var changes = Interlocked.Read(ref _changes);
        var keys = new List<Key>();
        await using (var command = dataSource.CreateCommand(LoadSql))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = providerId });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                keys.Add(new Key(
                    reader.GetGuid(0),
                    secrets.Unprotect(reader.GetString(1), Credential.ApiKeyPurpose),
                    reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                    reader.IsDBNull(3) ? null : reader.GetInt32(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
            }
        }

        var ring = new KeyRing(keys, now + options.Value.PlanCacheDuration);
        if (options.Value.PlanCacheDuration > TimeSpan.Zero && Interlocked.Read(ref _changes) == changes)
        {
            _rings[providerId] = ring;
            if (Interlocked.Read(ref _changes) != changes)
            {
                _rings.TryRemove(new KeyValuePair<Guid, KeyRing>(providerId, ring));
            }
        }

        return ring;
    }

    private async Task<ClaimedCredential?> ClaimLimitedAsync(Guid providerId, IReadOnlyCollection<Guid> tried, DateTimeOffset now, CancellationToken ct)
    {
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

    private sealed record Key(Guid Id, string ApiKey, DateTimeOffset? ExpiresAt, int? DailyQuota, DateTimeOffset? RestingUntil)
    {
        public bool UsableAt(DateTimeOffset now, IReadOnlyCollection<Guid> tried) =>
            (ExpiresAt is null || ExpiresAt > now) && (RestingUntil is null || RestingUntil <= now) && !tried.Contains(Id);
    }

    /// <summary>A provider's active keys as loaded, oldest first; unlimited ones are handed out in turn.</summary>
    private sealed class KeyRing(List<Key> keys, DateTimeOffset expires)
    {
        private readonly Key[] _unlimited = [.. keys.Where(k => k.DailyQuota is null)];
        private int _turn = -1;

        public DateTimeOffset Expires { get; } = expires;

        public Key? TakeUnlimited(IReadOnlyCollection<Guid> tried, DateTimeOffset now)
        {
            if (_unlimited.Length == 0)
            {
                return null;
            }

            var start = (int)((uint)Interlocked.Increment(ref _turn) % (uint)_unlimited.Length);
            for (var i = 0; i < _unlimited.Length; i++)
            {
                var key = _unlimited[(start + i) % _unlimited.Length];
                if (key.UsableAt(now, tried))
                {
                    return key;
                }
            }

            return null;
        }

        public bool HasUsableLimited(IReadOnlyCollection<Guid> tried, DateTimeOffset now) => keys.Exists(k => k.DailyQuota is not null && k.UsableAt(now, tried));
    }

    private sealed class Uses
    {
        public bool Closed { get; set; }

        public int Count { get; set; }

        public DateTimeOffset LastUsedAt { get; set; }
    }
}
