using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Llm.Domain.Gateway;
using AgentPlatform.Modules.Llm.Domain.Models;
using AgentPlatform.Modules.Llm.Domain.Profiles;
using AgentPlatform.Modules.Llm.Domain.Providers;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentPlatform.Modules.Llm.Infrastructure.Persistence.Configurations;

internal sealed class ModelConfiguration : IEntityTypeConfiguration<Model>
{
    public void Configure(EntityTypeBuilder<Model> builder)
    {
        builder.ToTable("models", t =>
        {
            t.HasEnumCheck<Model, ModelType>("models", "type");
            t.HasEnumCheck<Model, ModelStatus>("models", "status");
            t.HasCheckConstraint("ck_models_prices", "input_price_per1k >= 0 AND output_price_per1k >= 0");
            t.HasCheckConstraint("ck_models_limits", "(context_window IS NULL OR context_window > 0) AND (max_output_tokens IS NULL OR max_output_tokens > 0)");
            t.HasCheckConstraint("ck_models_embedding_dimension", "(type = 'embedding') = (embedding_dimension IS NOT NULL) AND (embedding_dimension IS NULL OR embedding_dimension BETWEEN 1 AND 16000)");
        });
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.ModelId).HasMaxLength(Model.ModelIdMaxLength).IsRequired();
        builder.Property(x => x.Name).HasMaxLength(200).IsRequired();
        builder.Property(x => x.Version).HasMaxLength(50);
        builder.Property(x => x.Type).HasEnumText();
        builder.Property(x => x.Status).HasEnumText();
        builder.Property(x => x.InputPricePer1K).HasColumnType("numeric(20,8)");
        builder.Property(x => x.OutputPricePer1K).HasColumnType("numeric(20,8)");
        builder.Property(x => x.Currency).HasMaxLength(3).IsRequired();
        builder.Property(x => x.Capabilities).HasColumnType("jsonb");
        builder.HasIndex(x => new { x.ProviderId, x.ModelId }).IsUnique().HasFilter("deleted_at IS NULL");
        builder.HasIndex(x => x.Capabilities).HasMethod("gin");
        builder.HasIndex(x => new { x.Type, x.Status });
        builder.HasIndex(x => x.OwnerId);
        builder.HasOne<Provider>().WithMany().HasForeignKey(x => x.ProviderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<FallbackChain>().WithMany().HasForeignKey(x => x.FallbackChainId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class FallbackChainConfiguration : IEntityTypeConfiguration<FallbackChain>
{
    public void Configure(EntityTypeBuilder<FallbackChain> builder)
    {
        builder.ToTable("fallback_chains");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.Name).HasMaxLength(100).IsRequired();
        builder.Property(x => x.ModelIds).HasColumnType("uuid[]");
        builder.HasIndex(x => new { x.OwnerId, x.Name }).IsUnique().AreNullsDistinct(false);
    }
}

internal sealed class ProfileConfiguration : IEntityTypeConfiguration<Profile>
{
    public void Configure(EntityTypeBuilder<Profile> builder)
    {
        builder.ToTable("profiles", t =>
        {
            t.HasCheckConstraint("ck_profiles_temperature", "temperature IS NULL OR temperature BETWEEN 0 AND 2");
            t.HasCheckConstraint("ck_profiles_top_p", "top_p IS NULL OR top_p BETWEEN 0 AND 1");
            t.HasCheckConstraint("ck_profiles_max_tokens", "max_tokens IS NULL OR max_tokens > 0");
            t.HasCheckConstraint("ck_profiles_frequency_penalty", "frequency_penalty IS NULL OR frequency_penalty BETWEEN -2 AND 2");
        });
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.Name).HasMaxLength(Profile.NameMaxLength).IsRequired();
        builder.Property(x => x.ProviderConfig).HasColumnType("jsonb").IsRequired();
        builder.HasIndex(x => new { x.OwnerId, x.Name }).IsUnique().AreNullsDistinct(false).HasFilter("deleted_at IS NULL");

        // The database itself allows one default per owner (the system is one owner), whatever races.
        builder.HasIndex(x => x.OwnerId, "ux_profiles_one_default").IsUnique().AreNullsDistinct(false).HasFilter("is_default AND deleted_at IS NULL");
        builder.HasOne<Model>().WithMany().HasForeignKey(x => x.ModelId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<FallbackChain>().WithMany().HasForeignKey(x => x.FallbackChainId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class GatewayRequestConfiguration : IEntityTypeConfiguration<GatewayRequest>
{
    public void Configure(EntityTypeBuilder<GatewayRequest> builder)
    {
        builder.ToTable("gateway_requests", t => t.HasEnumCheck<GatewayRequest, GatewayRequestStatus>("gateway_requests", "status"));
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.RequestId).HasMaxLength(200).IsRequired();
        builder.Property(x => x.RequestHash).HasMaxLength(64).IsRequired();
        builder.Property(x => x.Service).HasMaxLength(50).IsRequired();
        builder.Property(x => x.Status).HasEnumText();
        builder.Property(x => x.Cost).HasColumnType("numeric(20,8)");
        builder.Property(x => x.Response).HasColumnType("jsonb");
        builder.HasIndex(x => new { x.UserId, x.RequestId }).IsUnique();
        builder.HasIndex(x => x.CreatedAt);
    }
}
