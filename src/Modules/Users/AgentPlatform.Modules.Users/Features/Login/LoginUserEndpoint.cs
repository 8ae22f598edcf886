using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Modules.Users.Infrastructure.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Users.Features.Login;

internal static class LoginUserEndpoint
{
    public static void Map(RouteGroupBuilder auth) =>
        auth.MapPost("/login", async (LoginRequest body, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var command = new LoginUser(body.Login, body.Password, http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString());
                return TypedResults.Ok(await sender.Send(command, ct));
            })
            .WithName("Login")
            .WithSummary("Signs in with a username or email and a password; returns an access and a refresh token.")
            .AllowAnonymous()
            .RequireRateLimiting(UsersModuleConstants.AuthRateLimitPolicy)
            .Produces<IssuedTokens>()
            .ProducesProblems(400, 401, 429);
}
