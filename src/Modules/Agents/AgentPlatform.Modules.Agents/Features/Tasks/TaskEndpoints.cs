using AgentPlatform.BuildingBlocks.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Agents.Features.Tasks;

internal static class TaskEndpoints
{
    public static void Map(RouteGroupBuilder tasks)
    {
        tasks.MapPost("/", async (CreateTask body, ISender sender, CancellationToken ct) =>
            {
                var task = await sender.Send(body, ct);
                return TypedResults.Created($"/api/v1/agents/tasks/{task.Id}", task);
            })
            .WithName("CreateAgentTask")
            .WithSummary("Adds a task (pending) to a session's task tree, under a parent task or as a root.")
            .Produces<TaskView>(StatusCodes.Status201Created)
            .ProducesProblems(400, 401, 403, 404);

        tasks.MapGet("/", async (Guid? sessionId, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListSessionTasks(sessionId), ct)))
            .WithName("ListAgentTaskTrees")
            .WithSummary("Every task tree of one of the caller's sessions.")
            .Produces<IReadOnlyList<TaskNode>>()
            .ProducesProblems(400, 401, 403);

        tasks.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetTaskTree(id), ct)))
            .WithName("GetAgentTaskTree")
            .WithSummary("A task with all its subtasks, read in one query.")
            .Produces<TaskNode>()
            .ProducesProblems(401, 403, 404);

        tasks.MapPatch("/{id:guid}", async (Guid id, UpdateTask body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(body with { Id = id }, ct)))
            .WithName("UpdateAgentTask")
            .WithSummary("Reports status (legal transitions only: completed and stopped are final), progress, result, output or an event.")
            .Produces<TaskView>()
            .ProducesProblems(400, 401, 403, 404, 409);
    }
}
