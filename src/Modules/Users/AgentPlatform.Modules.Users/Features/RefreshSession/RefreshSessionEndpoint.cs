using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Modules.Users.Infrastructure.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Users.Features.RefreshSession;

internal static class RefreshSessionEndpoint
{
    public static void Map(RouteGroupBuilder auth) =>
        auth.MapPost("/refresh", async (RefreshSession body, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(body, ct)))
            .WithName("RefreshSession")
            .WithSummary("Exchanges a refresh token for new tokens. The old refresh token stops working; using it again ends the session.")
            .AllowAnonymous()
            .RequireRateLimiting(UsersModuleConstants.AuthRateLimitPolicy)
            .Produces<IssuedTokens>()
            .ProducesProblems(400, 401, 429);
}
