using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Agents.Features.Marketplace;

internal static class MarketplaceEndpoints
{
    public static void Map(RouteGroupBuilder agents) =>
        agents.MapGet("/marketplace", async (string? q, int? page, int? pageSize, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new SearchMarketplace(q, page, pageSize), ct)))
            .WithName("SearchAgentMarketplace")
            .WithTags("Agent marketplace")
            .WithSummary("Published, enabled agents of every user with their live version; q searches name and description (any language).")
            .Produces<PagedResult<MarketplaceItem>>()
            .ProducesProblems(400, 401, 403);
}
