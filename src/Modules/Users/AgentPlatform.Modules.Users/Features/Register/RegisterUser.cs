using AgentPlatform.Modules.Users.Domain.AuditLogs;
using AgentPlatform.Modules.Users.Domain.Users;
using AgentPlatform.Modules.Users.Features.Shared;
using AgentPlatform.Modules.Users.Infrastructure;
using AgentPlatform.Modules.Users.Infrastructure.Auth;
using Npgsql;

namespace AgentPlatform.Modules.Users.Features.Register;

internal sealed record RegisterUser(string? Username, string? Email, string? Password) : ICommand<UserProfile>;

internal sealed class RegisterUserValidator : AbstractValidator<RegisterUser>
{
    public RegisterUserValidator()
    {
        RuleFor(x => x.Username).ValidUsername();
        RuleFor(x => x.Email).ValidEmail();
        RuleFor(x => x.Password).ValidPassword()
            .Must((command, password) => !string.Equals(password, command.Username, StringComparison.OrdinalIgnoreCase))
            .WithMessage("The password must differ from the username.");
    }
}

internal sealed class RegisterUserHandler(UsersDbContext db, PasswordHashing passwords, AuditTrail audit, TimeProvider clock)
    : ICommandHandler<RegisterUser, UserProfile>
{
    public async ValueTask<UserProfile> Handle(RegisterUser command, CancellationToken cancellationToken)
    {
        var username = User.Normalize(command.Username!);
        var email = User.Normalize(command.Email!);
        if (await db.Users.AnyAsync(u => u.NormalizedUsername == username, cancellationToken))
        {
            throw UsernameTaken();
        }

        if (await db.Users.AnyAsync(u => u.NormalizedEmail == email, cancellationToken))
        {
            throw EmailTaken();
        }

        var user = User.Register(command.Username!, command.Email!, passwords.Hash(command.Password!), UserRole.User, clock.GetUtcNow());
        db.Users.Add(user);
        audit.Record(AuditActions.UserRegistered, "user", user.Id, new { user.Username }, actorUserId: user.Id);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg)
        {
            // Two registrations raced past the checks above; the unique index decided.
            throw pg.ConstraintName == "ux_users_email" ? EmailTaken() : UsernameTaken();
        }

        return user.ToProfile();
    }

    private static DomainException UsernameTaken() => DomainException.Conflict("users.username_taken", "That username is already taken.");

    private static DomainException EmailTaken() => DomainException.Conflict("users.email_taken", "That email address is already registered.");
}
