using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Agents.Domain.Agents;
using AgentPlatform.Modules.Agents.Features.Shared;

namespace AgentPlatform.Modules.Agents.Features.PublishVersion;

internal sealed record PublishVersionRequest(string? VersionNumber, string? ChangeLog);

/// <summary>Snapshots the draft into a new version, which waits for an administrator's review.</summary>
internal sealed record PublishVersion(Guid AgentId, string? VersionNumber, string? ChangeLog) : ICommand<VersionView>;

internal sealed class PublishVersionValidator : AbstractValidator<PublishVersion>
{
    public PublishVersionValidator()
    {
        RuleFor(x => x.VersionNumber).NotEmpty().Must(v => SemanticVersion.TryParse(v, out _))
            .WithMessage("versionNumber is MAJOR.MINOR.PATCH without leading zeros, for example 1.2.0.");
        RuleFor(x => x.ChangeLog).MaximumLength(AgentVersion.ChangeLogMaxLength);
    }
}

internal sealed class PublishVersionHandler(AgentsDbContext db, ICurrentUser currentUser, TimeProvider clock) : ICommandHandler<PublishVersion, VersionView>
{
    public async ValueTask<VersionView> Handle(PublishVersion command, CancellationToken cancellationToken)
    {
        var agent = await db.OwnedAgentAsync(command.AgentId, currentUser.Id, cancellationToken);

        // Publishing also moves the agent's latest version number, so two concurrent publishes collide on the
        // agent's row version instead of both passing the "greater than the last" check.
        var version = agent.Publish(command.VersionNumber!, command.ChangeLog, clock.GetUtcNow());
        db.Versions.Add(version);
        await db.SaveChangesAsync(cancellationToken);
        return version.ToView(agent.PublishedVersionId);
    }
}
