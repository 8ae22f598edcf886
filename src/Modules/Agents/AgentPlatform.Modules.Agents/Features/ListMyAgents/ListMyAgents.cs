using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Persistence;

namespace AgentPlatform.Modules.Agents.Features.ListMyAgents;

internal sealed record ListMyAgents(int? Page, int? PageSize, string? Q) : IQuery<PagedResult<MyAgentItem>>, IPagedQuery;

internal sealed record MyAgentItem(Guid Id, string Name, string? Avatar, string? Description, bool Enabled, Guid? PublishedVersionId, string? LatestVersionNumber, DateTimeOffset UpdatedAt);

internal sealed class ListMyAgentsValidator : AbstractValidator<ListMyAgents>
{
    public ListMyAgentsValidator()
    {
        this.ValidatePaging();
        RuleFor(x => x.Q).MaximumLength(100);
    }
}

internal sealed class ListMyAgentsHandler(AgentsDbContext db, ICurrentUser currentUser) : IQueryHandler<ListMyAgents, PagedResult<MyAgentItem>>
{
    public async ValueTask<PagedResult<MyAgentItem>> Handle(ListMyAgents query, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        var agents = db.Agents.AsNoTracking().Where(a => a.UserId == userId);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var term = Like.Contains(query.Q);
            agents = agents.Where(a => EF.Functions.ILike(a.Name, term, Like.Escape) || (a.Description != null && EF.Functions.ILike(a.Description, term, Like.Escape)));
        }

        return await agents
            .OrderByDescending(a => a.UpdatedAt).ThenBy(a => a.Id)
            .Select(a => new MyAgentItem(a.Id, a.Name, a.Avatar, a.Description, a.Enabled, a.PublishedVersionId, a.LatestVersionNumber, a.UpdatedAt))
            .ToPagedResultAsync(query, cancellationToken);
    }
}
