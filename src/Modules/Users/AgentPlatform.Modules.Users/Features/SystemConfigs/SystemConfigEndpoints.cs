using System.Text.Json;
using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Users.Features.SystemConfigs;

internal static class SystemConfigEndpoints
{
    public static void MapAdmin(RouteGroupBuilder configs)
    {
        configs.MapGet("/", async (int? page, int? pageSize, string? search, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListSystemConfigs(page, pageSize, search), ct)))
            .WithName("AdminListSystemConfigs")
            .Produces<PagedResult<SystemConfigItem>>()
            .ProducesProblems(400, 401, 403);

        configs.MapGet("/{key}", async (string key, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetSystemConfig(key), ct)))
            .WithName("AdminGetSystemConfig")
            .Produces<SystemConfigItem>()
            .ProducesProblems(401, 403, 404);

        configs.MapPut("/{key}", async Task<Results<Created<SystemConfigItem>, Ok<SystemConfigItem>>> (string key, PutSystemConfigRequest body, ISender sender, CancellationToken ct) =>
            {
                var (item, created) = await sender.Send(new PutSystemConfig(key, body.Value, body.ValueType, body.Description, body.IsPublic), ct);
                return created ? TypedResults.Created($"/api/v1/admin/system-configs/{key}", item) : TypedResults.Ok(item);
            })
            .WithName("AdminPutSystemConfig")
            .WithSummary("Creates or replaces a setting; the value must be valid for its type (string, json, integer, boolean).")
            .ProducesProblems(400, 401, 403);

        configs.MapDelete("/{key}", async (string key, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new DeleteSystemConfig(key), ct);
                return TypedResults.NoContent();
            })
            .WithName("AdminDeleteSystemConfig")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(401, 403, 404);
    }

    public static void MapPublic(RouteGroupBuilder configs) =>
        configs.MapGet("/public", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetPublicSystemConfigs(), ct)))
            .WithName("GetPublicSystemConfigs")
            .WithSummary("Public settings as a map of key to typed value; no sign-in needed.")
            .AllowAnonymous()
            .Produces<IReadOnlyDictionary<string, JsonElement>>();
}
