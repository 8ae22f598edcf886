using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Agents.Contracts;
using AgentPlatform.Modules.Agents.Domain.Agents;

namespace AgentPlatform.Modules.Agents.Features.GetAgentSnapshot;

internal sealed class GetAgentSnapshotHandler(AgentsDbContext db) : IQueryHandler<Contracts.GetAgentSnapshot, AgentSnapshot?>
{
    public async ValueTask<AgentSnapshot?> Handle(Contracts.GetAgentSnapshot query, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == query.AgentId, cancellationToken);
        if (agent is null)
        {
            return null;
        }

        var isOwner = agent.UserId == query.UserId;
        AgentVersion? live = null;
        if (agent.PublishedVersionId is { } liveId && (agent.Enabled || isOwner) && !(isOwner && query.UseDraft))
        {
            live = await db.Versions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == liveId && v.Status == PublishStatus.Published, cancellationToken);
        }

        if (live is null && !isOwner)
        {
            return null;
        }

        var modelOverride = await db.Workspace.AsNoTracking()
            .Where(w => w.UserId == query.UserId && w.AgentId == agent.Id)
            .Select(w => w.ModelOverride)
            .FirstOrDefaultAsync(cancellationToken);
        var content = live?.Content ?? agent.Content;
        var model = content.Model.With(modelOverride);
        return new AgentSnapshot(
            agent.Id,
            agent.UserId,
            live?.Id,
            live?.VersionNumber,
            content.Name,
            content.SystemPrompt,
            content.WelcomeMessage,
            content.ToolIds,
            content.KnowledgeBaseIds,
            content.ToolPresetParameters,
            content.MultiModal,
            EnumText.Of(content.Mode),
            new AgentModelSettings(model.ModelId, model.ProfileId, model.Temperature, model.MaxTokens, model.TopP, model.FrequencyPenalty, model.PresencePenalty, model.Seed));
    }
}
