using AgentPlatform.Modules.Agents.Domain.Agents;

namespace AgentPlatform.Modules.Agents.Domain.Workspace;

/// <summary>A published agent a user added to their workspace (seed 004 §4.3), at most once, with a model override.</summary>
internal sealed class WorkspaceEntry : Entity, IAuditable
{
    private WorkspaceEntry()
    {
    }

    public Guid UserId { get; private set; }

    public Guid AgentId { get; private set; }

    public ModelSettings? ModelOverride { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static WorkspaceEntry Add(Guid userId, Guid agentId, ModelSettings? modelOverride) =>
        new() { UserId = userId, AgentId = agentId, ModelOverride = modelOverride };

    public void OverrideModel(ModelSettings? modelOverride) => ModelOverride = modelOverride;
}
