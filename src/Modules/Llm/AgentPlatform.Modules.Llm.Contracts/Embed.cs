using Mediator;

namespace AgentPlatform.Modules.Llm.Contracts;

/// <summary>Embeds texts with an embedding model; idempotent by <see cref="RequestId"/> per user.</summary>
public sealed record Embed : ICommand<LlmEmbeddings>
{
    /// <summary>The user the call is made for.</summary>
    public required Guid UserId { get; init; }

    /// <summary>The caller's id for this request.</summary>
    public required string RequestId { get; init; }

    /// <summary>Platform model id (a UUID) or provider model id of an embedding model.</summary>
    public required string Model { get; init; }

    /// <summary>The texts; batched to the provider's limits.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>What the usage is recorded under.</summary>
    public string Service { get; init; } = "embedding";

    /// <summary>True when <see cref="RequestId"/> was generated for this call and has never been used (see <see cref="CompleteChat.FreshRequestId"/>).</summary>
    public bool FreshRequestId { get; init; }
}

/// <summary>One vector per input, in input order.</summary>
/// <param name="Vectors">The embeddings.</param>
/// <param name="Dimension">The model's dimension (every vector's length).</param>
/// <param name="Usage">Tokens counted (output is zero).</param>
/// <param name="Cost">Cost at the model's prices.</param>
/// <param name="AnsweredBy">The model used.</param>
public sealed record LlmEmbeddings(IReadOnlyList<float[]> Vectors, int Dimension, LlmUsage Usage, decimal Cost, LlmAnsweringModel AnsweredBy);

/// <summary>Looks up a model the user may use (for other modules to check references); null when there is none.</summary>
/// <param name="UserId">The user.</param>
/// <param name="ModelId">The platform model id.</param>
public sealed record GetModelInfo(Guid UserId, Guid ModelId) : IQuery<LlmModelInfo?>;

/// <summary>Looks up a parameter profile the user may use; null when there is none.</summary>
/// <param name="UserId">The user.</param>
/// <param name="ProfileId">The profile id.</param>
public sealed record GetProfileInfo(Guid UserId, Guid ProfileId) : IQuery<LlmProfileInfo?>;

/// <summary>What another module needs to know of a model.</summary>
/// <param name="Id">Platform model id.</param>
/// <param name="Model">Provider model id.</param>
/// <param name="Type">chat, completion, embedding or vision.</param>
/// <param name="Status">available, maintenance or deprecated.</param>
/// <param name="ContextWindow">Tokens of context, when known.</param>
/// <param name="EmbeddingDimension">Vector size of an embedding model.</param>
public sealed record LlmModelInfo(Guid Id, string Model, string Type, string Status, int? ContextWindow, int? EmbeddingDimension);

/// <summary>What another module needs to know of a profile.</summary>
/// <param name="Id">Profile id.</param>
/// <param name="Name">Profile name.</param>
/// <param name="ModelId">The profile's model.</param>
public sealed record LlmProfileInfo(Guid Id, string Name, Guid ModelId);
