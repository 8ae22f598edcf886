using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using AgentPlatform.Modules.Users.Features.Shared;

namespace AgentPlatform.Modules.Users.Infrastructure.Auth;

/// <summary>
/// A per-Host cache of "this user's session is live, with this role", "this API key is live, for this user" and the
/// user's profile, so an authenticated request (and reading one's own profile) does not pay a database round trip
/// each time. It is trusted only while <see cref="AuthStateListener"/> is connected to PostgreSQL: every change of a
/// user row, of a user's sessions or of their API keys fires a NOTIFY (database triggers), which evicts the user here
/// on every Host; the Users module's own writes also evict locally before they commit. Only positive answers are
/// cached, each at most <see cref="MaxAge"/> and never past the session's or key's expiry.
/// </summary>
internal sealed class AuthStateCache(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, Entry>> _users = new();
    private readonly ConcurrentDictionary<Guid, long> _versions = new();
    private readonly ConcurrentDictionary<string, ApiKeyEntry> _apiKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, ProfileEntry> _profiles = new();

    // Keyed by the state object itself: gone with it, and never shared with a state read later.
    private readonly ConditionalWeakTable<ApiKeyState, string> _verifiedKeys = new();
    private long _evictions;
    private volatile bool _listening;

    public bool Listening => _listening;

    /// <summary>The cached role of a live session, or null when the database must be asked.</summary>
    public string? TryGet(Guid userId, Guid sessionId)
    {
        if (!_listening || !_users.TryGetValue(userId, out var sessions) || !sessions.TryGetValue(sessionId, out var entry))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        return entry.SessionExpiresAt > now && entry.CachedAt + MaxAge > now ? entry.Role : null;
    }

    /// <summary>Taken before reading the database, handed back to <see cref="Store"/>.</summary>
    public long VersionOf(Guid userId) => _versions.GetValueOrDefault(userId);

    /// <summary>Caches what was read, unless the user changed since <paramref name="version"/> was taken.</summary>
    public void Store(Guid userId, Guid sessionId, string role, DateTimeOffset sessionExpiresAt, long version) =>
        StoreUnlessChanged(userId, version, () =>
            _users.GetOrAdd(userId, _ => new ConcurrentDictionary<Guid, Entry>())[sessionId] = new Entry(role, sessionExpiresAt, clock.GetUtcNow()));

    /// <summary>The cached profile of a user, or null when the database must be asked.</summary>
    public UserProfile? TryGetProfile(Guid userId) =>
        _listening && _profiles.TryGetValue(userId, out var entry) && entry.CachedAt + MaxAge > clock.GetUtcNow() ? entry.Profile : null;

    /// <summary>Caches a profile read after <paramref name="version"/> was taken, unless the user changed since.</summary>
    public void StoreProfile(UserProfile profile, long version) =>
        StoreUnlessChanged(profile.Id, version, () => _profiles[profile.Id] = new ProfileEntry(profile, clock.GetUtcNow()));

    /// <summary>Drops entries too old to be served, so memory follows the active users, not all users ever seen.</summary>
    public void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (prefix, entry) in _apiKeys)
        {
            if (entry.CachedAt + MaxAge <= now || entry.UserVersion != VersionOf(entry.State.UserId))
            {
                _apiKeys.TryRemove(new KeyValuePair<string, ApiKeyEntry>(prefix, entry));
            }
        }

        foreach (var (userId, entry) in _profiles)
        {
            if (entry.CachedAt + MaxAge <= now)
            {
                _profiles.TryRemove(new KeyValuePair<Guid, ProfileEntry>(userId, entry));
            }
        }

        foreach (var (userId, sessions) in _users)
        {
            foreach (var (sessionId, entry) in sessions)
            {
                if (entry.CachedAt + MaxAge <= now || entry.SessionExpiresAt <= now)
                {
                    sessions.TryRemove(sessionId, out _);
                }
            }

            if (sessions.IsEmpty)
            {
                _users.TryRemove(new KeyValuePair<Guid, ConcurrentDictionary<Guid, Entry>>(userId, sessions));
            }
        }
    }

    /// <summary>The cached state of a live API key, or null when the database must be asked.</summary>
    public ApiKeyState? TryGetApiKey(string prefix)
    {
        if (!_listening || !_apiKeys.TryGetValue(prefix, out var entry))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (entry.UserVersion != VersionOf(entry.State.UserId) || entry.CachedAt + MaxAge <= now || entry.State.ExpiresAt <= now)
        {
            // The user (or one of their keys) changed since, or the entry is too old to be served.
            _apiKeys.TryRemove(new KeyValuePair<string, ApiKeyEntry>(prefix, entry));
            return null;
        }

        return entry.State;
    }

    /// <summary>
    /// Taken before reading a key from the database, handed back to <see cref="StoreApiKey"/>: the user is only known
    /// after the read, so any eviction in between keeps the answer out of the cache.
    /// </summary>
    public long ApiKeyReadStamp() => Interlocked.Read(ref _evictions);

    public void StoreApiKey(string prefix, ApiKeyState state, long stamp)
    {
        var version = VersionOf(state.UserId);
        if (!_listening || ApiKeyReadStamp() != stamp)
        {
            return;
        }

        _apiKeys[prefix] = new ApiKeyEntry(state, version, clock.GetUtcNow());
        if (ApiKeyReadStamp() != stamp)
        {
            _apiKeys.TryRemove(prefix, out _);
        }
    }

    /// <summary>
    /// Whether <paramref name="key"/> is the key already checked against this very state's hash. Hashing the presented
    /// key is the single largest cost of an API-key request (about 30 us on an idle Host), and a key is presented on
    /// every call. The memo is held in memory only, next to the cached state it was checked against: a state read
    /// anew (an eviction, a change of the key or its user, the entry's <see cref="MaxAge"/>) has no memo, so its
    /// first use is hashed again. Compared in constant time.
    /// </summary>
    public bool IsVerifiedKey(ApiKeyState state, string key) =>
        _verifiedKeys.TryGetValue(state, out var verified)
        && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(verified.AsSpan()), MemoryMarshal.AsBytes(key.AsSpan()));

    /// <summary>
    /// Notes that <paramref name="key"/> matched the hash of this state (see <see cref="IsVerifiedKey"/>). Not while the
    /// cache is untrusted: every request then reads a state of its own, which no later request would find.
    /// </summary>
    public void KeyVerified(ApiKeyState state, string key)
    {
        if (_listening)
        {
            _verifiedKeys.AddOrUpdate(state, key);
        }
    }

    /// <summary>Remembers a recorded use, so the once-a-minute "last used" write is not repeated per request.</summary>
    public void ApiKeyUsed(string prefix, DateTimeOffset at)
    {
        if (_apiKeys.TryGetValue(prefix, out var entry))
        {
            _apiKeys.TryUpdate(prefix, entry with { State = entry.State with { LastUsedAt = at } }, entry);
        }
    }

    /// <summary>Writes what was read about a user, unless the user changed since <paramref name="version"/> was taken.</summary>
    private void StoreUnlessChanged(Guid userId, long version, Action write)
    {
        if (!_listening || VersionOf(userId) != version)
        {
            return;
        }

        write();

        // A change may have landed between the check above and the write: then forget what was written.
        if (VersionOf(userId) != version)
        {
            Evict(userId);
        }
    }

    public void Evict(Guid userId)
    {
        Interlocked.Increment(ref _evictions);
        _versions.AddOrUpdate(userId, 1, (_, v) => v + 1);
        _users.TryRemove(userId, out _);
        _profiles.TryRemove(userId, out _);
    }

    /// <summary>Connected (and emptied, since notifications may have been missed) or disconnected.</summary>
    public void SetListening(bool listening)
    {
        _listening = false;
        foreach (var userId in _users.Keys)
        {
            Evict(userId);
        }

        foreach (var userId in _profiles.Keys)
        {
            Evict(userId);
        }

        Interlocked.Increment(ref _evictions);
        _apiKeys.Clear();

        _listening = listening;
    }

    private sealed record Entry(string Role, DateTimeOffset SessionExpiresAt, DateTimeOffset CachedAt);

    private sealed record ProfileEntry(UserProfile Profile, DateTimeOffset CachedAt);

    private sealed record ApiKeyEntry(ApiKeyState State, long UserVersion, DateTimeOffset CachedAt);
}
