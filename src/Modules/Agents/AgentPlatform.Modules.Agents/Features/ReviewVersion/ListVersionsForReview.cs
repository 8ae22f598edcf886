using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Agents.Domain.Agents;
using AgentPlatform.Modules.Agents.Features.Shared;

namespace AgentPlatform.Modules.Agents.Features.ReviewVersion;

/// <summary>For administrators: versions by review state (default: waiting for review), oldest first.</summary>
internal sealed record ListVersionsForReview(string? Status, int? Page, int? PageSize) : IQuery<PagedResult<VersionView>>, IPagedQuery;

internal sealed class ListVersionsForReviewValidator : AbstractValidator<ListVersionsForReview>
{
    public ListVersionsForReviewValidator()
    {
        this.ValidatePaging();
        RuleFor(x => x.Status).Must(EnumText.IsDefined<PublishStatus>).When(x => x.Status is not null)
            .WithMessage($"status is one of: {string.Join(", ", EnumText.Names<PublishStatus>())}.");
    }
}

internal sealed class ListVersionsForReviewHandler(AgentsDbContext db) : IQueryHandler<ListVersionsForReview, PagedResult<VersionView>>
{
    public async ValueTask<PagedResult<VersionView>> Handle(ListVersionsForReview query, CancellationToken cancellationToken)
    {
        var status = query.Status is null ? PublishStatus.Reviewing : EnumText.Parse<PublishStatus>(query.Status);
        var page = await db.Versions.AsNoTracking().Where(v => v.Status == status)
            .Join(db.Agents, v => v.AgentId, a => a.Id, (v, a) => new { Version = v, a.PublishedVersionId })
            .OrderBy(x => x.Version.CreatedAt).ThenBy(x => x.Version.Id)
            .ToPagedResultAsync(query, cancellationToken);
        return new PagedResult<VersionView>([.. page.Items.Select(x => x.Version.ToView(x.PublishedVersionId))], page.Page, page.PageSize, page.Total);
    }
}
