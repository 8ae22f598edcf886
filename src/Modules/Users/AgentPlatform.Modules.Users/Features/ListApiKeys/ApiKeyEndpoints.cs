using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Modules.Users.Features.CreateApiKey;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Users.Features.ListApiKeys;

internal static class ApiKeyEndpoints
{
    public static void Map(RouteGroupBuilder me)
    {
        var keys = me.MapGroup("/api-keys");
        keys.MapGet("/", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListApiKeys(), ct)))
            .WithName("ListApiKeys")
            .WithSummary("The caller's API keys (never their secrets).")
            .Produces<IReadOnlyList<ApiKeyItem>>()
            .ProducesProblems(401, 403);

        keys.MapPost("/", async (CreateApiKey.CreateApiKey body, ISender sender, CancellationToken ct) =>
            {
                var created = await sender.Send(body, ct);
                return TypedResults.Created($"/api/v1/users/me/api-keys/{created.Id}", created);
            })
            .WithName("CreateApiKey")
            .WithSummary("Creates an API key. The answer holds the key itself, shown this once only.")
            .Produces<CreatedApiKey>(StatusCodes.Status201Created)
            .ProducesProblems(400, 401, 403, 409);

        keys.MapDelete("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new RevokeApiKey.RevokeApiKey(id), ct);
                return TypedResults.NoContent();
            })
            .WithName("RevokeApiKey")
            .WithSummary("Revokes an API key; it stops working at once.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(401, 403, 404);
    }
}
