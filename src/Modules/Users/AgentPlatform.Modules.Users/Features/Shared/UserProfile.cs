using System.Linq.Expressions;
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
    /// <summary>One mapping for both uses: translated to SQL in list queries, compiled for loaded users.</summary>
    public static readonly Expression<Func<User, UserProfile>> Projection = user => new UserProfile(
        user.Id, user.Username, user.Email, user.Nickname, user.Avatar, user.Role, user.Status, user.EmailVerified, user.LastLoginAt, user.CreatedAt, user.UpdatedAt);

    private static readonly Func<User, UserProfile> Compiled = Projection.Compile();

    public static UserProfile ToProfile(this User user) => Compiled(user);
}
