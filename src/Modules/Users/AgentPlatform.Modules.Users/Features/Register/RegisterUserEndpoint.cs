using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Modules.Users.Features.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Users.Features.Register;

internal static class RegisterUserEndpoint
{
    public static void Map(RouteGroupBuilder auth) =>
        auth.MapPost("/register", async (RegisterUser body, ISender sender, CancellationToken ct) =>
            {
                var profile = await sender.Send(body, ct);
                return TypedResults.Created("/api/v1/users/me", profile);
            })
            .WithName("RegisterUser")
            .WithSummary("Creates a user account.")
            .AllowAnonymous()
            .RequireRateLimiting(UsersModuleConstants.AuthRateLimitPolicy)
            .Produces<UserProfile>(StatusCodes.Status201Created)
            .ProducesProblems(400, 409, 429);
}
