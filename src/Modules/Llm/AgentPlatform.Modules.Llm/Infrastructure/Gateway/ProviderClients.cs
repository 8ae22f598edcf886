using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using AgentPlatform.Modules.Llm.Domain.Providers;
using Microsoft.Extensions.AI;
using OpenAI;

namespace AgentPlatform.Modules.Llm.Infrastructure.Gateway;

/// <summary>Everything needed to call one model through one endpoint with one key.</summary>
internal sealed record CallTarget(string ProviderType, Guid EndpointId, string BaseUrl, string? ApiVersion, int ConnectTimeoutSeconds, int ReadTimeoutSeconds, Guid? CredentialId, string? ApiKey, string ModelId, int? EmbeddingDimension);

/// <summary>
/// Builds Microsoft.Extensions.AI clients for a target and keeps them, so connections are reused. The OpenAI SDK
/// serves openai, openai-compatible and azure-openai; its own retries are switched off because the gateway retries
/// (one retry policy, not two). Anthropic is reached through its OpenAI-compatible API for now.
/// </summary>
internal sealed class ProviderClients
{
    private readonly ConcurrentDictionary<string, OpenAIClient> _openAI = new(StringComparer.Ordinal);

    public IChatClient ChatClient(CallTarget target) => target.ProviderType switch
    {
        ProviderTypes.Local => new LocalChatClient(target.ModelId),
        _ => OpenAIFor(target).GetChatClient(target.ModelId).AsIChatClient(),
    };

    public IEmbeddingGenerator<string, Embedding<float>> EmbeddingGenerator(CallTarget target) => target.ProviderType switch
    {
        ProviderTypes.Local => new LocalEmbeddingGenerator(target.ModelId, target.EmbeddingDimension ?? 512),
        _ => OpenAIFor(target).GetEmbeddingClient(target.ModelId).AsIEmbeddingGenerator(target.EmbeddingDimension),
    };

    private OpenAIClient OpenAIFor(CallTarget target)
    {
        // Keyed by the key's hash too, so a credential change never reuses a client built with the old key.
        var key = $"{target.EndpointId}|{target.CredentialId}|{target.BaseUrl}|{target.ReadTimeoutSeconds}|{target.ApiVersion}|{Hash(target.ApiKey)}";
        return _openAI.GetOrAdd(key, _ => Create(target));
    }

    private static OpenAIClient Create(CallTarget target)
    {
        // One connection pool per endpoint and key, with the endpoint's connect timeout; the read timeout is the SDK's.
        var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(target.ConnectTimeoutSeconds),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        { Timeout = Timeout.InfiniteTimeSpan };
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
