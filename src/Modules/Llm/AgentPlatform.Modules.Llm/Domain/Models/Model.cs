using System.Text.Json;

namespace AgentPlatform.Modules.Llm.Domain.Models;

internal enum ModelType
{
    Chat,
    Completion,
    Embedding,
    Vision,
}

internal enum ModelStatus
{
    Available,
    Maintenance,
    Deprecated,
}

/// <summary>Capabilities a model may declare (stored as a JSON object of flags, GIN-indexed).</summary>
internal static class ModelCapabilities
{
    public const string FunctionCalling = "function_calling";
    public const string Vision = "vision";
    public const string JsonMode = "json_mode";
    public const string Streaming = "streaming";

    public static readonly IReadOnlyList<string> Known = [FunctionCalling, Vision, JsonMode, Streaming];
}

/// <summary>
/// A model a provider serves (seed 000 <c>models</c> with 004 §6.2-6.3): its provider-side id, type, limits,
/// prices per 1,000 tokens and capabilities. Belongs to its provider's owner (or the system).
/// </summary>
internal sealed class Model : AggregateRoot, IAuditable, ISoftDeletable
{
    public const int ModelIdMaxLength = 200;

    private Model()
    {
    }

    public Guid ProviderId { get; private set; }

    /// <summary>Copied from the provider, so visibility is one column away.</summary>
    public Guid? OwnerId { get; private set; }

    /// <summary>The provider's model id, e.g. "gpt-4o-mini".</summary>
    public string ModelId { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string? Version { get; private set; }

    public string? Description { get; private set; }

    public ModelType Type { get; private set; }

    public int? ContextWindow { get; private set; }

    public int? MaxOutputTokens { get; private set; }

    public decimal InputPricePer1K { get; private set; }

    public decimal OutputPricePer1K { get; private set; }

    public string Currency { get; private set; } = "USD";

    /// <summary>Capability flags as a JSON object, e.g. {"function_calling": true, "streaming": true} (jsonb, GIN-indexed).</summary>
    public string Capabilities { get; private set; } = "{}";

    public ModelStatus Status { get; private set; }

    /// <summary>Vector size of an embedding model.</summary>
    public int? EmbeddingDimension { get; private set; }

    /// <summary>Models to try, in order, when this one fails.</summary>
    public Guid? FallbackChainId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public static Model Create(Guid providerId, Guid? ownerId, string modelId, ModelSettings settings)
    {
        var model = new Model { ProviderId = providerId, OwnerId = ownerId, ModelId = modelId.Trim() };
        model.Update(settings);
        return model;
    }

    public void Update(ModelSettings settings)
    {
        if (settings.Type == ModelType.Embedding && settings.EmbeddingDimension is null)
        {
            throw DomainException.Invalid("embeddingDimension", "An embedding model needs its embedding dimension.");
        }

        if (settings.Type != ModelType.Embedding && settings.EmbeddingDimension is not null)
        {
            throw DomainException.Invalid("embeddingDimension", "Only embedding models have an embedding dimension.");
        }

        Name = settings.Name.Trim();
        Version = settings.Version;
        Description = settings.Description;
        Type = settings.Type;
        ContextWindow = settings.ContextWindow;
        MaxOutputTokens = settings.MaxOutputTokens;
        InputPricePer1K = settings.InputPricePer1K;
        OutputPricePer1K = settings.OutputPricePer1K;
        Currency = settings.Currency.ToUpperInvariant();
        Capabilities = JsonSerializer.Serialize(new SortedDictionary<string, bool>(settings.Capabilities.ToDictionary(), StringComparer.Ordinal));
        Status = settings.Status;
        EmbeddingDimension = settings.EmbeddingDimension;
        FallbackChainId = settings.FallbackChainId;
    }

    public IReadOnlyDictionary<string, bool> CapabilityFlags() => JsonSerializer.Deserialize<Dictionary<string, bool>>(Capabilities) ?? [];

    public bool Has(string capability) => CapabilityFlags().TryGetValue(capability, out var on) && on;

    /// <summary>Cost of a call at this model's prices, exact to the 8 decimals money is kept with (half away from zero).</summary>
    public decimal CostOf(long inputTokens, long outputTokens) => Pricing.Cost(inputTokens, outputTokens, InputPricePer1K, OutputPricePer1K);
}

internal sealed record ModelSettings(
    string Name,
    string? Version,
    string? Description,
    ModelType Type,
    int? ContextWindow,
    int? MaxOutputTokens,
    decimal InputPricePer1K,
    decimal OutputPricePer1K,
    string Currency,
    IReadOnlyDictionary<string, bool> Capabilities,
    ModelStatus Status,
    int? EmbeddingDimension,
    Guid? FallbackChainId);

internal static class Pricing
{
    public static decimal Cost(long inputTokens, long outputTokens, decimal inputPricePer1K, decimal outputPricePer1K) =>
        decimal.Round((inputTokens * inputPricePer1K / 1000m) + (outputTokens * outputPricePer1K / 1000m), 8, MidpointRounding.AwayFromZero);
}
