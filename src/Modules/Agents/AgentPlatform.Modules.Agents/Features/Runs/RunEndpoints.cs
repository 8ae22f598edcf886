using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Agents.Features.Runs;

internal static class RunEndpoints
{
    public static void Map(RouteGroupBuilder runs)
    {
        runs.MapGet("/", async (Guid? agentId, DateTimeOffset? from, DateTimeOffset? to, bool? success, string? cursor, int? limit, ICurrentUser user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListRuns(user.Id, agentId, from, to, success, cursor, limit), ct)))
            .WithName("ListAgentRuns")
            .WithSummary("The caller's agent runs, newest first, by cursor; filter by agent, start time range and outcome.")
            .Produces<CursorPage<RunSummary>>()
            .ProducesProblems(400, 401, 403);

        runs.MapGet("/stats", async (Guid? agentId, DateTimeOffset? from, DateTimeOffset? to, ICurrentUser user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetAgentRunStats(user.Id, agentId, from, to), ct)))
            .WithName("GetAgentRunStats")
            .WithSummary("Aggregates of the caller's runs of an agent (default: the last 30 days): runs, success rate, tokens, cost, p50/p95 latency.")
            .Produces<AgentRunStats>()
            .ProducesProblems(400, 401, 403);

        runs.MapGet("/{traceId}", async (string traceId, ICurrentUser user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetRun(user.Id, traceId), ct)))
            .WithName("GetAgentRun")
            .WithSummary("One of the caller's runs with its steps in order.")
            .Produces<RunDetails>()
            .ProducesProblems(401, 403, 404);
    }
}
