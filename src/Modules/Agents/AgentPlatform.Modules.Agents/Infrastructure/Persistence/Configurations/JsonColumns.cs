using System.Text.Json;
using AgentPlatform.Modules.Agents.Domain.Agents;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentPlatform.Modules.Agents.Infrastructure.Persistence.Configurations;

/// <summary>Small value objects kept as jsonb documents, in the API's camelCase spelling.</summary>
internal static class JsonColumns
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static PropertyBuilder<ModelSettings> HasModelSettingsJson(this PropertyBuilder<ModelSettings> property) =>
        property.HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, Options),
            v => JsonSerializer.Deserialize<ModelSettings>(v, Options) ?? ModelSettings.Default);

    public static PropertyBuilder<ModelSettings?> HasOptionalModelSettingsJson(this PropertyBuilder<ModelSettings?> property) =>
        property.HasColumnType("jsonb").HasConversion(
            v => v == null ? null : JsonSerializer.Serialize(v, Options),
            v => v == null ? null : JsonSerializer.Deserialize<ModelSettings>(v, Options));

    public static PropertyBuilder<IReadOnlyList<T>> HasJsonList<T>(this PropertyBuilder<IReadOnlyList<T>> property) =>
        property.HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, Options),
            v => JsonSerializer.Deserialize<List<T>>(v, Options) ?? new List<T>(),
            new ValueComparer<IReadOnlyList<T>>((a, b) => a!.SequenceEqual(b!), v => v.Count, v => v.ToList()));
}
