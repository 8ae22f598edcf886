using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Users.Domain.AuditLogs;
using AgentPlatform.Modules.Users.Domain.Sessions;
using AgentPlatform.Modules.Users.Domain.Users;
using AgentPlatform.Modules.Users.Infrastructure;
using AgentPlatform.Modules.Users.Infrastructure.Auth;

namespace AgentPlatform.Modules.Users.Features.Login;

internal sealed record LoginRequest(string? Login, string? Password);

internal sealed record LoginUser(string? Login, string? Password, string? IpAddress, string? UserAgent) : ICommand<IssuedTokens>;

internal sealed class LoginUserValidator : AbstractValidator<LoginUser>
{
    public LoginUserValidator()
    {
        RuleFor(x => x.Login).NotEmpty().WithMessage("A username or email is required.").MaximumLength(User.EmailMaxLength);
        RuleFor(x => x.Password).NotEmpty().WithMessage("A password is required.").MaximumLength(1024);
    }
}

internal sealed class LoginUserHandler(
    UsersDbContext db,
    PasswordHashing passwords,
    LoginThrottler throttler,
    TokenService tokens,
    AuditTrail audit,
    TimeProvider clock) : ICommandHandler<LoginUser, IssuedTokens>
{
    public async ValueTask<IssuedTokens> Handle(LoginUser command, CancellationToken cancellationToken)
    {
        await throttler.EnsureAllowedAsync(command.Login!, command.IpAddress, cancellationToken);

        var login = User.Normalize(command.Login!);
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedUsername == login || u.NormalizedEmail == login, cancellationToken);

        // The hash is checked even for an unknown account, and every refusal reads the same.
        var passwordOk = passwords.Verify(user?.PasswordHash, command.Password!);
        if (user is null || !passwordOk || !user.IsActive)
        {
            await throttler.RecordFailureAsync(command.Login!, command.IpAddress, cancellationToken);
            audit.Record(AuditActions.LoginFailed, "user", user?.Id, new { login = command.Login, reason = user is null ? "unknown_account" : passwordOk ? "disabled" : "wrong_password" }, actorUserId: user?.Id);
            await db.SaveChangesAsync(cancellationToken);
            throw DomainException.Unauthorized("users.invalid_credentials", "The username or password is wrong, or the account is disabled.");
        }

        await throttler.ResetAccountAsync(command.Login!, cancellationToken);
        var now = clock.GetUtcNow();
        var refreshToken = TokenService.NewRefreshToken();
        var session = UserSession.Start(user.Id, TokenService.Hash(refreshToken), now, tokens.Options.RefreshTokenLifetime, command.IpAddress, command.UserAgent);
        db.Sessions.Add(session);
        user.RecordLogin(now);
        audit.Record(AuditActions.Login, "user", user.Id, new { sessionId = session.Id }, actorUserId: user.Id);
        await db.SaveChangesAsync(cancellationToken);
        return tokens.Issue(user.Id, EnumText.Of(user.Role), session.Id, refreshToken);
    }
}
