using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Users.Domain.AuditLogs;
using AgentPlatform.Modules.Users.Domain.Users;
using AgentPlatform.Modules.Users.Features.Shared;
using AgentPlatform.Modules.Users.Infrastructure;

namespace AgentPlatform.Modules.Users.Features.AdminUsers;

internal sealed record GetUser(Guid UserId) : IQuery<UserProfile>;

internal enum UserAction
{
    Disable,
    Enable,
    Delete,
}

/// <summary>An administrator's change to another account.</summary>
internal sealed record ManageUser(Guid UserId, UserAction Action) : ICommand<UserProfile>;

internal sealed record ChangeRoleRequest(UserRole? Role);

internal sealed record ChangeUserRole(Guid UserId, UserRole? Role) : ICommand<UserProfile>;

internal sealed class ChangeUserRoleValidator : AbstractValidator<ChangeUserRole>
{
    public ChangeUserRoleValidator() => RuleFor(x => x.Role).NotNull().WithMessage("A role is required: 'user' or 'admin'.");
}

internal sealed class GetUserHandler(UsersDbContext db) : IQueryHandler<GetUser, UserProfile>
{
    public async ValueTask<UserProfile> Handle(GetUser query, CancellationToken cancellationToken) =>
        (await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == query.UserId, cancellationToken) ?? throw DomainException.NotFound("User", query.UserId)).ToProfile();
}

internal sealed class ManageUserHandler(UsersDbContext db, ICurrentUser currentUser, AuditTrail audit, TimeProvider clock)
    : ICommandHandler<ManageUser, UserProfile>, ICommandHandler<ChangeUserRole, UserProfile>
{
    public async ValueTask<UserProfile> Handle(ManageUser command, CancellationToken cancellationToken)
    {
        var user = await LoadOtherUser(command.UserId, cancellationToken);
        var now = clock.GetUtcNow();
        switch (command.Action)
        {
            case UserAction.Disable:
                user.Disable();
                await RevokeAccessAsync(user.Id, "user_disabled", revokeKeys: false, cancellationToken);
                audit.Record(AuditActions.Disabled, "user", user.Id);
                break;
            case UserAction.Enable:
                user.Enable();
                audit.Record(AuditActions.Enabled, "user", user.Id);
                break;
            case UserAction.Delete:
                user.MarkDeleted(now);
                await RevokeAccessAsync(user.Id, "user_deleted", revokeKeys: true, cancellationToken);
                audit.Record(AuditActions.Deleted, "user", user.Id, new { user.Username });
                break;
        }

        await db.SaveChangesAsync(cancellationToken);
        return user.ToProfile();
    }

    public async ValueTask<UserProfile> Handle(ChangeUserRole command, CancellationToken cancellationToken)
    {
        var user = await LoadOtherUser(command.UserId, cancellationToken);
        var from = user.Role;
        user.ChangeRole(command.Role!.Value);
        audit.Record(AuditActions.RoleChanged, "user", user.Id, new { from = EnumText.Of(from), to = EnumText.Of(user.Role) });
        await db.SaveChangesAsync(cancellationToken);
        return user.ToProfile();
    }

    private async Task<User> LoadOtherUser(Guid userId, CancellationToken cancellationToken)
    {
        // An administrator cannot lock themselves out (and so the last administrator stays).
        if (userId == currentUser.Id)
        {
            throw DomainException.Conflict("users.self_administration", "Administrators cannot disable, delete or change the role of their own account.");
        }

        return await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken) ?? throw DomainException.NotFound("User", userId);
    }

    private async Task RevokeAccessAsync(Guid userId, string reason, bool revokeKeys, CancellationToken cancellationToken)
    {
        // Disabled users are refused at authentication already; revoking the sessions makes it final.
        var now = clock.GetUtcNow();
        foreach (var session in await db.Sessions.Where(s => s.UserId == userId && s.RevokedAt == null).ToListAsync(cancellationToken))
        {
            session.Revoke(reason, now);
        }

        if (revokeKeys)
        {
            foreach (var key in await db.ApiKeys.Where(k => k.UserId == userId && k.RevokedAt == null).ToListAsync(cancellationToken))
            {
                key.Revoke(now);
            }
        }
    }
}
