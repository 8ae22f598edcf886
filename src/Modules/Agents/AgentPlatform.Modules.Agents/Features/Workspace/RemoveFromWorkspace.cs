using AgentPlatform.BuildingBlocks.Application;

namespace AgentPlatform.Modules.Agents.Features.Workspace;

internal sealed record RemoveFromWorkspace(Guid AgentId) : ICommand;

internal sealed class RemoveFromWorkspaceHandler(AgentsDbContext db, ICurrentUser currentUser) : ICommandHandler<RemoveFromWorkspace>
{
    public async ValueTask<Unit> Handle(RemoveFromWorkspace command, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        var removed = await db.Workspace.Where(w => w.UserId == userId && w.AgentId == command.AgentId).ExecuteDeleteAsync(cancellationToken);
        return removed == 0 ? throw DomainException.NotFound("Workspace agent", command.AgentId) : Unit.Value;
    }
}
