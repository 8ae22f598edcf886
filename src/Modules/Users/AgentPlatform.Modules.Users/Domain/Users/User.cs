using AgentPlatform.Modules.Users.Domain.Users.Events;

namespace AgentPlatform.Modules.Users.Domain.Users;

internal enum UserRole
{
    User,
    Admin,
}

internal enum UserStatus
{
    Active,
    Disabled,
}

/// <summary>A person who signs in (seed 004 §3.1). Usernames and emails are unique case-insensitively.</summary>
internal sealed class User : AggregateRoot, IAuditable, ISoftDeletable
{
    public const int UsernameMaxLength = 50;
    public const int EmailMaxLength = 100;
    public const int NicknameMaxLength = 50;
    public const int AvatarMaxLength = 255;

    private User()
    {
    }

    public string Username { get; private set; } = "";

    public string NormalizedUsername { get; private set; } = "";

    public string Email { get; private set; } = "";

    public string NormalizedEmail { get; private set; } = "";

    public string PasswordHash { get; private set; } = "";

    public string? Nickname { get; private set; }

    public string? Avatar { get; private set; }

    public UserRole Role { get; private set; }

    public UserStatus Status { get; private set; }

    public bool EmailVerified { get; private set; }

    public DateTimeOffset? LastLoginAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public bool IsActive => Status == UserStatus.Active && DeletedAt is null;

    public static string Normalize(string value) => value.Trim().ToLowerInvariant();

    public static User Register(string username, string email, string passwordHash, UserRole role, DateTimeOffset now)
    {
        var user = new User
        {
            Username = username.Trim(),
            NormalizedUsername = Normalize(username),
            Email = email.Trim(),
            NormalizedEmail = Normalize(email),
            PasswordHash = passwordHash,
            Role = role,
            Status = UserStatus.Active,
        };
        user.Raise(new UserRegistered(user.Id, user.Username, user.Email, now));
        return user;
    }

    public void UpdateProfile(string? nickname, string? avatar)
    {
        // Absent means unchanged; an empty string clears the field.
        if (nickname is not null)
        {
            Nickname = nickname.Length == 0 ? null : nickname.Trim();
        }

        if (avatar is not null)
        {
            Avatar = avatar.Length == 0 ? null : avatar.Trim();
        }
    }

    public void ChangePasswordHash(string passwordHash) => PasswordHash = passwordHash;

    public void RecordLogin(DateTimeOffset now) => LastLoginAt = now;

    public void Disable()
    {
        EnsureNotDeleted();
        Status = UserStatus.Disabled;
    }

    public void Enable()
    {
        EnsureNotDeleted();
        Status = UserStatus.Active;
    }

    public void ChangeRole(UserRole role)
    {
        EnsureNotDeleted();
        Role = role;
    }

    public void MarkDeleted(DateTimeOffset now)
    {
        EnsureNotDeleted();
        DeletedAt = now;
        Status = UserStatus.Disabled;
    }

    private void EnsureNotDeleted()
    {
        if (DeletedAt is not null)
        {
            throw DomainException.NotFound("User", Id);
        }
    }
}
