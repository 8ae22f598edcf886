using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Agents.Domain.Agents;
using AgentPlatform.Modules.Agents.Features.Shared;

namespace AgentPlatform.Modules.Agents.Features.Workspace;

internal sealed record ModelOverrideRequest(ModelSettings? ModelOverride);

/// <summary>Sets (or, with null, clears) the caller's model override of an agent in their workspace.</summary>
internal sealed record SetWorkspaceModelOverride(Guid AgentId, ModelSettings? ModelOverride) : ICommand<ModelSettings?>;

internal sealed class SetWorkspaceModelOverrideValidator : AbstractValidator<SetWorkspaceModelOverride>
{
    public SetWorkspaceModelOverrideValidator() =>
        RuleFor(x => x.ModelOverride!).SetValidator(new ModelSettingsValidator()).When(x => x.ModelOverride is not null);
}

internal sealed class SetWorkspaceModelOverrideHandler(AgentsDbContext db, ICurrentUser currentUser, ISender sender) : ICommandHandler<SetWorkspaceModelOverride, ModelSettings?>
{
    public async ValueTask<ModelSettings?> Handle(SetWorkspaceModelOverride command, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        await sender.EnsureUsableAsync(userId, command.ModelOverride, "modelOverride", cancellationToken);
        var entry = await db.Workspace.SingleOrDefaultAsync(w => w.UserId == userId && w.AgentId == command.AgentId, cancellationToken)
            ?? throw DomainException.NotFound("Workspace agent", command.AgentId);
        entry.OverrideModel(command.ModelOverride);
        await db.SaveChangesAsync(cancellationToken);
        return entry.ModelOverride;
    }
}
