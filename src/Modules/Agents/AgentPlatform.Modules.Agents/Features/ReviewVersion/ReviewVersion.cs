using AgentPlatform.Modules.Agents.Domain.Agents;
using AgentPlatform.Modules.Agents.Features.Shared;

namespace AgentPlatform.Modules.Agents.Features.ReviewVersion;

internal enum ReviewDecision
{
    Approve,
    Reject,
    Delist,
}

internal sealed record RejectRequest(string? Reason);

/// <summary>
/// An administrator's decision on a version: approving makes it the agent's live version; delisting the live
/// version takes the agent off the marketplace.
/// </summary>
internal sealed record ReviewVersion(Guid VersionId, ReviewDecision Decision, string? Reason = null) : ICommand<VersionView>;

internal sealed class ReviewVersionValidator : AbstractValidator<ReviewVersion>
{
    public ReviewVersionValidator() =>
        RuleFor(x => x.Reason).NotEmpty().WithMessage("A reason is required to reject a version.")
            .MaximumLength(AgentVersion.ReasonMaxLength)
            .When(x => x.Decision == ReviewDecision.Reject);
}

internal sealed class ReviewVersionHandler(AgentsDbContext db, TimeProvider clock) : ICommandHandler<ReviewVersion, VersionView>
{
    public async ValueTask<VersionView> Handle(ReviewVersion command, CancellationToken cancellationToken)
    {
        var version = await db.Versions.SingleOrDefaultAsync(v => v.Id == command.VersionId, cancellationToken)
            ?? throw DomainException.NotFound("Version", command.VersionId);
        var agent = await db.Agents.IgnoreQueryFilters().SingleAsync(a => a.Id == version.AgentId, cancellationToken);
        var now = clock.GetUtcNow();
        switch (command.Decision)
        {
            case ReviewDecision.Approve:
                version.Approve(now);
                agent.GoLive(version);
                break;
            case ReviewDecision.Reject:
                version.Reject(command.Reason!.Trim(), now);
                break;
            case ReviewDecision.Delist:
                version.Delist();
                agent.TakeOffline(version);
                break;
        }

        await db.SaveChangesAsync(cancellationToken);
        return version.ToView(agent.PublishedVersionId);
    }
}
