using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Users.Domain.Users;
using AgentPlatform.Modules.Users.Features.Shared;

namespace AgentPlatform.Modules.Users.Features.UpdateMe;

/// <summary>Absent fields stay as they are; an empty string clears the field.</summary>
internal sealed record UpdateMe(string? Nickname, string? Avatar) : ICommand<UserProfile>;

internal sealed class UpdateMeValidator : AbstractValidator<UpdateMe>
{
    public UpdateMeValidator()
    {
        RuleFor(x => x.Nickname).MaximumLength(User.NicknameMaxLength).WithMessage($"A nickname has at most {User.NicknameMaxLength} characters.");
        RuleFor(x => x.Avatar)
            .MaximumLength(User.AvatarMaxLength).WithMessage($"An avatar URL has at most {User.AvatarMaxLength} characters.")
            .Must(a => string.IsNullOrEmpty(a) || (Uri.TryCreate(a, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            .WithMessage("The avatar must be an absolute http(s) URL.");
    }
}

internal sealed class UpdateMeHandler(UsersDbContext db, ICurrentUser currentUser) : ICommandHandler<UpdateMe, UserProfile>
{
    public async ValueTask<UserProfile> Handle(UpdateMe command, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken) ?? throw DomainException.NotFound("User", userId);
        user.UpdateProfile(command.Nickname, command.Avatar);
        await db.SaveChangesAsync(cancellationToken);
        return user.ToProfile();
    }
}
