using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using OpenAI;

namespace AgentPlatform.IntegrationTests.Llm;

public sealed record ProviderView(Guid Id, string Name, string Type, string Scope);

public sealed record EndpointView(Guid Id, string BaseUrl, bool IsDefault, int RetryCount, int ReadTimeoutSeconds);

public sealed record CredentialView(Guid Id, string Alias, string KeyLast4, int? DailyQuota, int UsedToday, DateTimeOffset? RateLimitedUntil, bool IsActive, DateTimeOffset? LastUsedAt);

public sealed record ModelView(Guid Id, Guid ProviderId, string ModelId, string Type, decimal InputPricePer1K, decimal OutputPricePer1K, Dictionary<string, bool> Capabilities, string Status, int? EmbeddingDimension, string Scope);

public sealed record ProfileView(Guid Id, string Name, Guid ModelId, bool IsDefault, string Scope, double? Temperature);

/// <summary>Sets up providers that point at the fake server, and OpenAI clients that point at the Host.</summary>
public static class LlmTestKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<T> PostOk<T>(this HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.IsSuccessStatusCode.ShouldBeTrue($"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, JsonSerializerOptions.Web)!;
    }

    /// <summary>A provider with one endpoint at the fake server and one key per alias given; returns its id.</summary>
    public static async Task<(ProviderView Provider, EndpointView Endpoint, List<CredentialView> Keys)> FakeProviderAsync(
        HttpClient client, FakeOpenAIServer fake, string[] keys, int retryCount = 0, int readTimeoutSeconds = 5, int? dailyQuota = null, string type = "openai-compatible")
    {
        var provider = await client.PostOk<ProviderView>("/api/v1/llm/providers", new { name = "fake-" + Guid.NewGuid().ToString("N")[..8], type });
        var endpoint = await client.PostOk<EndpointView>($"/api/v1/llm/providers/{provider.Id}/endpoints",
            new { name = "main", baseUrl = type is "azure-openai" or "anthropic" ? fake.RootUrl : fake.BaseUrl, retryCount, readTimeoutSeconds, connectTimeoutSeconds = 2, apiVersion = type == "azure-openai" ? "2025-01-01" : null });
        var credentials = new List<CredentialView>();
        foreach (var key in keys)
        {
            credentials.Add(await client.PostOk<CredentialView>($"/api/v1/llm/providers/{provider.Id}/credentials", new { alias = "key-" + key[^4..], apiKey = key, dailyQuota }));
        }

        return (provider, endpoint, credentials);
    }

    public static Task<ModelView> ModelAsync(HttpClient client, Guid providerId, string modelId, string type = "chat", int? contextWindow = 8000, Guid? fallbackChainId = null,
        decimal inputPrice = 0.0015m, decimal outputPrice = 0.002m, int? embeddingDimension = null) =>
        client.PostOk<ModelView>("/api/v1/llm/models", new
        {
            providerId,
            modelId,
            name = modelId,
            type,
            contextWindow,
            inputPricePer1K = inputPrice,
            outputPricePer1K = outputPrice,
            capabilities = new Dictionary<string, bool> { ["function_calling"] = true, ["streaming"] = true },
            embeddingDimension,
            fallbackChainId,
        });

    public static async Task<string> ApiKeyAsync(TestUser user)
    {
        var created = await user.Client.PostOk<JsonElement>("/api/v1/users/me/api-keys", new { name = "openai-client" });
        return created.GetProperty("key").GetString()!;
    }

    /// <summary>The official OpenAI client, unmodified, with the Host as its base URL.</summary>
    public static OpenAIClient OpenAIClientFor(PlatformFixture platform, string apiKey, string? idempotencyKey = null)
    {
        var http = platform.CreateClient();
        if (idempotencyKey is not null)
        {
            http.DefaultRequestHeaders.Add("Idempotency-Key", idempotencyKey);
        }

        return new OpenAIClient(new ApiKeyCredential(apiKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/v1/"),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(0),
        });
    }

    public static string UniqueModel(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// Usage events the Llm module wrote for a request id (each is one outbox row). A call answered without an
    /// Idempotency-Key is recorded right after its answer, so this waits up to 5 s for the first one.
    /// </summary>
    public static async Task<List<string>> UsageEventsAsync(PlatformFixture platform, string requestId)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var events = await platform.Scoped(async sp =>
            {
                var db = sp.GetRequiredService<AgentPlatform.Modules.Llm.Infrastructure.Persistence.LlmDbContext>();
                var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.Type.Contains("LlmUsageRecorded")).Select(m => m.Content).ToListAsync(Ct);
                return rows.Where(c => JsonDocument.Parse(c).RootElement.GetProperty("requestId").GetString() == requestId).ToList();
            });
            if (events.Count > 0 || waited.Elapsed > TimeSpan.FromSeconds(5))
            {
                return events;
            }

            await Task.Delay(20, Ct);
        }
    }
}
