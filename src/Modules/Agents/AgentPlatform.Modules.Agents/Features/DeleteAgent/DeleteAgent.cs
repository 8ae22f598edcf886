using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Agents.Features.Shared;

namespace AgentPlatform.Modules.Agents.Features.DeleteAgent;

/// <summary>Soft-deletes the agent: it leaves the marketplace and every workspace can no longer run it.</summary>
internal sealed record DeleteAgent(Guid Id) : ICommand;

internal sealed class DeleteAgentHandler(AgentsDbContext db, ICurrentUser currentUser) : ICommandHandler<DeleteAgent>
{
    public async ValueTask<Unit> Handle(DeleteAgent command, CancellationToken cancellationToken)
    {
        var agent = await db.OwnedAgentAsync(command.Id, currentUser.Id, cancellationToken);
        db.Agents.Remove(agent);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
