using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Modules.Users.Features.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Users.Features.AdminUsers;

internal static class AdminUserEndpoints
{
    public static void Map(RouteGroupBuilder users)
    {
        users.MapGet("/", async (int? page, int? pageSize, string? search, string? status, string? role, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListUsers(page, pageSize, search, status, role), ct)))
            .WithName("AdminListUsers")
            .WithSummary("Lists users, newest first; search matches username, email and nickname.")
            .Produces<PagedResult<UserProfile>>()
            .ProducesProblems(400, 401, 403);

        users.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetUser(id), ct)))
            .WithName("AdminGetUser")
            .Produces<UserProfile>()
            .ProducesProblems(401, 403, 404);

        MapAction(users, "/{id:guid}/disable", UserAction.Disable, "AdminDisableUser", "Disables a user: their tokens and API keys stop working at once.");
        MapAction(users, "/{id:guid}/enable", UserAction.Enable, "AdminEnableUser", "Enables a disabled user.");

        users.MapPut("/{id:guid}/role", async (Guid id, ChangeRoleRequest body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ChangeUserRole(id, body.Role), ct)))
            .WithName("AdminChangeUserRole")
            .Produces<UserProfile>()
            .ProducesProblems(400, 401, 403, 404, 409);

        users.MapDelete("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new ManageUser(id, UserAction.Delete), ct);
                return TypedResults.NoContent();
            })
            .WithName("AdminDeleteUser")
            .WithSummary("Soft-deletes a user, ends their sessions and revokes their API keys.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(401, 403, 404, 409);
    }

    private static void MapAction(RouteGroupBuilder users, string pattern, UserAction action, string name, string summary) =>
        users.MapPost(pattern, async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ManageUser(id, action), ct)))
            .WithName(name)
            .WithSummary(summary)
            .Produces<UserProfile>()
            .ProducesProblems(401, 403, 404, 409);
}
