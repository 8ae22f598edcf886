using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Agents.Features.Shared;

namespace AgentPlatform.Modules.Agents.Features.GetAgent;

internal sealed record GetAgent(Guid Id) : IQuery<AgentView>;

internal sealed class GetAgentHandler(AgentsDbContext db, ICurrentUser currentUser) : IQueryHandler<GetAgent, AgentView>
{
    public async ValueTask<AgentView> Handle(GetAgent query, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        var agent = await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == query.Id && a.UserId == userId, cancellationToken)
            ?? throw DomainException.NotFound("Agent", query.Id);
        return agent.ToView();
    }
}
