using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Agents.Domain.Agents;
using AgentPlatform.Modules.Agents.Domain.Tasks;
using AgentPlatform.Modules.Agents.Domain.Workspace;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentPlatform.Modules.Agents.Infrastructure.Persistence.Configurations;

internal sealed class WorkspaceEntryConfiguration : IEntityTypeConfiguration<WorkspaceEntry>
{
    public void Configure(EntityTypeBuilder<WorkspaceEntry> builder)
    {
        builder.ToTable("agent_workspace");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.ModelOverride).HasColumnName("llm_model_config").HasOptionalModelSettingsJson();
        builder.HasOne<Agent>().WithMany().HasForeignKey(x => x.AgentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(x => new { x.UserId, x.AgentId }).IsUnique();
        builder.HasIndex(x => x.AgentId);
    }
}

internal sealed class AgentTaskConfiguration : IEntityTypeConfiguration<AgentTask>
{
    public void Configure(EntityTypeBuilder<AgentTask> builder)
    {
        builder.ToTable("agent_tasks", t =>
        {
            t.HasEnumCheck<AgentTask, AgentTaskStatus>("agent_tasks", "status");
            t.HasCheckConstraint("ck_agent_tasks_progress", "progress BETWEEN 0 AND 100");
        });
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.Name).HasColumnName("task_name").HasMaxLength(AgentTask.NameMaxLength).IsRequired();
        builder.Property(x => x.Status).HasEnumText(20);
        builder.Property(x => x.Result).HasColumnName("task_result");
        builder.Property(x => x.Input).HasColumnName("input_data").HasColumnType("jsonb");
        builder.Property(x => x.Output).HasColumnName("output_data").HasColumnType("jsonb");
        builder.Property(x => x.StartedAt).HasColumnName("start_time");
        builder.Property(x => x.EndedAt).HasColumnName("end_time");
        builder.Property(x => x.Events).HasJsonList();
        builder.HasOne<AgentTask>().WithMany().HasForeignKey(x => x.ParentTaskId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(x => new { x.UserId, x.SessionId });
        builder.HasIndex(x => x.ParentTaskId);
        builder.Ignore(x => x.IsFinal);
    }
}
