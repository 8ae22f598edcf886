using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using AgentPlatform.Modules.Llm.Domain.Providers;
using Anthropic;
using Microsoft.Extensions.AI;
using OpenAI;

namespace AgentPlatform.Modules.Llm.Infrastructure.Gateway;

/// <summary>Everything needed to call one model through one endpoint with one key.</summary>
internal sealed record CallTarget(string ProviderType, Guid EndpointId, string BaseUrl, string? ApiVersion, int ConnectTimeoutSeconds, int ReadTimeoutSeconds, Guid? CredentialId, string? ApiKey, string ModelId, int? EmbeddingDimension, int? MaxOutputTokens = null);

/// <summary>
/// Builds Microsoft.Extensions.AI clients for a target and keeps them, so connections are reused. The OpenAI SDK
/// serves openai, openai-compatible and azure-openai; its own retries are switched off because the gateway retries
/// (one retry policy, not two). The Anthropic SDK serves anthropic, with its retries off too.
/// </summary>
internal sealed class ProviderClients
{
    // Anthropic requires max_tokens on every request; this is what a request that sets none gets.
    private const int AnthropicDefaultMaxTokens = 4096;

    private readonly ConcurrentDictionary<string, OpenAIClient> _openAI = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AnthropicClient> _anthropic = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IChatClient> _chat = new(StringComparer.Ordinal);

    /// <summary>A chat client for the target, built once per endpoint, key and model (the SDK clients are thread-safe).</summary>
    public IChatClient ChatClient(CallTarget target) => target.ProviderType == ProviderTypes.Local
        ? new LocalChatClient(target.ModelId)
        : _chat.GetOrAdd($"{KeyOf(target)}|{target.ModelId}|{target.MaxOutputTokens}", _ => target.ProviderType == ProviderTypes.Anthropic
            ? _anthropic.GetOrAdd(KeyOf(target), _ => CreateAnthropic(target)).AsIChatClient(target.ModelId, target.MaxOutputTokens ?? AnthropicDefaultMaxTokens)
            : OpenAIFor(target).GetChatClient(target.ModelId).AsIChatClient());

    public IEmbeddingGenerator<string, Embedding<float>> EmbeddingGenerator(CallTarget target) => target.ProviderType switch
    {
        ProviderTypes.Local => new LocalEmbeddingGenerator(target.ModelId, target.EmbeddingDimension ?? 512),
        _ => OpenAIFor(target).GetEmbeddingClient(target.ModelId).AsIEmbeddingGenerator(target.EmbeddingDimension),
    };

    private OpenAIClient OpenAIFor(CallTarget target) => _openAI.GetOrAdd(KeyOf(target), _ => Create(target));

    /// <summary>Keyed by the key's hash too, so a credential change never reuses a client built with the old key.</summary>
    private static string KeyOf(CallTarget target) =>
        $"{target.EndpointId}|{target.CredentialId}|{target.BaseUrl}|{target.ConnectTimeoutSeconds}|{target.ReadTimeoutSeconds}|{target.ApiVersion}|{Hash(target.ApiKey)}";

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

    private static string Hash(string? value) =>
        value is null ? "" : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)))[..16];

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
