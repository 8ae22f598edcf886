using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Agents.Domain.Agents;
using AgentPlatform.Modules.Agents.Domain.Workspace;
using AgentPlatform.Modules.Agents.Features.Shared;

namespace AgentPlatform.Modules.Agents.Features.Workspace;

/// <summary>Adds a published agent (or one of the caller's own) to the caller's workspace, once.</summary>
internal sealed record AddToWorkspace(Guid? AgentId, ModelSettings? ModelOverride) : ICommand<WorkspaceItem>;

internal sealed class AddToWorkspaceValidator : AbstractValidator<AddToWorkspace>
{
    public AddToWorkspaceValidator()
    {
        RuleFor(x => x.AgentId).NotNull().NotEqual(Guid.Empty).WithMessage("agentId is required.");
        RuleFor(x => x.ModelOverride!).SetValidator(new ModelSettingsValidator()).When(x => x.ModelOverride is not null);
    }
}

internal sealed class AddToWorkspaceHandler(AgentsDbContext db, ICurrentUser currentUser, ISender sender) : ICommandHandler<AddToWorkspace, WorkspaceItem>
{
    public async ValueTask<WorkspaceItem> Handle(AddToWorkspace command, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        await sender.EnsureUsableAsync(userId, command.ModelOverride, "modelOverride", cancellationToken);
        var agentId = command.AgentId!.Value;
        var agent = await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == agentId, cancellationToken);
        var live = agent?.PublishedVersionId is { } liveId && agent.Enabled
            ? await db.Versions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == liveId && v.Status == PublishStatus.Published, cancellationToken)
            : null;
        if (agent is null || (agent.UserId != userId && live is null))
        {
            // Someone else's unpublished agent does not exist for this caller.
            throw DomainException.NotFound("Agent", agentId);
        }

        if (await db.Workspace.AnyAsync(w => w.UserId == userId && w.AgentId == agentId, cancellationToken))
        {
            throw DomainException.Conflict("agents.already_in_workspace", "The agent is already in your workspace.");
        }

        var entry = WorkspaceEntry.Add(userId, agentId, command.ModelOverride);
        db.Workspace.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return new WorkspaceItem(agentId, live?.Name ?? agent.Name, live?.Avatar ?? agent.Avatar, live?.Description ?? agent.Description, live?.VersionNumber, agent.UserId == userId, entry.ModelOverride, entry.CreatedAt);
    }
}
