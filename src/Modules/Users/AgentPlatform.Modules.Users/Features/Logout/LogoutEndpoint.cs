using AgentPlatform.BuildingBlocks.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Users.Features.Logout;

internal static class LogoutEndpoint
{
    public static void Map(RouteGroupBuilder auth) =>
        auth.MapPost("/logout", async (LogoutRequest? body, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new Logout(body?.RefreshToken), ct);
                return TypedResults.NoContent();
            })
            .WithName("Logout")
            .WithSummary("Ends the session of the access token sent, and of the refresh token in the body if given; its tokens stop working at once.")
            .AllowAnonymous()
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(400);
}
