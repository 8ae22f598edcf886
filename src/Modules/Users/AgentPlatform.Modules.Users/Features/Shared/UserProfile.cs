using AgentPlatform.Modules.Users.Domain.Users;

namespace AgentPlatform.Modules.Users.Features.Shared;

internal sealed record UserProfile(
    Guid Id,
    string Username,
    string Email,
    string? Nickname,
    string? Avatar,
    UserRole Role,
    UserStatus Status,
    bool EmailVerified,
    DateTimeOffset? LastLoginAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal static class UserProfileMapping
{
    public static UserProfile ToProfile(this User user) => new(
        user.Id, user.Username, user.Email, user.Nickname, user.Avatar, user.Role, user.Status, user.EmailVerified, user.LastLoginAt, user.CreatedAt, user.UpdatedAt);
}
