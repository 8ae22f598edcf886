namespace AgentPlatform.Modules.Users.Domain.AuditLogs;

/// <summary>Who did what to which object, and when (seed 001 §6). Append-only.</summary>
internal sealed class AuditLog : Entity
{
    private AuditLog()
    {
    }

    public Guid? ActorUserId { get; private set; }

    public string Action { get; private set; } = "";

    public string? TargetType { get; private set; }

    public string? TargetId { get; private set; }

    public string? IpAddress { get; private set; }

    /// <summary>Details as JSON; never secrets.</summary>
    public string? Payload { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static AuditLog Record(Guid? actorUserId, string action, string? targetType, string? targetId, string? ipAddress, string? payload, DateTimeOffset now) => new()
    {
        ActorUserId = actorUserId,
        Action = action,
        TargetType = targetType,
        TargetId = targetId,
        IpAddress = ipAddress,
        Payload = payload,
        CreatedAt = now,
    };
}

/// <summary>The actions the audit log records.</summary>
internal static class AuditActions
{
    public const string UserRegistered = "user.registered";
    public const string Login = "user.login";
    public const string LoginFailed = "user.login_failed";
    public const string Logout = "user.logout";
    public const string PasswordChanged = "user.password_changed";
    public const string RefreshTokenReused = "user.refresh_token_reused";
    public const string RoleChanged = "user.role_changed";
    public const string Disabled = "user.disabled";
    public const string Enabled = "user.enabled";
    public const string Deleted = "user.deleted";
    public const string ApiKeyCreated = "api_key.created";
    public const string ApiKeyRevoked = "api_key.revoked";
    public const string SystemConfigChanged = "system_config.changed";
    public const string SystemConfigDeleted = "system_config.deleted";
}
