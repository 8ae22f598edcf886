using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Users.Domain.AuditLogs;
using AgentPlatform.Modules.Users.Infrastructure;

namespace AgentPlatform.Modules.Users.Features.RevokeApiKey;

internal sealed record RevokeApiKey(Guid KeyId) : ICommand;

internal sealed class RevokeApiKeyHandler(UsersDbContext db, ICurrentUser currentUser, AuditTrail audit, TimeProvider clock) : ICommandHandler<RevokeApiKey>
{
    public async ValueTask<Unit> Handle(RevokeApiKey command, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;

        // Another user's key is "not found": its existence is not the caller's business.
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == command.KeyId && k.UserId == userId, cancellationToken)
            ?? throw DomainException.NotFound("API key", command.KeyId);
        if (key.RevokedAt is null)
        {
            key.Revoke(clock.GetUtcNow());
            audit.Record(AuditActions.ApiKeyRevoked, "api_key", key.Id, new { key.Prefix });
            await db.SaveChangesAsync(cancellationToken);
        }

        return Unit.Value;
    }
}
