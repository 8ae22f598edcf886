using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Users.Domain.ApiKeys;
using AgentPlatform.Modules.Users.Domain.AuditLogs;
using AgentPlatform.Modules.Users.Domain.Sessions;
using AgentPlatform.Modules.Users.Domain.SystemConfigs;
using AgentPlatform.Modules.Users.Domain.Users;
using AgentPlatform.Modules.Users.Infrastructure.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Modules.Users.Infrastructure.Persistence;

internal sealed class UsersDbContext(DbContextOptions<UsersDbContext> options) : ModuleDbContext(options)
{
    private AuthStateCache? _sessionCache;

    internal const string SchemaName = "users";

    public override string Schema => SchemaName;

    public DbSet<User> Users => Set<User>();

    public DbSet<UserSession> Sessions => Set<UserSession>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<SystemConfig> SystemConfigs => Set<SystemConfig>();

    public DbSet<AuditLog> AuditLogs => Set<AuditLog>();

    public DbSet<LoginThrottle> LoginThrottles => Set<LoginThrottle>();

    protected override void OnJoinedScope(IServiceProvider services) => _sessionCache = services.GetService<AuthStateCache>();

    /// <summary>
    /// Evicts the users whose row, sessions or API keys change from this Host's auth cache before saving, so this
    /// Host refuses (or shows the new profile) at once; the database notification then evicts them on every Host
    /// after commit.
    /// </summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (_sessionCache is not null)
        {
            // The same changes the database triggers watch (any change of a user row: the profile is cached too).
            foreach (var entry in ChangeTracker.Entries())
            {
                switch (entry.Entity)
                {
                    case User user when entry.State is EntityState.Modified or EntityState.Deleted:
                        _sessionCache.Evict(user.Id);
                        break;
                    case UserSession session when Changes(entry, nameof(UserSession.RevokedAt), nameof(UserSession.ExpiresAt)):
                        _sessionCache.Evict(session.UserId);
                        break;
                    case ApiKey key when Changes(entry, nameof(ApiKey.RevokedAt), nameof(ApiKey.ExpiresAt), nameof(ApiKey.Scopes)):
                        _sessionCache.Evict(key.UserId);
                        break;
                }
            }
        }

        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private static bool Changes(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry, params string[] properties) =>
        entry.State == EntityState.Deleted || (entry.State == EntityState.Modified && properties.Any(p => entry.Property(p).IsModified));
}

/// <summary>Failed-login counter for one account or address; written with atomic upserts.</summary>
internal sealed class LoginThrottle
{
    public string Key { get; set; } = "";

    public int Failures { get; set; }

    public DateTimeOffset WindowStartedAt { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}
