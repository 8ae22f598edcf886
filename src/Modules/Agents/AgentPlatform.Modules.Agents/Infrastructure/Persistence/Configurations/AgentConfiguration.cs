using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Agents.Domain.Agents;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentPlatform.Modules.Agents.Infrastructure.Persistence.Configurations;

internal sealed class AgentConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> builder)
    {
        builder.ToTable("agents", t => t.HasEnumCheck<Agent, AgentMode>("agents", "agent_mode"));
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.Name).HasMaxLength(AgentContent.NameMaxLength).IsRequired();
        builder.Property(x => x.Avatar).HasMaxLength(AgentContent.AvatarMaxLength);
        builder.Property(x => x.ToolIds).HasColumnType("uuid[]");
        builder.Property(x => x.KnowledgeBaseIds).HasColumnType("uuid[]");
        builder.Property(x => x.ToolPresetParameters).HasColumnName("tool_preset_params").HasColumnType("jsonb").IsRequired();
        builder.Property(x => x.Model).HasColumnName("model_settings").HasModelSettingsJson();
        builder.Property(x => x.Mode).HasColumnName("agent_mode").HasEnumText(20);
        builder.Property(x => x.LatestVersionNumber).HasMaxLength(SemanticVersion.MaxLength);

        // PostgreSQL's xmin: every committed update changes it, so a stale PUT is caught without a column of our own.
        builder.Property(x => x.Version).IsRowVersion();

        builder.HasIndex(x => new { x.UserId, x.UpdatedAt });
        builder.HasIndex(x => x.PublishedVersionId);
        builder.Ignore(x => x.Content);
    }
}

internal sealed class AgentVersionConfiguration : IEntityTypeConfiguration<AgentVersion>
{
    public void Configure(EntityTypeBuilder<AgentVersion> builder)
    {
        builder.ToTable("agent_versions", t => t.HasEnumCheck<AgentVersion, PublishStatus>("agent_versions", "publish_status")
            .HasEnumCheck<AgentVersion, AgentMode>("agent_versions", "agent_mode"));
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.VersionNumber).HasMaxLength(SemanticVersion.MaxLength).IsRequired();
        builder.Property(x => x.Name).HasMaxLength(AgentContent.NameMaxLength).IsRequired();
        builder.Property(x => x.Avatar).HasMaxLength(AgentContent.AvatarMaxLength);
        builder.Property(x => x.ToolIds).HasColumnType("uuid[]");
        builder.Property(x => x.KnowledgeBaseIds).HasColumnType("uuid[]");
        builder.Property(x => x.ToolPresetParameters).HasColumnName("tool_preset_params").HasColumnType("jsonb").IsRequired();
        builder.Property(x => x.Model).HasColumnName("model_settings").HasModelSettingsJson();
        builder.Property(x => x.Mode).HasColumnName("agent_mode").HasEnumText(20);
        builder.Property(x => x.Status).HasColumnName("publish_status").HasEnumText(20);
        builder.Property(x => x.ChangeLog).HasMaxLength(AgentVersion.ChangeLogMaxLength);
        builder.Property(x => x.RejectReason).HasMaxLength(AgentVersion.ReasonMaxLength);

        builder.HasOne<Agent>().WithMany().HasForeignKey(x => x.AgentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(x => new { x.AgentId, x.VersionNumber }).IsUnique();
        builder.HasIndex(x => new { x.Status, x.CreatedAt });

        // Marketplace search: trigram indexes serve ILIKE '%q%' for any script, Chinese included.
        builder.HasIndex(x => x.Name).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_agent_versions_name_trgm");
        builder.HasIndex(x => x.Description).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_agent_versions_description_trgm");
        builder.Ignore(x => x.Content);
    }
}
