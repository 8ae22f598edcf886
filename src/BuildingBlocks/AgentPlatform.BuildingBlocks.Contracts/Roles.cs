namespace AgentPlatform.BuildingBlocks.Contracts;

/// <summary>The platform's roles, as they appear in tokens and authorization policies.</summary>
public static class Roles
{
    /// <summary>A regular user.</summary>
    public const string User = "user";

    /// <summary>An administrator: manages system-level objects and other users.</summary>
    public const string Admin = "admin";
}
