using AgentPlatform.Modules.Agents.Features.Shared;

namespace AgentPlatform.Modules.Agents.Features.ReviewVersion;

/// <summary>For administrators: any version with its content, to review it.</summary>
internal sealed record GetVersionForReview(Guid VersionId) : IQuery<VersionDetailView>;

internal sealed class GetVersionForReviewHandler(AgentsDbContext db) : IQueryHandler<GetVersionForReview, VersionDetailView>
{
    public async ValueTask<VersionDetailView> Handle(GetVersionForReview query, CancellationToken cancellationToken)
    {
        var found = await db.Versions.AsNoTracking()
            .Where(v => v.Id == query.VersionId)
            .Join(db.Agents, v => v.AgentId, a => a.Id, (v, a) => new { Version = v, a.PublishedVersionId })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("Version", query.VersionId);
        return found.Version.ToDetailView(found.PublishedVersionId);
    }
}
