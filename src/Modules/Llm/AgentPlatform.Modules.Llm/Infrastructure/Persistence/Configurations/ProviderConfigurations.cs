using AgentPlatform.Modules.Llm.Domain.Providers;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentPlatform.Modules.Llm.Infrastructure.Persistence.Configurations;

internal sealed class ProviderConfiguration : IEntityTypeConfiguration<Provider>
{
    public void Configure(EntityTypeBuilder<Provider> builder)
    {
        builder.ToTable("providers", t => t.HasCheckConstraint("ck_providers_type", $"type IN ({string.Join(", ", ProviderTypes.All.Select(x => $"'{x}'"))})"));
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.Name).HasMaxLength(Provider.NameMaxLength).IsRequired();
        builder.Property(x => x.Type).HasMaxLength(30).IsRequired();
        builder.Property(x => x.Metadata).HasColumnType("jsonb").IsRequired();
        builder.Ignore(x => x.IsSystem);

        // One name per owner (the system counts as one owner), among providers not deleted.
        builder.HasIndex(x => new { x.OwnerId, x.Name }).IsUnique().AreNullsDistinct(false).HasFilter("deleted_at IS NULL");
        builder.HasIndex(x => x.Type);
    }
}

internal sealed class ProviderEndpointConfiguration : IEntityTypeConfiguration<ProviderEndpoint>
{
    public void Configure(EntityTypeBuilder<ProviderEndpoint> builder)
    {
        builder.ToTable("endpoints", t =>
        {
            t.HasCheckConstraint("ck_endpoints_timeouts", "connect_timeout_seconds BETWEEN 1 AND 600 AND read_timeout_seconds BETWEEN 1 AND 3600");
            t.HasCheckConstraint("ck_endpoints_retry_count", "retry_count BETWEEN 0 AND 10");
        });
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.Name).HasMaxLength(ProviderEndpoint.NameMaxLength).IsRequired();
        builder.Property(x => x.BaseUrl).HasMaxLength(ProviderEndpoint.UrlMaxLength).IsRequired();
        builder.Property(x => x.ApiVersion).HasMaxLength(50);
        builder.Property(x => x.Region).HasMaxLength(50);
        builder.HasIndex(x => new { x.ProviderId, x.Name }).IsUnique();

        // At most one default endpoint per provider, whoever writes concurrently.
        builder.HasIndex(x => x.ProviderId, "ux_endpoints_one_default").IsUnique().HasFilter("is_default");
        builder.HasOne<Provider>().WithMany().HasForeignKey(x => x.ProviderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CredentialConfiguration : IEntityTypeConfiguration<Credential>
{
    public void Configure(EntityTypeBuilder<Credential> builder)
    {
        builder.ToTable("credentials", t =>
        {
            t.HasCheckConstraint("ck_credentials_quota", "daily_quota IS NULL OR daily_quota > 0");
            t.HasCheckConstraint("ck_credentials_quota_used", "quota_used >= 0");
        });
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.Alias).HasMaxLength(Credential.AliasMaxLength).IsRequired();
        builder.Property(x => x.ApiKeyEncrypted).IsRequired();
        builder.Property(x => x.KeyLast4).HasMaxLength(4).IsRequired();
        builder.HasIndex(x => new { x.ProviderId, x.Alias }).IsUnique();
        builder.HasIndex(x => x.ExpiresAt);
        builder.HasOne<Provider>().WithMany().HasForeignKey(x => x.ProviderId).OnDelete(DeleteBehavior.Cascade);
    }
}
