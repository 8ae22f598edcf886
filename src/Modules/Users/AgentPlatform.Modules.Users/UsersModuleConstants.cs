namespace AgentPlatform.Modules.Users;

internal static class UsersModuleConstants
{
    /// <summary>The rate-limiter policy the Host defines for sign-in and sign-up endpoints.</summary>
    public const string AuthRateLimitPolicy = "auth";
}
