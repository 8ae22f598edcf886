using System.ClientModel;
using System.ClientModel.Primitives;
using AgentPlatform.Modules.Llm.Domain.Models;
using AgentPlatform.Modules.Llm.Features.Gateway;
using AgentPlatform.Modules.Llm.Infrastructure.Gateway;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AgentPlatform.UnitTests.Llm;

public sealed class GatewayLogicTests
{
    [Theory]
    [InlineData(0, 0, "0")]
    [InlineData(1234, 567, "0.002985")]
    [InlineData(1, 1, "0.0000035")]
    [InlineData(1_000_000_000, 0, "1500")]
    public void Cost_is_tokens_times_price_per_thousand_exactly(long input, long output, string expected)
    {
        Pricing.Cost(input, output, 0.0015m, 0.002m).ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Cost_rounds_half_away_from_zero_at_eight_decimals()
    {
        // 1 token at 0.00000005 per 1K = 0.00000000005 -> 0.00000000 (below half), 1 token at 0.000005 = 0.000000005 -> 0.00000001.
        Pricing.Cost(1, 0, 0.00000005m, 0).ShouldBe(0m);
        Pricing.Cost(1, 0, 0.000005m, 0).ShouldBe(0.00000001m);
    }

    [Fact]
    public void The_breaker_opens_after_the_threshold_lets_one_trial_through_and_closes_on_success()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var breakers = new CircuitBreakers(clock, Options.Create(new GatewayOptions { BreakerFailureThreshold = 2, BreakerOpenDuration = TimeSpan.FromSeconds(30) }));
        var endpoint = Guid.NewGuid();

        breakers.TryAcquire(endpoint).ShouldBeTrue();
        breakers.Failure(endpoint);
        breakers.StateOf(endpoint).ShouldBe(BreakerState.Closed);
        breakers.Failure(endpoint);
        breakers.StateOf(endpoint).ShouldBe(BreakerState.Open);
        breakers.TryAcquire(endpoint).ShouldBeFalse();

        clock.Advance(TimeSpan.FromSeconds(31));
        breakers.StateOf(endpoint).ShouldBe(BreakerState.HalfOpen);
        breakers.TryAcquire(endpoint).ShouldBeTrue();
        breakers.TryAcquire(endpoint).ShouldBeFalse(); // one trial at a time

        breakers.Success(endpoint);
        breakers.StateOf(endpoint).ShouldBe(BreakerState.Closed);
        breakers.TryAcquire(endpoint).ShouldBeTrue();
    }

    [Fact]
    public void A_failed_trial_opens_the_breaker_again_at_once()
    {
        var clock = new FakeTimeProvider();
        var breakers = new CircuitBreakers(clock, Options.Create(new GatewayOptions { BreakerFailureThreshold = 1, BreakerOpenDuration = TimeSpan.FromSeconds(10) }));
        var endpoint = Guid.NewGuid();
        breakers.Failure(endpoint);
        clock.Advance(TimeSpan.FromSeconds(11));
        breakers.TryAcquire(endpoint).ShouldBeTrue();

        breakers.Failure(endpoint);
        breakers.StateOf(endpoint).ShouldBe(BreakerState.Open);
        clock.Advance(TimeSpan.FromSeconds(5));
        breakers.TryAcquire(endpoint).ShouldBeFalse();
    }

    [Theory]
    [InlineData(429, "RateLimited", "rate_limited")]
    [InlineData(401, "AuthFailed", "auth_failed")]
    [InlineData(403, "AuthFailed", "auth_failed")]
    [InlineData(400, "BadRequest", "bad_request")]
    [InlineData(500, "Transient", "server_error")]
    [InlineData(503, "Transient", "server_error")]
    [InlineData(408, "Transient", "timeout")]
    public void Provider_statuses_are_classified_for_retry_rotation_or_fallback(int status, string kind, string reason)
    {
        var failure = CallFailure.Classify(new ClientResultException(new FakeResponse(status)));
        failure.Kind.ToString().ShouldBe(kind);
        failure.Reason.ShouldBe(reason);
    }

    [Fact]
    public void Retry_after_is_read_from_a_429()
    {
        var response = new FakeResponse(429);
        response.SetHeader("Retry-After", "42");
        CallFailure.Classify(new ClientResultException(response)).RetryAfter.ShouldBe(TimeSpan.FromSeconds(42));
        CallFailure.Classify(new TaskCanceledException()).Reason.ShouldBe("timeout");
        CallFailure.Classify(new HttpRequestException("refused")).Reason.ShouldBe("network_error");
        CallFailure.Classify(new System.Text.Json.JsonException("bad")).Reason.ShouldBe("bad_response");
    }

    [Fact]
    public void A_model_declares_its_capabilities_as_a_canonical_json_object()
    {
        var model = Model.Create(Guid.NewGuid(), null, "m", new ModelSettings("m", null, null, ModelType.Chat, 8000, null, 1m, 2m, "usd",
            new Dictionary<string, bool> { ["streaming"] = true, ["function_calling"] = false }, ModelStatus.Available, null, null));
        model.Capabilities.ShouldBe("""{"function_calling":false,"streaming":true}""");
        model.Has(ModelCapabilities.Streaming).ShouldBeTrue();
        model.Has(ModelCapabilities.FunctionCalling).ShouldBeFalse();
        model.Currency.ShouldBe("USD");
        Should.Throw<AgentPlatform.BuildingBlocks.Domain.DomainException>(() => model.Update(new ModelSettings("m", null, null, ModelType.Embedding, null, null, 0, 0, "USD",
            new Dictionary<string, bool>(), ModelStatus.Available, null, null))).Errors!.ShouldContainKey("embeddingDimension");
    }

    private sealed class FakeResponse(int status) : PipelineResponse
    {
        private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

        public override int Status => status;

        public override string ReasonPhrase => "fake";

        public override Stream? ContentStream { get; set; } = new MemoryStream();

        public override BinaryData Content => BinaryData.FromString("{}");

        protected override PipelineResponseHeaders HeadersCore => new ResponseHeaders(_headers);

        public void SetHeader(string name, string value) => _headers[name] = value;

        public override BinaryData BufferContent(CancellationToken cancellationToken = default) => Content;

        public override ValueTask<BinaryData> BufferContentAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Content);

        public override void Dispose()
        {
        }

        private sealed class ResponseHeaders(Dictionary<string, string> values) : PipelineResponseHeaders
        {
            public override bool TryGetValue(string name, out string? value) => values.TryGetValue(name, out value);

            public override bool TryGetValues(string name, out IEnumerable<string>? result)
            {
                result = values.TryGetValue(name, out var v) ? [v] : null;
                return result is not null;
            }

            public override IEnumerator<KeyValuePair<string, string>> GetEnumerator() => values.GetEnumerator();
        }
    }

    [Fact]
    public async Task A_plan_resolved_while_the_catalog_changed_is_not_kept()
    {
        var cache = new GatewayPlanCache(TimeProvider.System, Options.Create(new GatewayOptions { PlanCacheDuration = TimeSpan.FromMinutes(1) }));
        var key = new PlanKey(Guid.NewGuid(), "chat", "m", null);
        var resolved = 0;

        // The catalog changes (Clear) while the plan is being read: that read may predate the change.
        await cache.GetOrAddAsync(key, () =>
        {
            resolved++;
            cache.Clear();
            return Task.FromResult(new ResolvedPlan([], null));
        });
        await cache.GetOrAddAsync(key, () => { resolved++; return Task.FromResult(new ResolvedPlan([], null)); });
        resolved.ShouldBe(2, "the plan read during the change was not cached");

        await cache.GetOrAddAsync(key, () => { resolved++; return Task.FromResult(new ResolvedPlan([], null)); });
        resolved.ShouldBe(2, "a plan read with no change meanwhile is cached");
    }

    [Theory]
    [InlineData("gpt-4o-mini")]
    [InlineData("deepseek-chat")]
    public void The_quick_prompt_bound_is_never_below_the_exact_count_whatever_the_script(string model)
    {
        var counter = new TokenCounter();
        string[] texts =
        [
            "Say something short.",
            string.Join(' ', Enumerable.Repeat("token", 500)),
            "检索增强生成把相关段落放进提示词，模型据此回答。没有空格的中文也要计数。",
            "emoji 🤖🚀✨ and accents: déjà vu, naïve, Ærøskøbing",
            "{\"city\":\"Paris\",\"units\":[\"c\",\"f\"]}",
            new string('x', 3000),
        ];
        foreach (var text in texts)
        {
            List<AgentPlatform.Modules.Llm.Contracts.LlmChatMessage> messages =
            [
                new("system", "You are terse."),
                new("user", text),
                new("assistant", null, [new AgentPlatform.Modules.Llm.Contracts.LlmToolCall("call_1", "lookup", text.Length < 100 ? "{\"q\":\"" + text.Replace("\"", "", StringComparison.Ordinal) + "\"}" : "{}")]),
            ];
            List<AgentPlatform.Modules.Llm.Contracts.LlmToolDefinition> tools = [new("lookup", text, "{\"type\":\"object\"}")];
            var prompt = new PromptTokens(counter, messages, tools);

            var exact = counter.CountPrompt(model, messages, tools);
            prompt.For(model).ShouldBe(exact);
            prompt.AtMost.ShouldBeGreaterThanOrEqualTo(exact, text);
        }
    }
}
