namespace AgentPlatform.BuildingBlocks.Persistence;

/// <summary>Search terms for LIKE / ILIKE: the user's text matched literally anywhere in the value.</summary>
public static class Like
{
    /// <summary>The escape character the patterns use (PostgreSQL's default for LIKE).</summary>
    public const string Escape = "\\";

    /// <summary><c>%text%</c>, with <c>\</c>, <c>%</c> and <c>_</c> in the text escaped so they match themselves.</summary>
    public static string Contains(string text) =>
        "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
