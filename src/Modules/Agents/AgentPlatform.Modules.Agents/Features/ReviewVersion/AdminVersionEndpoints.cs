using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Modules.Agents.Features.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Agents.Features.ReviewVersion;

internal static class AdminVersionEndpoints
{
    public static void Map(RouteGroupBuilder versions)
    {
        versions.MapGet("/", async (string? status, int? page, int? pageSize, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListVersionsForReview(status, page, pageSize), ct)))
            .WithName("AdminListAgentVersions")
            .WithSummary("Versions in a review state (default 'reviewing'), oldest first.")
            .Produces<PagedResult<VersionView>>()
            .ProducesProblems(400, 401, 403);

        versions.MapGet("/{versionId:guid}", async (Guid versionId, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetVersionForReview(versionId), ct)))
            .WithName("AdminGetAgentVersion")
            .WithSummary("A version with its content, for review.")
            .Produces<VersionDetailView>()
            .ProducesProblems(401, 403, 404);

        versions.MapPost("/{versionId:guid}/approve", async (Guid versionId, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ReviewVersion(versionId, ReviewDecision.Approve), ct)))
            .WithName("AdminApproveAgentVersion")
            .WithSummary("Publishes a version under review; it becomes the agent's live version.")
            .Produces<VersionView>()
            .ProducesProblems(401, 403, 404, 409);

        versions.MapPost("/{versionId:guid}/reject", async (Guid versionId, RejectRequest body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ReviewVersion(versionId, ReviewDecision.Reject, body.Reason), ct)))
            .WithName("AdminRejectAgentVersion")
            .WithSummary("Rejects a version under review, with a reason.")
            .Produces<VersionView>()
            .ProducesProblems(400, 401, 403, 404, 409);

        versions.MapPost("/{versionId:guid}/delist", async (Guid versionId, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ReviewVersion(versionId, ReviewDecision.Delist), ct)))
            .WithName("AdminDelistAgentVersion")
            .WithSummary("Delists a published version; if it was live, the agent leaves the marketplace.")
            .Produces<VersionView>()
            .ProducesProblems(401, 403, 404, 409);
    }
}
