using System.Globalization;
using System.Text.Json;

namespace AgentPlatform.Modules.Users.Domain.SystemConfigs;

internal enum ConfigValueType
{
    String,
    Json,
    Integer,
    Boolean,
}

/// <summary>A platform setting (seed 004 §10.1); the value is text, valid for its declared type.</summary>
internal sealed class SystemConfig : AggregateRoot, IAuditable
{
    public const int KeyMaxLength = 100;
    public const int ValueMaxLength = 65536;

    private SystemConfig()
    {
    }

    public string Key { get; private set; } = "";

    public string Value { get; private set; } = "";

    public ConfigValueType ValueType { get; private set; }

    public string? Description { get; private set; }

    public bool IsPublic { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static SystemConfig Create(string key, string value, ConfigValueType type, string? description, bool isPublic)
    {
        var config = new SystemConfig { Key = key };
        config.Update(value, type, description, isPublic);
        return config;
    }

    public void Update(string value, ConfigValueType type, string? description, bool isPublic)
    {
        Value = Canonical(value, type);
        ValueType = type;
        Description = description;
        IsPublic = isPublic;
    }

    /// <summary>The value as JSON of its type: a number, a boolean, a document or a string.</summary>
    public JsonElement TypedValue() => ValueType switch
    {
        ConfigValueType.Integer or ConfigValueType.Boolean or ConfigValueType.Json => JsonDocument.Parse(Value).RootElement.Clone(),
        _ => JsonSerializer.SerializeToElement(Value),
    };

    /// <summary>Checks the value against its type and returns its canonical text.</summary>
    public static string Canonical(string value, ConfigValueType type)
    {
        switch (type)
        {
            case ConfigValueType.Integer:
                if (!long.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    throw DomainException.Invalid("value", "The value must be a whole number (64-bit) for type 'integer'.");
                }

                return number.ToString(CultureInfo.InvariantCulture);
            case ConfigValueType.Boolean:
                if (!bool.TryParse(value.Trim(), out var flag))
                {
                    throw DomainException.Invalid("value", "The value must be 'true' or 'false' for type 'boolean'.");
                }

                return flag ? "true" : "false";
            case ConfigValueType.Json:
                try
                {
                    using var document = JsonDocument.Parse(value);
                    return JsonSerializer.Serialize(document.RootElement);
                }
                catch (JsonException)
                {
                    throw DomainException.Invalid("value", "The value must be a valid JSON document for type 'json'.");
                }

            default:
                return value;
        }
    }
}
