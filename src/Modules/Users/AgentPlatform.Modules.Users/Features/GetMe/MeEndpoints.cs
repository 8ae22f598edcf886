using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Modules.Users.Features.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Users.Features.GetMe;

internal static class MeEndpoints
{
    public static void Map(RouteGroupBuilder me)
    {
        me.MapGet("/", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetMe(), ct)))
            .WithName("GetMe")
            .WithSummary("The signed-in user's profile.")
            .Produces<UserProfile>()
            .ProducesProblems(401, 403);

        me.MapPatch("/", async (UpdateMe.UpdateMe body, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(body, ct)))
            .WithName("UpdateMe")
            .WithSummary("Changes the nickname and avatar; absent fields stay, empty strings clear.")
            .Produces<UserProfile>()
            .ProducesProblems(400, 401, 403);

        me.MapPost("/password", async (ChangePassword.ChangePassword body, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(body, ct);
                return TypedResults.NoContent();
            })
            .WithName("ChangePassword")
            .WithSummary("Changes the password and signs out every other session.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(400, 401, 403);
    }
}
