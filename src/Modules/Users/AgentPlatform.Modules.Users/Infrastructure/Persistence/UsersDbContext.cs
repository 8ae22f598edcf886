using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Users.Domain.ApiKeys;
using AgentPlatform.Modules.Users.Domain.AuditLogs;
using AgentPlatform.Modules.Users.Domain.Sessions;
using AgentPlatform.Modules.Users.Domain.SystemConfigs;
using AgentPlatform.Modules.Users.Domain.Users;
using AgentPlatform.Modules.Users.Infrastructure.Auth;

namespace AgentPlatform.Modules.Users.Infrastructure.Persistence;

internal sealed class UsersDbContext(DbContextOptions<UsersDbContext> options, AuthStateCache? sessionCache = null) : ModuleDbContext(options)
{
    internal const string SchemaName = "users";

    public override string Schema => SchemaName;

    public DbSet<User> Users => Set<User>();

    public DbSet<UserSession> Sessions => Set<UserSession>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<SystemConfig> SystemConfigs => Set<SystemConfig>();

    public DbSet<AuditLog> AuditLogs => Set<AuditLog>();

    public DbSet<LoginThrottle> LoginThrottles => Set<LoginThrottle>();

    /// <summary>
    /// Evicts the users whose role, status, sessions or API keys change from this Host's auth cache before saving,
    /// so this Host refuses at once; the database notification then evicts them on every Host after commit.
    /// </summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (sessionCache is not null)
        {
            // The same columns the database triggers watch: a profile edit or a login keeps the cache warm.
            foreach (var entry in ChangeTracker.Entries())
            {
                switch (entry.Entity)
                {
                    case User user when Changes(entry, nameof(User.Role), nameof(User.Status), nameof(User.DeletedAt)):
                        sessionCache.Evict(user.Id);
                        break;
                    case UserSession session when Changes(entry, nameof(UserSession.RevokedAt), nameof(UserSession.ExpiresAt)):
                        sessionCache.Evict(session.UserId);
                        break;
                    case ApiKey key when Changes(entry, nameof(ApiKey.RevokedAt), nameof(ApiKey.ExpiresAt), nameof(ApiKey.Scopes)):
                        sessionCache.Evict(key.UserId);
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
