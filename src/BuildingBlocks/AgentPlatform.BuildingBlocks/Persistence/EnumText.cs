using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentPlatform.BuildingBlocks.Persistence;

/// <summary>
/// Enums are stored as lower-case snake_case text guarded by a CHECK constraint (DOMAIN.md), the same
/// spelling the API uses, so the database reads the way clients write.
/// </summary>
public static class EnumText
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static TEnum Parse<TEnum>(string text)
        where TEnum : struct, Enum => Enum.Parse<TEnum>(text.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);

    /// <summary>True when the text is one of the enum's API spellings (exactly, lower-case snake_case).</summary>
    public static bool IsDefined<TEnum>(string? text)
        where TEnum : struct, Enum => text is not null && Names<TEnum>().Contains(text, StringComparer.Ordinal);

    public static IReadOnlyList<string> Names<TEnum>()
        where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(v => Of(v)).ToArray();

    public static PropertyBuilder<TEnum> HasEnumText<TEnum>(this PropertyBuilder<TEnum> property, int maxLength = 30)
        where TEnum : struct, Enum =>
        property.HasConversion(v => Of(v), v => Parse<TEnum>(v)).HasMaxLength(maxLength);

    /// <summary>The CHECK constraint SQL that admits exactly the enum's values.</summary>
    public static string CheckSql<TEnum>(string column)
        where TEnum : struct, Enum =>
        $"{column} IN ({string.Join(", ", Enum.GetValues<TEnum>().Select(v => $"'{Of(v)}'"))})";

    public static TableBuilder<TEntity> HasEnumCheck<TEntity, TEnum>(this TableBuilder<TEntity> table, string tableName, string column)
        where TEntity : class
        where TEnum : struct, Enum
    {
        table.HasCheckConstraint($"ck_{tableName}_{column}", CheckSql<TEnum>(column));
        return table;
    }
}
