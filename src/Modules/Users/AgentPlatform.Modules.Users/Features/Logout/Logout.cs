using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Users.Domain.AuditLogs;
using AgentPlatform.Modules.Users.Infrastructure;
using AgentPlatform.Modules.Users.Infrastructure.Auth;

namespace AgentPlatform.Modules.Users.Features.Logout;

internal sealed record LogoutRequest(string? RefreshToken);

/// <summary>Ends the caller's session (from the access token) and/or the session of the given refresh token.</summary>
internal sealed record Logout(string? RefreshToken) : ICommand;

internal sealed class LogoutHandler(UsersDbContext db, ICurrentUser currentUser, AuditTrail audit, TimeProvider clock) : ICommandHandler<Logout>
{
    public async ValueTask<Unit> Handle(Logout command, CancellationToken cancellationToken)
    {
        var sessionIds = new List<Guid>();
        if (currentUser.SessionId is { } current)
        {
            sessionIds.Add(current);
        }

        if (!string.IsNullOrEmpty(command.RefreshToken))
        {
            var hash = TokenService.Hash(command.RefreshToken);
            var fromToken = await db.RefreshTokens.Where(t => t.TokenHash == hash).Select(t => (Guid?)t.SessionId).SingleOrDefaultAsync(cancellationToken);
            if (fromToken is { } sid)
            {
                sessionIds.Add(sid);
            }
        }

        // Unknown tokens are ignored: logging out is idempotent and says nothing about other sessions.
        var sessions = await db.Sessions.Where(s => sessionIds.Contains(s.Id) && s.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var session in sessions)
        {
            session.Revoke("logout", clock.GetUtcNow());
            audit.Record(AuditActions.Logout, "session", session.Id, actorUserId: session.UserId);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
