using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Modules.Users.Domain.AuditLogs;
using AgentPlatform.Modules.Users.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Users.Features.Sessions;

/// <summary>A signed-in device or client of the caller; <see cref="Current"/> marks the one asking.</summary>
internal sealed record SessionItem(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? IpAddress, string? UserAgent, bool Current);

internal sealed record ListMySessions : IQuery<IReadOnlyList<SessionItem>>;

/// <summary>Signs one of the caller's sessions out (another device, typically).</summary>
internal sealed record RevokeMySession(Guid SessionId) : ICommand;

internal sealed class MySessionsHandler(UsersDbContext db, ICurrentUser currentUser, AuditTrail audit, TimeProvider clock)
    : IQueryHandler<ListMySessions, IReadOnlyList<SessionItem>>, ICommandHandler<RevokeMySession>
{
    public async ValueTask<IReadOnlyList<SessionItem>> Handle(ListMySessions query, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        var current = currentUser.SessionId;
        var now = clock.GetUtcNow();
        return await db.Sessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now)
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => new SessionItem(s.Id, s.CreatedAt, s.ExpiresAt, s.IpAddress, s.UserAgent, s.Id == current))
            .ToListAsync(cancellationToken);
    }

    public async ValueTask<Unit> Handle(RevokeMySession command, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == command.SessionId && s.UserId == userId, cancellationToken)
            ?? throw DomainException.NotFound("Session", command.SessionId);
        if (session.RevokedAt is null)
        {
            session.Revoke("revoked_by_user", clock.GetUtcNow());
            audit.Record(AuditActions.Logout, "session", session.Id, new { revokedFrom = currentUser.SessionId });
            await db.SaveChangesAsync(cancellationToken);
        }

        return Unit.Value;
    }
}

internal static class SessionEndpoints
{
    public static void Map(RouteGroupBuilder me)
    {
        var sessions = me.MapGroup("/sessions");
        sessions.MapGet("/", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListMySessions(), ct)))
            .WithName("ListMySessions")
            .WithSummary("The caller's live sessions (signed-in devices and clients).")
            .Produces<IReadOnlyList<SessionItem>>()
            .ProducesProblems(401, 403);

        sessions.MapDelete("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new RevokeMySession(id), ct);
                return TypedResults.NoContent();
            })
            .WithName("RevokeMySession")
            .WithSummary("Signs a session out; its access and refresh tokens stop working at once.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(401, 403, 404);
    }
}
