namespace AgentPlatform.BuildingBlocks.Application;

/// <summary>How the caller proved who they are.</summary>
public enum AuthenticationMethod
{
    None,
    Jwt,
    ApiKey,
}

/// <summary>The caller of the current request (or nobody, for a scheduled job).</summary>
public interface ICurrentUser
{
    bool IsAuthenticated { get; }

    /// <summary>The user id; throws when nobody is authenticated (endpoints that use it require auth).</summary>
    Guid Id { get; }

    string Role { get; }

    bool IsAdmin { get; }

    AuthenticationMethod Method { get; }

    /// <summary>The session (refresh-token family) of a JWT caller, for "log out everywhere else".</summary>
    Guid? SessionId { get; }

    /// <summary>The API key's scopes; empty for a JWT caller, who has every scope of their role.</summary>
    IReadOnlyList<string> Scopes { get; }

    string? IpAddress { get; }
}
