using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Users.Domain.ApiKeys;
using AgentPlatform.Modules.Users.Domain.AuditLogs;
using AgentPlatform.Modules.Users.Domain.Sessions;
using AgentPlatform.Modules.Users.Domain.SystemConfigs;
using AgentPlatform.Modules.Users.Domain.Users;

namespace AgentPlatform.Modules.Users.Infrastructure.Persistence;

internal sealed class UsersDbContext(DbContextOptions<UsersDbContext> options) : ModuleDbContext(options)
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
}

/// <summary>Failed-login counter for one account or address; written with atomic upserts.</summary>
internal sealed class LoginThrottle
{
    public string Key { get; set; } = "";

    public int Failures { get; set; }

    public DateTimeOffset WindowStartedAt { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}
