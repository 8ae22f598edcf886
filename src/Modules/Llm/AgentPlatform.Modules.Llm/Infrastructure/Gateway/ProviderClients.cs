using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using AgentPlatform.Modules.Llm.Domain.Providers;
using Anthropic;
using Microsoft.Extensions.AI;
using OpenAI;

namespace AgentPlatform.Modules.Llm.Infrastructure.Gateway;

/// <summary>Everything needed to call one model through one endpoint with one key.</summary>
internal sealed record CallTarget(string ProviderType, Guid EndpointId, string BaseUrl, string? ApiVersion, int ConnectTimeoutSeconds, int ReadTimeoutSeconds, Guid? CredentialId, string? ApiKey, string ModelId, int? EmbeddingDimension, int? MaxOutputTokens = null)
{
    /// <summary>Never the key: a target may end up in a log line or an exception message.</summary>
    public override string ToString() => $"{ProviderType} {ModelId} at {BaseUrl} (credential {CredentialId})";
}

/// <summary>
/// Builds Microsoft.Extensions.AI clients for a target and keeps them, so connections are reused. The OpenAI SDK
/// serves openai, openai-compatible and azure-openai; its own retries are switched off because the gateway retries
/// (one retry policy, not two). The Anthropic SDK serves anthropic, with its retries off too.
/// </summary>
internal sealed class ProviderClients
{
    // Anthropic requires max_tokens on every request; this is what a request that sets none gets.
    private const int AnthropicDefaultMaxTokens = 4096;

    private readonly ConcurrentDictionary<ClientKey, OpenAIClient> _openAI = new();
    private readonly ConcurrentDictionary<ClientKey, AnthropicClient> _anthropic = new();
    private readonly ConcurrentDictionary<(ClientKey Client, string ModelId, int? MaxOutputTokens), IChatClient> _chat = new();

    /// <summary>A chat client for the target, built once per endpoint, key and model (the SDK clients are thread-safe).</summary>
    public IChatClient ChatClient(CallTarget target) => target.ProviderType == ProviderTypes.Local
        ? new LocalChatClient(target.ModelId)
        : _chat.GetOrAdd((KeyOf(target), target.ModelId, target.MaxOutputTokens), static (key, state) => state.Self.CreateChat(key.Client, state.Target), (Self: this, Target: target));

    public IEmbeddingGenerator<string, Embedding<float>> EmbeddingGenerator(CallTarget target) => target.ProviderType switch
    {
        ProviderTypes.Local => new LocalEmbeddingGenerator(target.ModelId, target.EmbeddingDimension ?? 512),
        _ => OpenAIFor(target).GetEmbeddingClient(target.ModelId).AsIEmbeddingGenerator(target.EmbeddingDimension),
    };

    private IChatClient CreateChat(ClientKey key, CallTarget target) => target.ProviderType == ProviderTypes.Anthropic
        ? _anthropic.GetOrAdd(key, _ => CreateAnthropic(target)).AsIChatClient(target.ModelId, target.MaxOutputTokens ?? AnthropicDefaultMaxTokens)
        : OpenAIFor(target).GetChatClient(target.ModelId).AsIChatClient();

    private OpenAIClient OpenAIFor(CallTarget target) => _openAI.GetOrAdd(KeyOf(target), _ => Create(target));

    /// <summary>Keyed by the key itself too, so a credential change never reuses a client built with the old key.</summary>
    private static ClientKey KeyOf(CallTarget target) =>
        new(target.EndpointId, target.CredentialId, target.BaseUrl, target.ConnectTimeoutSeconds, target.ReadTimeoutSeconds, target.ApiVersion, target.ApiKey);

    /// <summary>One connection pool per endpoint and key, with the endpoint's connect timeout; the read timeout is the SDK's.</summary>
    private static HttpClient HttpFor(CallTarget target) =>
        new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(target.ConnectTimeoutSeconds), PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    private static AnthropicClient CreateAnthropic(CallTarget target) => new()
    {
        ApiKey = target.ApiKey ?? "",
        BaseUrl = target.BaseUrl.TrimEnd('/'),
        MaxRetries = 0,
        Timeout = TimeSpan.FromSeconds(target.ReadTimeoutSeconds),
        HttpClient = HttpFor(target),
    };

    private static OpenAIClient Create(CallTarget target)
    {
        var http = HttpFor(target);
        var options = new OpenAIClientOptions
        {
            Endpoint = EndpointUri(target),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(target.ReadTimeoutSeconds),
            Transport = new HttpClientPipelineTransport(http),
        };
        var credential = new ApiKeyCredential(target.ApiKey ?? "none");
        if (target.ProviderType == ProviderTypes.AzureOpenAI)
        {
            if (target.ApiVersion is { Length: > 0 } version)
            {
                options.AddPolicy(new QueryParameterPolicy("api-version", version), PipelinePosition.PerCall);
            }

#pragma warning disable OPENAI001 // Azure wants the key in an "api-key" header; this constructor is how the SDK allows it.
            return new OpenAIClient(ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(credential, "api-key"), options);
#pragma warning restore OPENAI001
        }

        return new OpenAIClient(credential, options);
    }

    private static Uri EndpointUri(CallTarget target)
    {
        var baseUrl = target.BaseUrl.TrimEnd('/');
        return target.ProviderType == ProviderTypes.AzureOpenAI && !baseUrl.EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase)
            ? new Uri(baseUrl + "/openai/v1/")
            : new Uri(baseUrl + "/");
    }

    /// <summary>
    /// What an SDK client is built from. A value, compared field by field: looking a client up on every call costs no
    /// string building or hashing of the key. Its text is never printed (the key is in it).
    /// </summary>
    private readonly record struct ClientKey(Guid EndpointId, Guid? CredentialId, string BaseUrl, int ConnectTimeoutSeconds, int ReadTimeoutSeconds, string? ApiVersion, string? ApiKey)
    {
        public override string ToString() => $"{EndpointId}|{CredentialId}";
    }

    private sealed class QueryParameterPolicy(string name, string value) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Add(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Add(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Add(PipelineMessage message)
        {
            var uri = message.Request.Uri!;
            var separator = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
            message.Request.Uri = new Uri(uri + separator + Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value));
        }
    }
}
