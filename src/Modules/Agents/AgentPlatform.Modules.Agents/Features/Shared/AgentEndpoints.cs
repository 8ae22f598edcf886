using System.Globalization;
using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Modules.Agents.Features.ListMyAgents;
using AgentPlatform.Modules.Agents.Features.ListVersions;
using AgentPlatform.Modules.Agents.Features.PublishVersion;
using AgentPlatform.Modules.Agents.Features.RollBack;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Agents.Features.Shared;

internal static class AgentEndpoints
{
    public static void Map(RouteGroupBuilder agents)
    {
        agents.MapPost("/", async (CreateAgent.CreateAgent body, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var agent = await sender.Send(body, ct);
                http.Response.Headers.ETag = AgentViews.ETag(agent.Version);
                return TypedResults.Created($"/api/v1/agents/{agent.Id}", agent);
            })
            .WithName("CreateAgent")
            .WithSummary("Creates an agent draft owned by the caller.")
            .Produces<AgentView>(StatusCodes.Status201Created)
            .ProducesProblems(400, 401, 403);

        agents.MapGet("/", async (int? page, int? pageSize, string? q, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListMyAgents.ListMyAgents(page, pageSize, q), ct)))
            .WithName("ListMyAgents")
            .WithSummary("The caller's agents, most recently changed first; q matches name or description.")
            .Produces<PagedResult<MyAgentItem>>()
            .ProducesProblems(400, 401, 403);

        agents.MapGet("/{id:guid}", async (Guid id, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var agent = await sender.Send(new GetAgent.GetAgent(id), ct);
                return AgentViews.WithETag(agent, agent.Version, http);
            })
            .WithName("GetAgent")
            .WithSummary("The caller's agent draft; the ETag (and version) is what an update must send back.")
            .Produces<AgentView>()
            .ProducesProblems(401, 403, 404);

        agents.MapPut("/{id:guid}", async (Guid id, UpdateAgent.UpdateAgent body, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var agent = await sender.Send(body with { Id = id, Version = IfMatch(http) ?? body.Version }, ct);
                return AgentViews.WithETag(agent, agent.Version, http);
            })
            .WithName("UpdateAgent")
            .WithSummary("Replaces the draft. Send the version read (body 'version' or If-Match); a stale one is a 409.")
            .Produces<AgentView>()
            .ProducesProblems(400, 401, 403, 404, 409);

        agents.MapDelete("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new DeleteAgent.DeleteAgent(id), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteAgent")
            .WithSummary("Deletes the agent (soft delete): it leaves the marketplace and workspaces.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(401, 403, 404);

        agents.MapPost("/{id:guid}/versions", async (Guid id, PublishVersionRequest body, ISender sender, CancellationToken ct) =>
            {
                var version = await sender.Send(new PublishVersion.PublishVersion(id, body.VersionNumber, body.ChangeLog), ct);
                return TypedResults.Created($"/api/v1/agents/{id}/versions/{version.Id}", version);
            })
            .WithName("PublishAgentVersion")
            .WithSummary("Snapshots the draft as a new version (greater than every earlier one), to be reviewed by an administrator.")
            .Produces<VersionView>(StatusCodes.Status201Created)
            .ProducesProblems(400, 401, 403, 404, 409);

        agents.MapGet("/{id:guid}/versions", async (Guid id, int? page, int? pageSize, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListVersions.ListVersions(id, page, pageSize), ct)))
            .WithName("ListAgentVersions")
            .WithSummary("The agent's versions, newest first.")
            .Produces<PagedResult<VersionView>>()
            .ProducesProblems(400, 401, 403, 404);

        agents.MapGet("/{id:guid}/versions/{versionId:guid}", async (Guid id, Guid versionId, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetVersion(id, versionId), ct)))
            .WithName("GetAgentVersion")
            .WithSummary("One version with its content.")
            .Produces<VersionDetailView>()
            .ProducesProblems(401, 403, 404);

        agents.MapPut("/{id:guid}/versions/{versionId:guid}", async (Guid id, Guid versionId, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new EditVersion(id, versionId), ct);
                return TypedResults.NoContent();
            })
            .WithName("EditAgentVersion")
            .WithSummary("Always refused (409): versions are immutable; edit the draft and publish a new version.")
            .ProducesProblems(401, 403, 404, 409);

        agents.MapPost("/{id:guid}/rollback", async (Guid id, RollBackRequest body, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var agent = await sender.Send(new RollBackAgent(id, body.VersionId), ct);
                return AgentViews.WithETag(agent, agent.Version, http);
            })
            .WithName("RollBackAgent")
            .WithSummary("Makes another published version of the agent the live one.")
            .Produces<AgentView>()
            .ProducesProblems(400, 401, 403, 404, 409);
    }

    private static uint? IfMatch(HttpContext http)
    {
        var value = http.Request.Headers.IfMatch.ToString().Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        value = value.Trim('"');
        if (value.Length == 0)
        {
            return null;
        }

        return uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw DomainException.Invalid("version", "If-Match must be an ETag this API returned.");
    }
}
