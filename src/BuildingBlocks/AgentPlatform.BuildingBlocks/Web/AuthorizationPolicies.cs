namespace AgentPlatform.BuildingBlocks.Web;

/// <summary>Names of the platform's authorization policies (defined by the Users module, used by every module).</summary>
public static class AuthorizationPolicies
{
    /// <summary>The authentication scheme that accepts a JWT access token or an API key.</summary>
    public const string PlatformScheme = "Platform";

    /// <summary>Signed in with the admin role.</summary>
    public const string Admin = "admin";
}
