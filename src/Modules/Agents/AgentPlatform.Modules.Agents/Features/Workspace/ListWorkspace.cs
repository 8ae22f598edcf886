using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Persistence;

namespace AgentPlatform.Modules.Agents.Features.Workspace;

/// <summary>The caller's workspace, most recently added first; deleted agents drop out.</summary>
internal sealed record ListWorkspace(int? Page, int? PageSize) : IQuery<PagedResult<WorkspaceItem>>, IPagedQuery;

internal sealed class ListWorkspaceValidator : AbstractValidator<ListWorkspace>
{
    public ListWorkspaceValidator() => this.ValidatePaging();
}

internal sealed class ListWorkspaceHandler(AgentsDbContext db, ICurrentUser currentUser) : IQueryHandler<ListWorkspace, PagedResult<WorkspaceItem>>
{
    public async ValueTask<PagedResult<WorkspaceItem>> Handle(ListWorkspace query, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        var items = from w in db.Workspace.AsNoTracking()
                    where w.UserId == userId
                    join a in db.Agents.AsNoTracking() on w.AgentId equals a.Id
                    join v in db.Versions.AsNoTracking() on a.PublishedVersionId equals (Guid?)v.Id into live
                    from v in live.DefaultIfEmpty()
                    orderby w.CreatedAt descending, w.Id
                    select new WorkspaceItem(
                        a.Id,
                        v != null ? v.Name : a.Name,
                        v != null ? v.Avatar : a.Avatar,
                        v != null ? v.Description : a.Description,
                        v != null ? v.VersionNumber : null,
                        a.UserId == userId,
                        w.ModelOverride,
                        w.CreatedAt);
        return await items.ToPagedResultAsync(query, cancellationToken);
    }
}
