using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Agents.Features.Shared;

namespace AgentPlatform.Modules.Agents.Features.ListVersions;

/// <summary>The owner's versions of an agent, newest first.</summary>
internal sealed record ListVersions(Guid AgentId, int? Page, int? PageSize) : IQuery<PagedResult<VersionView>>, IPagedQuery;

internal sealed class ListVersionsValidator : AbstractValidator<ListVersions>
{
    public ListVersionsValidator() => this.ValidatePaging();
}

internal sealed class ListVersionsHandler(AgentsDbContext db, ICurrentUser currentUser) : IQueryHandler<ListVersions, PagedResult<VersionView>>
{
    public async ValueTask<PagedResult<VersionView>> Handle(ListVersions query, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        var live = await db.Agents.Where(a => a.Id == query.AgentId && a.UserId == userId).Select(a => new { a.PublishedVersionId }).SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("Agent", query.AgentId);
        var page = await db.Versions.AsNoTracking().Where(v => v.AgentId == query.AgentId)
            .OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id)
            .ToPagedResultAsync(query, cancellationToken);
        return new PagedResult<VersionView>([.. page.Items.Select(v => v.ToView(live.PublishedVersionId))], page.Page, page.PageSize, page.Total);
    }
}

/// <summary>One version with its content, for its owner.</summary>
internal sealed record GetVersion(Guid AgentId, Guid VersionId) : IQuery<VersionDetailView>;

internal sealed class GetVersionHandler(AgentsDbContext db, ICurrentUser currentUser) : IQueryHandler<GetVersion, VersionDetailView>
{
    public async ValueTask<VersionDetailView> Handle(GetVersion query, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        var found = await db.Versions.AsNoTracking()
            .Where(v => v.Id == query.VersionId && v.AgentId == query.AgentId)
            .Join(db.Agents.Where(a => a.UserId == userId), v => v.AgentId, a => a.Id, (v, a) => new { Version = v, a.PublishedVersionId })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("Version", query.VersionId);
        return found.Version.ToDetailView(found.PublishedVersionId);
    }
}
