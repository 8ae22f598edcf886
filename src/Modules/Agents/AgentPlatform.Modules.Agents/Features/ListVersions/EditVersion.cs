using AgentPlatform.BuildingBlocks.Application;

namespace AgentPlatform.Modules.Agents.Features.ListVersions;

/// <summary>
/// Versions are immutable: an attempt to edit one is answered, for the owner, with a 409 that says to
/// publish a new version instead (others get a 404, as for any object of theirs).
/// </summary>
internal sealed record EditVersion(Guid AgentId, Guid VersionId) : ICommand;

internal sealed class EditVersionHandler(AgentsDbContext db, ICurrentUser currentUser) : ICommandHandler<EditVersion>
{
    public async ValueTask<Unit> Handle(EditVersion command, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        var exists = await db.Versions.AnyAsync(
            v => v.Id == command.VersionId && v.AgentId == command.AgentId && db.Agents.Any(a => a.Id == v.AgentId && a.UserId == userId),
            cancellationToken);
        throw exists
            ? DomainException.Conflict("agents.version_immutable", "A published version never changes; edit the draft and publish a new version.")
            : DomainException.NotFound("Version", command.VersionId);
    }
}
