using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Llm.Features.Providers;

internal static class ProviderRoutes
{
    public static void Map(RouteGroupBuilder providers)
    {
        providers.MapGet("/", async (int? page, int? pageSize, string? type, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListProviders(page, pageSize, type), ct)))
            .WithName("ListLlmProviders").WithSummary("System-level providers and the caller's own.")
            .Produces<PagedResult<ProviderDto>>().ProducesProblems(400, 401);
        providers.MapPost("/", async (CreateProvider body, ISender sender, CancellationToken ct) =>
            {
                var created = await sender.Send(body, ct);
                return TypedResults.Created($"/api/v1/llm/providers/{created.Id}", created);
            })
            .WithName("CreateLlmProvider").WithSummary("Creates a provider: system-level when an admin creates it, else the caller's own.")
            .Produces<ProviderDto>(StatusCodes.Status201Created).ProducesProblems(400, 401, 409);
        providers.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetProvider(id), ct)))
            .WithName("GetLlmProvider").Produces<ProviderDto>().ProducesProblems(401, 404);
        providers.MapPut("/{id:guid}", async (Guid id, ProviderRequest body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(UpdateProvider.From(id, body), ct)))
            .WithName("UpdateLlmProvider").Produces<ProviderDto>().ProducesProblems(400, 401, 403, 404, 409);
        providers.MapDelete("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new DeleteProvider(id), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteLlmProvider").WithSummary("Deletes a provider with its endpoints, credentials and models.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404, 409);

        providers.MapPost("/{id:guid}/test-connection", async (Guid id, TestConnectionRequest? body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new TestConnection(id, body?.EndpointId, body?.CredentialId, body?.Model), ct)))
            .WithName("TestLlmConnection").WithSummary("Sends a minimal request through an endpoint with a key; reports the latency or the provider's error.")
            .Produces<ConnectionTestResult>().ProducesProblems(400, 401, 403, 404);

        var endpoints = providers.MapGroup("/{providerId:guid}/endpoints");
        endpoints.MapGet("/", async (Guid providerId, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListEndpoints(providerId), ct)))
            .WithName("ListLlmEndpoints").Produces<IReadOnlyList<EndpointDto>>().ProducesProblems(401, 404);
        endpoints.MapPost("/", async (Guid providerId, EndpointRequest body, ISender sender, CancellationToken ct) =>
            {
                var created = await sender.Send(SaveEndpoint.From(providerId, null, body), ct);
                return TypedResults.Created($"/api/v1/llm/providers/{providerId}/endpoints/{created.Id}", created);
            })
            .WithName("CreateLlmEndpoint").WithSummary("Adds an endpoint; the first one, or one marked isDefault, becomes the default.")
            .Produces<EndpointDto>(StatusCodes.Status201Created).ProducesProblems(400, 401, 403, 404, 409);
        endpoints.MapPut("/{endpointId:guid}", async (Guid providerId, Guid endpointId, EndpointRequest body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(SaveEndpoint.From(providerId, endpointId, body), ct)))
            .WithName("UpdateLlmEndpoint").Produces<EndpointDto>().ProducesProblems(400, 401, 403, 404, 409);
        endpoints.MapDelete("/{endpointId:guid}", async (Guid providerId, Guid endpointId, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new DeleteEndpoint(providerId, endpointId), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteLlmEndpoint").Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404);

        var credentials = providers.MapGroup("/{providerId:guid}/credentials");
        credentials.MapGet("/", async (Guid providerId, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListCredentials(providerId), ct)))
            .WithName("ListLlmCredentials").WithSummary("The provider's credentials: alias and last four characters, never the key.")
            .Produces<IReadOnlyList<CredentialDto>>().ProducesProblems(401, 403, 404);
        credentials.MapPost("/", async (Guid providerId, AddCredentialRequest body, ISender sender, CancellationToken ct) =>
            {
                var created = await sender.Send(new AddCredential(providerId, body.Alias, body.ApiKey, body.SecretKey, body.ExpiresAt, body.DailyQuota, body.IsActive), ct);
                return TypedResults.Created($"/api/v1/llm/providers/{providerId}/credentials/{created.Id}", created);
            })
            .WithName("AddLlmCredential").WithSummary("Adds an API key, encrypted at rest. Rotate by adding a new key and deactivating the old one.")
            .Produces<CredentialDto>(StatusCodes.Status201Created).ProducesProblems(400, 401, 403, 404, 409);
        credentials.MapPut("/{credentialId:guid}", async (Guid providerId, Guid credentialId, UpdateCredentialRequest body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new UpdateCredential(providerId, credentialId, body.Alias, body.ExpiresAt, body.DailyQuota, body.IsActive), ct)))
            .WithName("UpdateLlmCredential").Produces<CredentialDto>().ProducesProblems(400, 401, 403, 404, 409);
        credentials.MapDelete("/{credentialId:guid}", async (Guid providerId, Guid credentialId, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new DeleteCredential(providerId, credentialId), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteLlmCredential").Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404);
    }
}
