using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Agents.Features.Shared;

namespace AgentPlatform.Modules.Agents.Features.RollBack;

internal sealed record RollBackRequest(Guid? VersionId);

/// <summary>Points the agent's live version at another of its published versions.</summary>
internal sealed record RollBackAgent(Guid AgentId, Guid? VersionId) : ICommand<AgentView>;

internal sealed class RollBackAgentValidator : AbstractValidator<RollBackAgent>
{
    public RollBackAgentValidator() => RuleFor(x => x.VersionId).NotNull().NotEqual(Guid.Empty).WithMessage("versionId is required.");
}

internal sealed class RollBackAgentHandler(AgentsDbContext db, ICurrentUser currentUser) : ICommandHandler<RollBackAgent, AgentView>
{
    public async ValueTask<AgentView> Handle(RollBackAgent command, CancellationToken cancellationToken)
    {
        var agent = await db.OwnedAgentAsync(command.AgentId, currentUser.Id, cancellationToken);
        var version = await db.Versions.SingleOrDefaultAsync(v => v.Id == command.VersionId && v.AgentId == agent.Id, cancellationToken)
            ?? throw DomainException.NotFound("Version", command.VersionId!.Value);
        agent.RollBackTo(version);
        await db.SaveChangesAsync(cancellationToken);
        return agent.ToView();
    }
}
