namespace AgentPlatform.Modules.Agents.Features.Shared;

/// <summary>Search terms for ILIKE: the user's text matched literally anywhere in the value.</summary>
internal static class Like
{
    public const string Escape = "\\";

    public static string Contains(string text) =>
        "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
