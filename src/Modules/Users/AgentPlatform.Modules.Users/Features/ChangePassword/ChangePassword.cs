using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Users.Domain.AuditLogs;
using AgentPlatform.Modules.Users.Features.Shared;
using AgentPlatform.Modules.Users.Infrastructure;
using AgentPlatform.Modules.Users.Infrastructure.Auth;

namespace AgentPlatform.Modules.Users.Features.ChangePassword;

internal sealed record ChangePassword(string? CurrentPassword, string? NewPassword) : ICommand;

internal sealed class ChangePasswordValidator : AbstractValidator<ChangePassword>
{
    public ChangePasswordValidator()
    {
        RuleFor(x => x.CurrentPassword).NotEmpty().WithMessage("The current password is required.").MaximumLength(1024);
        RuleFor(x => x.NewPassword).ValidPassword()
            .NotEqual(x => x.CurrentPassword).WithMessage("The new password must differ from the current one.");
    }
}

/// <summary>Changes the password and ends every other session: whoever knew the old password is signed out.</summary>
internal sealed class ChangePasswordHandler(UsersDbContext db, ICurrentUser currentUser, PasswordHashing passwords, AuditTrail audit, TimeProvider clock)
    : ICommandHandler<ChangePassword>
{
    public async ValueTask<Unit> Handle(ChangePassword command, CancellationToken cancellationToken)
    {
        currentUser.RequireSignedInPerson("change the password");

        var userId = currentUser.Id;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken) ?? throw DomainException.NotFound("User", userId);
        if (!passwords.Verify(user.PasswordHash, command.CurrentPassword!))
        {
            throw DomainException.Invalid("currentPassword", "The current password is wrong.");
        }

        user.ChangePasswordHash(passwords.Hash(command.NewPassword!));
        var keep = currentUser.SessionId;
        var others = await db.Sessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != keep).ToListAsync(cancellationToken);
        foreach (var session in others)
        {
            session.Revoke("password_changed", clock.GetUtcNow());
        }

        audit.Record(AuditActions.PasswordChanged, "user", userId, new { sessionsRevoked = others.Count });
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
