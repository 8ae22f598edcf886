using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Modules.Llm.Features.FallbackChains;
using AgentPlatform.Modules.Llm.Features.Profiles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Llm.Features.Models;

internal static class ModelRoutes
{
    public static void Map(RouteGroupBuilder models)
    {
        models.MapGet("/", async (int? page, int? pageSize, string? type, [FromQuery] string[]? capability, string? status, Guid? providerId, string? q, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListModels(page, pageSize, type, capability ?? [], status, providerId, q), ct)))
            .WithName("ListLlmModels").WithSummary("Models the caller may use; filter by type, capability (repeatable, all must hold), status, provider or text.")
            .Produces<PagedResult<ModelDto>>().ProducesProblems(400, 401);
        models.MapPost("/", async (ModelRequest body, ISender sender, CancellationToken ct) =>
            {
                var created = await sender.Send(new SaveModel(null, body), ct);
                return TypedResults.Created($"/api/v1/llm/models/{created.Id}", created);
            })
            .WithName("CreateLlmModel").Produces<ModelDto>(StatusCodes.Status201Created).ProducesProblems(400, 401, 403, 404, 409);
        models.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetModel(id), ct)))
            .WithName("GetLlmModel").Produces<ModelDto>().ProducesProblems(401, 404);
        models.MapPut("/{id:guid}", async (Guid id, ModelRequest body, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new SaveModel(id, body), ct)))
            .WithName("UpdateLlmModel").Produces<ModelDto>().ProducesProblems(400, 401, 403, 404, 409);
        models.MapDelete("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new DeleteModel(id), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteLlmModel").Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404, 409);
    }

    public static void MapProfiles(RouteGroupBuilder profiles)
    {
        profiles.MapGet("/", async (int? page, int? pageSize, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListProfiles(page, pageSize), ct)))
            .WithName("ListLlmProfiles").Produces<PagedResult<ProfileDto>>().ProducesProblems(400, 401);
        profiles.MapPost("/", async (ProfileRequest body, ISender sender, CancellationToken ct) =>
            {
                var created = await sender.Send(new SaveProfile(null, body), ct);
                return TypedResults.Created($"/api/v1/llm/profiles/{created.Id}", created);
            })
            .WithName("CreateLlmProfile").WithSummary("Creates a parameter profile; an owner's first profile, or one marked isDefault, becomes the default.")
            .Produces<ProfileDto>(StatusCodes.Status201Created).ProducesProblems(400, 401, 409);
        profiles.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetProfile(id), ct)))
            .WithName("GetLlmProfile").Produces<ProfileDto>().ProducesProblems(401, 404);
        profiles.MapPut("/{id:guid}", async (Guid id, ProfileRequest body, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new SaveProfile(id, body), ct)))
            .WithName("UpdateLlmProfile").Produces<ProfileDto>().ProducesProblems(400, 401, 403, 404, 409);
        profiles.MapPost("/{id:guid}/default", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new SetDefaultProfile(id), ct)))
            .WithName("SetDefaultLlmProfile").WithSummary("Makes the profile its owner's one default.")
            .Produces<ProfileDto>().ProducesProblems(401, 403, 404, 409);
        profiles.MapDelete("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new DeleteProfile(id), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteLlmProfile").WithSummary("Deletes a profile; when it was the default, the newest other profile becomes the default.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404);
    }

    public static void MapFallbackChains(RouteGroupBuilder chains)
    {
        chains.MapGet("/", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListFallbackChains(), ct)))
            .WithName("ListLlmFallbackChains").Produces<IReadOnlyList<FallbackChainDto>>().ProducesProblems(401);
        chains.MapPost("/", async (FallbackChainRequest body, ISender sender, CancellationToken ct) =>
            {
                var created = await sender.Send(new SaveFallbackChain(null, body), ct);
                return TypedResults.Created($"/api/v1/llm/fallback-chains/{created.Id}", created);
            })
            .WithName("CreateLlmFallbackChain").Produces<FallbackChainDto>(StatusCodes.Status201Created).ProducesProblems(400, 401, 409);
        chains.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetFallbackChain(id), ct)))
            .WithName("GetLlmFallbackChain").Produces<FallbackChainDto>().ProducesProblems(401, 404);
        chains.MapPut("/{id:guid}", async (Guid id, FallbackChainRequest body, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new SaveFallbackChain(id, body), ct)))
            .WithName("UpdateLlmFallbackChain").Produces<FallbackChainDto>().ProducesProblems(400, 401, 403, 404, 409);
        chains.MapDelete("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new DeleteFallbackChain(id), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteLlmFallbackChain").Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404);
    }
}
