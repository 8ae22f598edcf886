using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Agents.Contracts;
using AgentPlatform.Modules.Agents.Domain.Traces;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentPlatform.Modules.Agents.Infrastructure.Persistence.Configurations;

internal sealed class ExecutionSummaryConfiguration : IEntityTypeConfiguration<ExecutionSummary>
{
    public void Configure(EntityTypeBuilder<ExecutionSummary> builder)
    {
        builder.ToTable("agent_execution_summary");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.TraceId).HasMaxLength(ExecutionSummary.TraceIdMaxLength).IsRequired();
        builder.Property(x => x.StartedAt).HasColumnName("execution_start_time");
        builder.Property(x => x.EndedAt).HasColumnName("execution_end_time");
        builder.Property(x => x.TotalTimeMs).HasColumnName("total_execution_time");
        builder.Property(x => x.InputTokens).HasColumnName("total_input_tokens");
        builder.Property(x => x.OutputTokens).HasColumnName("total_output_tokens");
        builder.Property(x => x.ToolTimeMs).HasColumnName("total_tool_execution_time");
        builder.Property(x => x.TotalCost).HasColumnType("numeric(20,8)");
        builder.Property(x => x.Success).HasColumnName("execution_success");
        builder.Property(x => x.ErrorPhase).HasMaxLength(64);

        builder.HasIndex(x => x.TraceId).IsUnique();

        // "My runs", newest first, by cursor; and per-agent aggregates over a time range, answered from the
        // index alone (the aggregated columns are included).
        builder.HasIndex(x => new { x.UserId, x.StartedAt, x.Id }).IsDescending(false, true, true);
        builder.HasIndex(x => new { x.UserId, x.AgentId, x.StartedAt })
            .IncludeProperties(x => new { x.Success, x.TotalTimeMs, x.InputTokens, x.OutputTokens, x.TotalTokens, x.ToolCallCount, x.TotalCost });
        builder.HasIndex(x => x.SessionId);
    }
}

internal sealed class ExecutionDetailConfiguration : IEntityTypeConfiguration<ExecutionDetail>
{
    public void Configure(EntityTypeBuilder<ExecutionDetail> builder)
    {
        builder.ToTable("agent_execution_details", t => t.HasEnumCheck<ExecutionDetail, ExecutionStepType>("agent_execution_details", "step_type"));
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.TraceId).HasMaxLength(ExecutionSummary.TraceIdMaxLength).IsRequired();
        builder.Property(x => x.StepType).HasEnumText(32);
        builder.Property(x => x.Content).HasColumnName("message_content");
        builder.Property(x => x.MessageType).HasMaxLength(32);
        builder.Property(x => x.ModelId).HasMaxLength(128);
        builder.Property(x => x.ProviderName).HasMaxLength(64);
        builder.Property(x => x.Tokens).HasColumnName("message_tokens");
        builder.Property(x => x.ModelCallTimeMs).HasColumnName("model_call_time");
        builder.Property(x => x.ToolName).HasMaxLength(128);
        builder.Property(x => x.ToolArguments).HasColumnName("tool_request_args");
        builder.Property(x => x.ToolResponse).HasColumnName("tool_response_data");
        builder.Property(x => x.ToolTimeMs).HasColumnName("tool_execution_time");
        builder.Property(x => x.FallbackUsed).HasColumnName("is_fallback_used");
        builder.Property(x => x.FallbackFromModel).HasMaxLength(128);
        builder.Property(x => x.FallbackToModel).HasMaxLength(128);
        builder.Property(x => x.StepCost).HasColumnType("numeric(20,8)");
        builder.Property(x => x.StepError).HasColumnName("step_error_message");

        // One step per (trace, sequence number): the idempotency key of trace writes and the order of reads.
        builder.HasIndex(x => new { x.TraceId, x.SequenceNo }).IsUnique();

        // The retention job deletes by age.
        builder.HasIndex(x => x.CreatedAt);
    }
}
