using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Users.Domain.AuditLogs;
using AgentPlatform.Modules.Users.Domain.SystemConfigs;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentPlatform.Modules.Users.Infrastructure.Persistence.Configurations;

internal sealed class SystemConfigConfiguration : IEntityTypeConfiguration<SystemConfig>
{
    public void Configure(EntityTypeBuilder<SystemConfig> builder)
    {
        builder.ToTable("system_configs", t => t.HasEnumCheck<SystemConfig, ConfigValueType>("system_configs", "value_type"));
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.Key).HasColumnName("config_key").HasMaxLength(SystemConfig.KeyMaxLength).IsRequired();
        builder.Property(x => x.Value).HasColumnName("config_value").IsRequired();
        builder.Property(x => x.ValueType).HasEnumText(20);
        builder.HasIndex(x => x.Key).IsUnique().HasDatabaseName("idx_system_configs_key");
    }
}

internal sealed class AuditLogConfiguration : IEntityTypeConfiguration<AuditLog>
{
    public void Configure(EntityTypeBuilder<AuditLog> builder)
    {
        builder.ToTable("audit_logs");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.Action).HasMaxLength(64).IsRequired();
        builder.Property(x => x.TargetType).HasMaxLength(64);
        builder.Property(x => x.TargetId).HasMaxLength(100);
        builder.Property(x => x.IpAddress).HasMaxLength(64);
        builder.Property(x => x.Payload).HasColumnType("jsonb");

        // Queried newest first, by actor, by action and by target; append-only, partitionable by created_at.
        builder.HasIndex(x => x.CreatedAt);
        builder.HasIndex(x => new { x.ActorUserId, x.CreatedAt });
        builder.HasIndex(x => new { x.Action, x.CreatedAt });
        builder.HasIndex(x => new { x.TargetType, x.TargetId });
    }
}

internal sealed class LoginThrottleConfiguration : IEntityTypeConfiguration<LoginThrottle>
{
    public void Configure(EntityTypeBuilder<LoginThrottle> builder)
    {
        builder.ToTable("login_throttles");
        builder.HasKey(x => x.Key);
        builder.Property(x => x.Key).HasMaxLength(200);
    }
}
