using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Agents.Domain.Agents;

namespace AgentPlatform.Modules.Agents.Features.Marketplace;

/// <summary>Published, enabled agents of every user, with their live version; q matches name or description.</summary>
internal sealed record SearchMarketplace(string? Q, int? Page, int? PageSize) : IQuery<PagedResult<MarketplaceItem>>, IPagedQuery;

internal sealed record MarketplaceItem(
    Guid AgentId,
    Guid VersionId,
    string VersionNumber,
    string Name,
    string? Avatar,
    string? Description,
    string? WelcomeMessage,
    bool MultiModal,
    string AgentMode,
    Guid OwnerId,
    DateTimeOffset? PublishedAt);

internal sealed class SearchMarketplaceValidator : AbstractValidator<SearchMarketplace>
{
    public SearchMarketplaceValidator()
    {
        this.ValidatePaging();
        RuleFor(x => x.Q).MaximumLength(100);
    }
}

internal sealed class SearchMarketplaceHandler(AgentsDbContext db) : IQueryHandler<SearchMarketplace, PagedResult<MarketplaceItem>>
{
    public async ValueTask<PagedResult<MarketplaceItem>> Handle(SearchMarketplace query, CancellationToken cancellationToken)
    {
        var live = from a in db.Agents.AsNoTracking()
                   where a.Enabled && a.PublishedVersionId != null
                   join v in db.Versions.AsNoTracking() on a.PublishedVersionId equals (Guid?)v.Id
                   where v.Status == PublishStatus.Published
                   select v;
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            // ILIKE on the trigram-indexed columns: works for Chinese as for English (no word splitting needed).
            var term = Like.Contains(query.Q);
            live = live.Where(v => EF.Functions.ILike(v.Name, term, Like.Escape) || (v.Description != null && EF.Functions.ILike(v.Description, term, Like.Escape)));
        }

        var page = await live
            .OrderByDescending(v => v.PublishedAt).ThenBy(v => v.Id)
            .Select(v => new { v.AgentId, v.Id, v.VersionNumber, v.Name, v.Avatar, v.Description, v.WelcomeMessage, v.MultiModal, v.Mode, v.UserId, v.PublishedAt })
            .ToPagedResultAsync(query, cancellationToken);
        return new PagedResult<MarketplaceItem>(
            [.. page.Items.Select(v => new MarketplaceItem(v.AgentId, v.Id, v.VersionNumber, v.Name, v.Avatar, v.Description, v.WelcomeMessage, v.MultiModal, EnumText.Of(v.Mode), v.UserId, v.PublishedAt))],
            page.Page,
            page.PageSize,
            page.Total);
    }
}
