using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Users.Domain.AuditLogs;
using AgentPlatform.Modules.Users.Infrastructure;
using AgentPlatform.Modules.Users.Infrastructure.Auth;

namespace AgentPlatform.Modules.Users.Features.RefreshSession;

internal sealed record RefreshSession(string? RefreshToken) : ICommand<IssuedTokens>;

internal sealed class RefreshSessionValidator : AbstractValidator<RefreshSession>
{
    public RefreshSessionValidator() => RuleFor(x => x.RefreshToken).NotEmpty().WithMessage("A refresh token is required.").MaximumLength(200);
}

internal sealed class RefreshSessionHandler(UsersDbContext db, TokenService tokens, AuditTrail audit, TimeProvider clock)
    : ICommandHandler<RefreshSession, IssuedTokens>
{
    public async ValueTask<IssuedTokens> Handle(RefreshSession command, CancellationToken cancellationToken)
    {
        var hash = TokenService.Hash(command.RefreshToken!);
        var now = clock.GetUtcNow();

        // Row lock: two refreshes of one token at once must not both rotate it.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var token = await db.RefreshTokens
            .FromSql($"SELECT * FROM users.refresh_tokens WHERE token_hash = {hash} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw Invalid();
        var session = await db.Sessions.Include(s => s.Tokens.Where(t => t.Id == token.Id)).SingleAsync(s => s.Id == token.SessionId, cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == session.UserId, cancellationToken);

        var newToken = TokenService.NewRefreshToken();
        var reused = token.ReplacedAt is not null && session.RevokedAt is null;
        if (user is not { IsActive: true } || !session.TryRotate(token, TokenService.Hash(newToken), now))
        {
            if (reused)
            {
                audit.Record(AuditActions.RefreshTokenReused, "session", session.Id, actorUserId: session.UserId);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            throw Invalid();
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return tokens.Issue(user.Id, EnumText.Of(user.Role), session.Id, newToken);
    }

    private static DomainException Invalid() =>
        DomainException.Unauthorized("users.invalid_refresh_token", "The refresh token is not valid; sign in again.");
}
