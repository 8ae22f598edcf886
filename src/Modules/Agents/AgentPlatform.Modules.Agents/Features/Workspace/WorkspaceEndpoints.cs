using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Agents.Features.Workspace;

internal static class WorkspaceEndpoints
{
    public static void Map(RouteGroupBuilder workspace)
    {
        workspace.MapGet("/", async (int? page, int? pageSize, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListWorkspace(page, pageSize), ct)))
            .WithName("ListAgentWorkspace")
            .WithSummary("The agents in the caller's workspace, most recently added first.")
            .Produces<PagedResult<WorkspaceItem>>()
            .ProducesProblems(400, 401, 403);

        workspace.MapPost("/", async (AddToWorkspace body, ISender sender, CancellationToken ct) =>
            {
                var item = await sender.Send(body, ct);
                return TypedResults.Created($"/api/v1/agents/workspace/{item.AgentId}", item);
            })
            .WithName("AddAgentToWorkspace")
            .WithSummary("Adds a published agent to the caller's workspace (once), optionally with a model override.")
            .Produces<WorkspaceItem>(StatusCodes.Status201Created)
            .ProducesProblems(400, 401, 403, 404, 409);

        workspace.MapPatch("/{agentId:guid}", async (Guid agentId, ModelOverrideRequest body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(new ModelOverrideRequest(await sender.Send(new SetWorkspaceModelOverride(agentId, body.ModelOverride), ct))))
            .WithName("SetAgentWorkspaceModelOverride")
            .WithSummary("Sets the caller's model override for an agent in their workspace; null clears it.")
            .Produces<ModelOverrideRequest>()
            .ProducesProblems(400, 401, 403, 404);

        workspace.MapDelete("/{agentId:guid}", async (Guid agentId, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new RemoveFromWorkspace(agentId), ct);
                return TypedResults.NoContent();
            })
            .WithName("RemoveAgentFromWorkspace")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(401, 403, 404);
    }
}
