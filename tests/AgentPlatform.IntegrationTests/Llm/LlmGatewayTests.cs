using System.ClientModel;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;

namespace AgentPlatform.IntegrationTests.Llm;

/// <summary>
/// The gateway end to end: the official OpenAI client talks to the Host, the Host talks over real HTTP to a fake
/// OpenAI-compatible provider (or to the built-in local models).
/// </summary>
public sealed class LlmGatewayTests(PlatformFixture platform) : IAsyncLifetime
{
    private FakeOpenAIServer _fake = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _fake = await FakeOpenAIServer.StartAsync();

    public async ValueTask DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task A_fresh_install_chats_streams_calls_tools_and_embeds_with_the_local_models()
    {
        var user = await platform.RegisterAsync("local");
        var client = LlmTestKit.OpenAIClientFor(platform, await LlmTestKit.ApiKeyAsync(user));
        var chat = client.GetChatClient("local-chat");

        List<ChatMessage> messages =
        [
            new SystemChatMessage("Paris is the capital of France.\nThe Nile is the longest river in Africa.\n北京是中国的首都。"),
            new UserChatMessage("What is the capital of France?"),
        ];
        var answer = (await chat.CompleteChatAsync(messages, cancellationToken: Ct)).Value;
        answer.Content[0].Text.ShouldContain("Paris is the capital of France.");
        answer.Content[0].Text.ShouldNotContain("Nile");
        answer.Usage.InputTokenCount.ShouldBeGreaterThan(0);
        answer.Usage.OutputTokenCount.ShouldBeGreaterThan(0);

        var streamed = new StringBuilder();
        var updates = 0;
        await foreach (var update in chat.CompleteChatStreamingAsync([new SystemChatMessage("北京是中国的首都。\n上海是一个港口城市。"), new UserChatMessage("中国的首都是哪里？")], cancellationToken: Ct))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }
        }

        updates.ShouldBeGreaterThan(3);
        streamed.ToString().ShouldContain("北京是中国的首都");

        var weather = ChatTool.CreateFunctionTool("get_weather", "The weather in a city", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));
        var toolAnswer = (await chat.CompleteChatAsync([new UserChatMessage("Use get_weather for Paris")], new ChatCompletionOptions { Tools = { weather } }, Ct)).Value;
        toolAnswer.FinishReason.ShouldBe(ChatFinishReason.ToolCalls);
        toolAnswer.ToolCalls.ShouldHaveSingleItem().FunctionName.ShouldBe("get_weather");

        var embeddings = (await client.GetEmbeddingClient("local-embedding").GenerateEmbeddingsAsync(["猫坐在垫子上", "猫在垫子上睡觉", "The stock market fell today"], cancellationToken: Ct)).Value;
        embeddings.Count.ShouldBe(3);
        var v = embeddings.Select(e => e.ToFloats().ToArray()).ToList();
        v[0].Length.ShouldBe(512);
        Cosine(v[0], v[1]).ShouldBeGreaterThan(Cosine(v[0], v[2]) + 0.2);
    }

    [Fact]
    public async Task Chat_through_a_provider_reports_its_usage_and_the_exact_cost()
    {
        var user = await platform.RegisterAsync("fakechat");
        var (provider, _, _) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, ["sk-first-key-1111"]);
        var model = LlmTestKit.UniqueModel("gpt");
        await LlmTestKit.ModelAsync(user.Client, provider.Id, model, inputPrice: 0.0015m, outputPrice: 0.002m);
        _fake.Enqueue(model, new FakeBehavior.Reply("Hello there", PromptTokens: 1234, CompletionTokens: 567));

        var response = await user.Client.PostAsJsonAsync("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "hi" } } }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().ShouldBe("Hello there");
        body.GetProperty("usage").GetProperty("prompt_tokens").GetInt64().ShouldBe(1234);
        body.GetProperty("usage").GetProperty("completion_tokens").GetInt64().ShouldBe(567);

        // 1234 x 0.0015 / 1000 + 567 x 0.002 / 1000 = 0.001851 + 0.001134, exactly.
        body.GetProperty("platform").GetProperty("cost").GetDecimal().ShouldBe(0.002985m);
        _fake.Requests.Single(r => r.Model == model).Authorization.ShouldBe("Bearer sk-first-key-1111");

        var requestId = body.GetProperty("platform").GetProperty("request_id").GetString()!;
        var events = await LlmTestKit.UsageEventsAsync(platform, requestId);
        var usage = JsonDocument.Parse(events.ShouldHaveSingleItem()).RootElement;
        usage.GetProperty("cost").GetDecimal().ShouldBe(0.002985m);
        usage.GetProperty("inputTokens").GetInt64().ShouldBe(1234);
        usage.GetProperty("success").GetBoolean().ShouldBeTrue();
        usage.GetProperty("userId").GetGuid().ShouldBe(user.Id);
    }

    [Fact]
    public async Task The_official_client_streams_and_assembles_tool_calls_from_a_provider()
    {
        var user = await platform.RegisterAsync("fakestream");
        var (provider, _, _) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, ["sk-stream-key-2222"]);
        var model = LlmTestKit.UniqueModel("gpt");
        await LlmTestKit.ModelAsync(user.Client, provider.Id, model);
        var chat = LlmTestKit.OpenAIClientFor(platform, await LlmTestKit.ApiKeyAsync(user)).GetChatClient(model);

        _fake.Enqueue(model, new FakeBehavior.Reply("one two three four"));
        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("count")], new ChatCompletionOptions(), Ct))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(c => c.Text)));
            usage = update.Usage ?? usage;
        }

        text.ToString().ShouldBe("one two three four");
        usage.ShouldNotBeNull().OutputTokenCount.ShouldBe(7);

        _fake.Enqueue(model, new FakeBehavior.CallTool("lookup", """{"query":"weather in Paris","limit":3}"""));
        var tool = ChatTool.CreateFunctionTool("lookup", "Looks things up", BinaryData.FromString("""{"type":"object","properties":{"query":{"type":"string"},"limit":{"type":"integer"}}}"""));
        var names = new Dictionary<int, string>();
        var arguments = new Dictionary<int, StringBuilder>();
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("look it up")], new ChatCompletionOptions { Tools = { tool } }, Ct))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                if (call.FunctionName is not null)
                {
                    names[call.Index] = call.FunctionName;
                }

                (arguments.TryGetValue(call.Index, out var sb) ? sb : arguments[call.Index] = new StringBuilder()).Append(call.FunctionArgumentsUpdate?.ToString());
            }

            finish = update.FinishReason ?? finish;
        }

        finish.ShouldBe(ChatFinishReason.ToolCalls);
        names[0].ShouldBe("lookup");
        var args = JsonDocument.Parse(arguments[0].ToString()).RootElement;
        args.GetProperty("query").GetString().ShouldBe("weather in Paris");
        args.GetProperty("limit").GetInt32().ShouldBe(3);

        // The tool definitions reached the provider as JSON schemas.
        var sent = _fake.Requests.Last(r => r.Model == model).Body;
        sent["tools"]![0]!["function"]!["parameters"]!["properties"]!["limit"]!["type"]!.GetValue<string>().ShouldBe("integer");
        sent["stream"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Embeddings_through_a_provider_come_back_in_order_with_the_model_dimension()
    {
        var user = await platform.RegisterAsync("fakeembed");
        var (provider, _, _) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, ["sk-embed-key-3333"]);
        var model = LlmTestKit.UniqueModel("embed");
        await LlmTestKit.ModelAsync(user.Client, provider.Id, model, type: "embedding", embeddingDimension: 8);
        var client = LlmTestKit.OpenAIClientFor(platform, await LlmTestKit.ApiKeyAsync(user)).GetEmbeddingClient(model);

        var result = (await client.GenerateEmbeddingsAsync(["a", "bb bb", "ccc"], cancellationToken: Ct)).Value;
        result.Count.ShouldBe(3);
        result.ShouldAllBe(e => e.ToFloats().Length == 8);
        result[1].ToFloats().Span[0].ShouldBe(5f / 7f, 0.0001f);
        result.Usage.InputTokenCount.ShouldBe(4);
    }

    [Fact]
    public async Task Embedding_inputs_are_sent_in_batches_of_the_providers_limit()
    {
        var user = await platform.RegisterAsync("batch");
        var provider = await user.Client.PostOk<ProviderView>("/api/v1/llm/providers", new { name = "batch-" + Guid.NewGuid().ToString("N")[..8], type = "openai-compatible", metadata = new { embedding_batch_size = 2 } });
        await user.Client.PostOk<EndpointView>($"/api/v1/llm/providers/{provider.Id}/endpoints", new { name = "main", baseUrl = _fake.BaseUrl });
        await user.Client.PostOk<CredentialView>($"/api/v1/llm/providers/{provider.Id}/credentials", new { alias = "k", apiKey = "sk-batch-mmmm" });
        var model = LlmTestKit.UniqueModel("embed");
        await LlmTestKit.ModelAsync(user.Client, provider.Id, model, type: "embedding", embeddingDimension: 8);

        var body = await user.Client.PostOk<JsonElement>("/v1/embeddings", new { model, input = new[] { "a", "bb", "ccc", "dddd", "eeeee" } });
        body.GetProperty("data").GetArrayLength().ShouldBe(5);
        body.GetProperty("data")[4].GetProperty("index").GetInt32().ShouldBe(4);
        body.GetProperty("data")[4].GetProperty("embedding")[0].GetSingle().ShouldBe(5f / 7f, 0.0001f);
        _fake.Requests.Where(r => r.Model == model).Select(r => r.Body["input"]!.AsArray().Count).ShouldBe([2, 2, 1]);
    }

    [Fact]
    public async Task A_streamed_request_retried_with_its_idempotency_key_replays_the_answer()
    {
        var user = await platform.RegisterAsync("streamidem");
        var (provider, _, _) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, ["sk-stream-idem-nnnn"]);
        var model = LlmTestKit.UniqueModel("gpt");
        await LlmTestKit.ModelAsync(user.Client, provider.Id, model);
        _fake.Enqueue(model, new FakeBehavior.Reply("only once"));
        var key = "stream-idem-" + Guid.NewGuid().ToString("N");
        var chat = LlmTestKit.OpenAIClientFor(platform, await LlmTestKit.ApiKeyAsync(user), key).GetChatClient(model);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var text = new StringBuilder();
            await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("tell me")], cancellationToken: Ct))
            {
                text.Append(string.Concat(update.ContentUpdate.Select(c => c.Text)));
            }

            text.ToString().ShouldBe("only once");
        }

        _fake.CountFor(model).ShouldBe(1);
        (await LlmTestKit.UsageEventsAsync(platform, key)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_429_moves_to_the_next_key_and_rests_the_first_for_its_retry_after()
    {
        var user = await platform.RegisterAsync("rotate");
        var (provider, _, keys) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, ["sk-rotate-aaaa", "sk-rotate-bbbb"]);
        var model = LlmTestKit.UniqueModel("gpt");
        await LlmTestKit.ModelAsync(user.Client, provider.Id, model);
        _fake.Enqueue(model, new FakeBehavior.Status(429, "120"), new FakeBehavior.Reply("from the second key"));

        var body = await user.Client.PostOk<JsonElement>("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "hi" } } });
        body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().ShouldBe("from the second key");
        _fake.Requests.Where(r => r.Model == model).Select(r => r.Authorization).ShouldBe(["Bearer sk-rotate-aaaa", "Bearer sk-rotate-bbbb"]);

        var listed = await user.Client.GetOk<List<CredentialView>>($"/api/v1/llm/providers/{provider.Id}/credentials");
        var rested = listed.Single(k => k.Id == keys[0].Id).RateLimitedUntil.ShouldNotBeNull();
        (rested - DateTimeOffset.UtcNow).TotalSeconds.ShouldBeInRange(100, 125);

        // While it rests, the next request goes straight to the second key.
        await user.Client.PostOk<JsonElement>("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "again" } } });
        _fake.Requests.Where(r => r.Model == model).Last().Authorization.ShouldBe("Bearer sk-rotate-bbbb");
    }

    [Fact]
    public async Task A_daily_quota_holds_under_concurrent_requests()
    {
        var user = await platform.RegisterAsync("quota");
        var (provider, _, keys) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, ["sk-quota-cccc"], dailyQuota: 5);
        var model = LlmTestKit.UniqueModel("gpt");
        await LlmTestKit.ModelAsync(user.Client, provider.Id, model);

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            user.Client.PostAsJsonAsync("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = $"n{i}" } } }, Ct)));
        results.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(5);
        results.Where(r => r.StatusCode != HttpStatusCode.OK).ShouldAllBe(r => r.StatusCode == HttpStatusCode.BadGateway);
        _fake.CountFor(model).ShouldBe(5);
        var error = await results.First(r => r.StatusCode == HttpStatusCode.BadGateway).Content.ReadFromJsonAsync<JsonElement>(Ct);
        error.GetProperty("error").GetProperty("message").GetString()!.ShouldContain("no_usable_credential");

        var listed = await user.Client.GetOk<List<CredentialView>>($"/api/v1/llm/providers/{provider.Id}/credentials");
        listed.Single(k => k.Id == keys[0].Id).UsedToday.ShouldBe(5);
    }

    [Fact]
    public async Task Unlimited_keys_take_turns_their_use_is_counted_and_a_deactivated_key_is_not_used_again()
    {
        var user = await platform.RegisterAsync("turns");
        var (provider, _, keys) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, ["sk-turns-aaaa", "sk-turns-bbbb"]);
        var model = LlmTestKit.UniqueModel("gpt");
        await LlmTestKit.ModelAsync(user.Client, provider.Id, model);

        for (var i = 0; i < 4; i++)
        {
            await user.Client.PostOk<JsonElement>("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = $"n{i}" } } });
        }

        _fake.Requests.Where(r => r.Model == model).Select(r => r.Authorization).ShouldBe(
            ["Bearer sk-turns-aaaa", "Bearer sk-turns-bbbb", "Bearer sk-turns-aaaa", "Bearer sk-turns-bbbb"]);

        // Counted in memory and written every second: today's use and last use show up shortly.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        List<CredentialView> listed;
        do
        {
            await Task.Delay(100, Ct);
            listed = await user.Client.GetOk<List<CredentialView>>($"/api/v1/llm/providers/{provider.Id}/credentials");
        }
        while (listed.Sum(k => k.UsedToday) < 4 && waited.Elapsed < TimeSpan.FromSeconds(10));
        listed.Select(k => k.UsedToday).ShouldBe([2, 2], ignoreOrder: true);
        listed.ShouldAllBe(k => k.LastUsedAt != null);

        // A key deactivated through this Host is never handed out again, not even once from the cached view.
        (await user.Client.PutAsJsonAsync($"/api/v1/llm/providers/{provider.Id}/credentials/{keys[0].Id}", new { alias = "retired", isActive = false }, Ct)).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++)
        {
            await user.Client.PostOk<JsonElement>("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = $"m{i}" } } });
        }

        _fake.Requests.Where(r => r.Model == model).Skip(4).ShouldAllBe(r => r.Authorization == "Bearer sk-turns-bbbb");
    }

    [Fact]
    public async Task A_failing_model_falls_back_to_the_next_in_its_chain_and_says_why()
    {
        var user = await platform.RegisterAsync("fallback");
        var (provider, _, _) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, ["sk-fallback-dddd"]);
        var primary = LlmTestKit.UniqueModel("primary");
        var backup = LlmTestKit.UniqueModel("backup");
        var backupModel = await LlmTestKit.ModelAsync(user.Client, provider.Id, backup);
        var chain = await user.Client.PostOk<JsonElement>("/api/v1/llm/fallback-chains", new { name = "chain-" + primary, modelIds = new[] { backupModel.Id } });
        await LlmTestKit.ModelAsync(user.Client, provider.Id, primary, fallbackChainId: chain.GetProperty("id").GetGuid());
        _fake.Enqueue(primary, new FakeBehavior.Status(500));
        _fake.Enqueue(backup, new FakeBehavior.Reply("backup answered"));

        var body = await user.Client.PostOk<JsonElement>("/v1/chat/completions", new { model = primary, messages = new[] { new { role = "user", content = "hi" } } });
        body.GetProperty("model").GetString().ShouldBe(backup);
        body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().ShouldBe("backup answered");
        var path = body.GetProperty("platform").GetProperty("fallback_path").EnumerateArray().Single();
        path.GetProperty("model").GetString().ShouldBe(primary);
        path.GetProperty("reason").GetString().ShouldBe("server_error");

        var usage = JsonDocument.Parse((await LlmTestKit.UsageEventsAsync(platform, body.GetProperty("platform").GetProperty("request_id").GetString()!)).Single()).RootElement;
        usage.GetProperty("fallbackUsed").GetBoolean().ShouldBeTrue();
        usage.GetProperty("modelName").GetString().ShouldBe(backup);
        usage.GetProperty("fallbackPath")[0].GetString().ShouldBe($"{primary}: server_error");
    }

    [Fact]
    public async Task Transient_failures_are_retried_as_often_as_the_endpoint_allows()
    {
        var user = await platform.RegisterAsync("retry");
        var (provider, _, _) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, ["sk-retry-eeee"], retryCount: 2);
        var model = LlmTestKit.UniqueModel("gpt");
        await LlmTestKit.ModelAsync(user.Client, provider.Id, model);
        _fake.Enqueue(model, new FakeBehavior.Status(503), new FakeBehavior.Malformed(), new FakeBehavior.Reply("third time"));

        var body = await user.Client.PostOk<JsonElement>("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "hi" } } });
        body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().ShouldBe("third time");
        _fake.CountFor(model).ShouldBe(3);

        // Without retries left, the failure is reported with its reason; the SDK itself never retried on its own.
        _fake.Enqueue(model, new FakeBehavior.Status(500), new FakeBehavior.Status(500), new FakeBehavior.Status(500), new FakeBehavior.Reply("never"));
        var failed = await user.Client.PostAsJsonAsync("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "hi" } } }, Ct);
        failed.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        _fake.CountFor(model).ShouldBe(6);
        var error = await failed.Content.ReadFromJsonAsync<JsonElement>(Ct);
        error.GetProperty("error").GetProperty("type").GetString().ShouldBe("api_error");
        error.GetProperty("error").GetProperty("message").GetString()!.ShouldContain("server_error");
    }

    [Fact]
    public async Task Slow_and_malformed_answers_fall_back_with_their_reasons()
    {
        var user = await platform.RegisterAsync("slow");
        var (provider, _, _) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, ["sk-slow-ffff"], readTimeoutSeconds: 1);
        var slow = LlmTestKit.UniqueModel("slow");
        var broken = LlmTestKit.UniqueModel("broken");
        var good = await LlmTestKit.ModelAsync(user.Client, provider.Id, LlmTestKit.UniqueModel("good"));
        var brokenModel = await LlmTestKit.ModelAsync(user.Client, provider.Id, broken);
        var chain = await user.Client.PostOk<JsonElement>("/api/v1/llm/fallback-chains", new { name = "c-" + slow, modelIds = new[] { brokenModel.Id, good.Id } });
        await LlmTestKit.ModelAsync(user.Client, provider.Id, slow, fallbackChainId: chain.GetProperty("id").GetGuid());
        _fake.Enqueue(slow, new FakeBehavior.Slow(TimeSpan.FromSeconds(4)));
        _fake.Enqueue(broken, new FakeBehavior.Malformed());

        var body = await user.Client.PostOk<JsonElement>("/v1/chat/completions", new { model = slow, messages = new[] { new { role = "user", content = "hi" } } });
        body.GetProperty("model").GetString().ShouldBe(good.ModelId);
        body.GetProperty("platform").GetProperty("fallback_path").EnumerateArray().Select(p => p.GetProperty("reason").GetString()).ShouldBe(["timeout", "bad_response"]);
    }

    [Fact]
    public async Task An_endpoint_that_keeps_failing_opens_its_circuit_and_closes_it_after_a_good_trial()
    {
        var user = await platform.RegisterAsync("breaker");
        var (provider, _, _) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, ["sk-breaker-gggg"]);
        var model = LlmTestKit.UniqueModel("gpt");
        await LlmTestKit.ModelAsync(user.Client, provider.Id, model);
        var request = new { model, messages = new[] { new { role = "user", content = "hi" } } };

        _fake.Always(model, new FakeBehavior.Status(500));
        for (var i = 0; i < 3; i++)
        {
            (await user.Client.PostAsJsonAsync("/v1/chat/completions", request, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        }

        // Open: the provider is not even called.
        var open = await user.Client.PostAsJsonAsync("/v1/chat/completions", request, Ct);
        (await open.Content.ReadAsStringAsync(Ct)).ShouldContain("circuit_open");
        _fake.CountFor(model).ShouldBe(3);

        // After the open period one trial goes through; it succeeds and the circuit closes.
        _fake.Always(model, null);
        await Task.Delay(TimeSpan.FromSeconds(1.2), Ct);
        (await user.Client.PostAsJsonAsync("/v1/chat/completions", request, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await user.Client.PostAsJsonAsync("/v1/chat/completions", request, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        _fake.CountFor(model).ShouldBe(5);
    }

    [Fact]
    public async Task A_stream_that_breaks_off_ends_with_an_error_and_is_recorded_as_failed()
    {
        var user = await platform.RegisterAsync("drop");
        var (provider, _, _) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, ["sk-drop-hhhh"]);
        var model = LlmTestKit.UniqueModel("gpt");
        await LlmTestKit.ModelAsync(user.Client, provider.Id, model);
        _fake.Enqueue(model, new FakeBehavior.Disconnect("partial "));

        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(new { model, stream = true, messages = new[] { new { role = "user", content = "hi" } } }) };
        request.Headers.Add("Idempotency-Key", "drop-" + model);
        var response = await user.Client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        text.ShouldContain("partial");
        text.ShouldContain("\"error\"");
        text.ShouldContain("llm.stream_interrupted");
        text.TrimEnd().ShouldEndWith("data: [DONE]");

        var usage = JsonDocument.Parse((await LlmTestKit.UsageEventsAsync(platform, "drop-" + model)).Single()).RootElement;
        usage.GetProperty("success").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task An_idempotency_key_replays_the_first_answer_and_refuses_a_different_body()
    {
        var user = await platform.RegisterAsync("idem");
        var (provider, _, _) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, ["sk-idem-iiii"]);
        var model = LlmTestKit.UniqueModel("gpt");
        await LlmTestKit.ModelAsync(user.Client, provider.Id, model);
        var key = "idem-" + Guid.NewGuid().ToString("N");
        var chat = LlmTestKit.OpenAIClientFor(platform, await LlmTestKit.ApiKeyAsync(user), key).GetChatClient(model);
        _fake.Enqueue(model, new FakeBehavior.Reply("first"), new FakeBehavior.Reply("second"));

        var first = (await chat.CompleteChatAsync([new UserChatMessage("same")], cancellationToken: Ct)).Value;
        var again = (await chat.CompleteChatAsync([new UserChatMessage("same")], cancellationToken: Ct)).Value;
        again.Content[0].Text.ShouldBe("first");
        again.Id.ShouldBe(first.Id);
        _fake.CountFor(model).ShouldBe(1);
        (await LlmTestKit.UsageEventsAsync(platform, key)).Count.ShouldBe(1);

        var conflict = await Should.ThrowAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("different")], cancellationToken: Ct));
        conflict.Status.ShouldBe(409);
    }

    [Fact]
    public async Task A_request_the_caller_abandoned_does_not_block_its_idempotency_key()
    {
        var user = await platform.RegisterAsync("abandon");
        var (provider, _, _) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, ["sk-abandon-oooo"], readTimeoutSeconds: 10);
        var model = LlmTestKit.UniqueModel("gpt");
        await LlmTestKit.ModelAsync(user.Client, provider.Id, model);
        _fake.Enqueue(model, new FakeBehavior.Slow(TimeSpan.FromSeconds(5)), new FakeBehavior.Reply("second try"));
        var key = "abandon-" + Guid.NewGuid().ToString("N");

        HttpRequestMessage Request()
        {
            var message = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(new { model, messages = new[] { new { role = "user", content = "hi" } } }) };
            message.Headers.Add("Idempotency-Key", key);
            return message;
        }

        using (var impatient = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            impatient.CancelAfter(TimeSpan.FromMilliseconds(500));
            await Should.ThrowAsync<OperationCanceledException>(() => user.Client.SendAsync(Request(), impatient.Token));
        }

        // Once the Host notices the caller left, the key is free again: the retry is answered, not refused as "in progress".
        HttpResponseMessage? retry = null;
        for (var i = 0; i < 40 && retry?.StatusCode != HttpStatusCode.OK; i++)
        {
            await Task.Delay(100, Ct);
            retry = await user.Client.SendAsync(Request(), Ct);
        }

        retry!.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await retry.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().ShouldBe("second try");
        (await LlmTestKit.UsageEventsAsync(platform, key)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_prompt_too_long_for_every_model_is_a_clear_400_and_a_larger_model_takes_it_when_chained()
    {
        var user = await platform.RegisterAsync("context");
        var (provider, _, _) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, ["sk-context-jjjj"]);
        var small = LlmTestKit.UniqueModel("small");
        await LlmTestKit.ModelAsync(user.Client, provider.Id, small, contextWindow: 50);
        var longPrompt = string.Join(' ', Enumerable.Repeat("token", 200));

        var refused = await user.Client.PostAsJsonAsync("/v1/chat/completions", new { model = small, messages = new[] { new { role = "user", content = longPrompt } } }, Ct);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error");
        error.GetProperty("type").GetString().ShouldBe("invalid_request_error");
        error.GetProperty("message").GetString()!.ShouldContain("too long");
        _fake.CountFor(small).ShouldBe(0);

        // More bytes than the window holds tokens, but fewer tokens: the byte count is only a shortcut, the tokens decide.
        var shortPrompt = string.Join(' ', Enumerable.Repeat("token", 12));
        System.Text.Encoding.UTF8.GetByteCount(shortPrompt).ShouldBeGreaterThan(50);
        var answered = await user.Client.PostOk<JsonElement>("/v1/chat/completions", new { model = small, messages = new[] { new { role = "user", content = shortPrompt } } });
        answered.GetProperty("model").GetString().ShouldBe(small);

        var large = await LlmTestKit.ModelAsync(user.Client, provider.Id, LlmTestKit.UniqueModel("large"), contextWindow: 100_000);
        var chain = await user.Client.PostOk<JsonElement>("/api/v1/llm/fallback-chains", new { name = "c-" + small, modelIds = new[] { large.Id } });
        var smallChained = await LlmTestKit.ModelAsync(user.Client, provider.Id, LlmTestKit.UniqueModel("small2"), contextWindow: 50, fallbackChainId: chain.GetProperty("id").GetGuid());
        var body = await user.Client.PostOk<JsonElement>("/v1/chat/completions", new { model = smallChained.ModelId, messages = new[] { new { role = "user", content = longPrompt } } });
        body.GetProperty("model").GetString().ShouldBe(large.ModelId);
        body.GetProperty("platform").GetProperty("fallback_path")[0].GetProperty("reason").GetString().ShouldBe("context_window");
    }

    [Fact]
    public async Task Azure_endpoints_get_the_key_in_the_api_key_header_and_the_api_version()
    {
        var admin = await platform.AdminAsync();
        var (provider, _, _) = await LlmTestKit.FakeProviderAsync(admin.Client, _fake, ["azure-key-kkkk"], type: "azure-openai");
        var model = LlmTestKit.UniqueModel("gpt");
        await LlmTestKit.ModelAsync(admin.Client, provider.Id, model);

        // A system-level provider: any user may call its models.
        var user = await platform.RegisterAsync("azure");
        var body = await user.Client.PostOk<JsonElement>("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "hi" } } });
        body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().ShouldBe("echo: hi");
        var sent = _fake.Requests.Single(r => r.Model == model);
        sent.Path.ShouldBe("/openai/v1/chat/completions");
        sent.ApiKeyHeader.ShouldBe("azure-key-kkkk");
        sent.Authorization.ShouldBeNullOrEmpty();
        sent.Query.ShouldContain("api-version=2025-01-01");
    }

    [Fact]
    public async Task Anthropic_models_answer_through_the_anthropic_sdk_plain_and_streamed()
    {
        var user = await platform.RegisterAsync("anthropic");
        var (provider, _, _) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, ["sk-ant-llll"], type: "anthropic");
        var model = LlmTestKit.UniqueModel("claude");
        await LlmTestKit.ModelAsync(user.Client, provider.Id, model, inputPrice: 0.003m, outputPrice: 0.015m);
        _fake.Enqueue(model, new FakeBehavior.Reply("Bonjour from Claude", PromptTokens: 100, CompletionTokens: 20), new FakeBehavior.Reply("streamed from Claude", PromptTokens: 50, CompletionTokens: 10));

        var body = await user.Client.PostOk<JsonElement>("/v1/chat/completions", new { model, messages = new[] { new { role = "system", content = "Be French." }, new { role = "user", content = "hi" } } });
        body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().ShouldBe("Bonjour from Claude");
        body.GetProperty("usage").GetProperty("prompt_tokens").GetInt64().ShouldBe(100);
        body.GetProperty("platform").GetProperty("cost").GetDecimal().ShouldBe(0.0006m); // 100 x 0.003/1000 + 20 x 0.015/1000
        var sent = _fake.Requests.First(r => r.Model == model);
        sent.Path.ShouldBe("/v1/messages");
        sent.Authorization.ShouldBe("Bearer sk-ant-llll"); // how the Anthropic SDK sends an API key
        sent.Body["max_tokens"]!.GetValue<int>().ShouldBeGreaterThan(0);

        var text = new StringBuilder();
        await foreach (var update in LlmTestKit.OpenAIClientFor(platform, await LlmTestKit.ApiKeyAsync(user)).GetChatClient(model).CompleteChatStreamingAsync([new UserChatMessage("again")], cancellationToken: Ct))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(c => c.Text)));
        }

        text.ToString().ShouldBe("streamed from Claude");
    }

    [Fact]
    public async Task Bad_requests_get_openai_shaped_errors_and_nothing_is_recorded()
    {
        var user = await platform.RegisterAsync("badreq");
        foreach (var (body, param) in new (object Body, string Param)[]
        {
            (new { messages = new[] { new { role = "user", content = "x" } } }, "model"),
            (new { model = "local-chat", messages = "hello" }, "messages"),
            (new { model = "local-chat", messages = new[] { new { role = "wizard", content = "x" } } }, "messages[0].role"),
            (new { model = "local-chat", messages = new[] { new { role = "user", content = "x" } }, temperature = 7 }, "temperature"),
            (new { model = "no-such-model", messages = new[] { new { role = "user", content = "x" } } }, ""),
        })
        {
            var response = await user.Client.PostAsJsonAsync("/v1/chat/completions", body, Ct);
            ((int)response.StatusCode).ShouldBeOneOf(400, 404);
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error");
            error.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
            if (param.Length > 0)
            {
                error.GetProperty("param").GetString().ShouldBe(param);
            }
        }

        var malformed = await user.Client.PostAsync("/v1/chat/completions", new StringContent("{\"model\": ", Encoding.UTF8, "application/json"), Ct);
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var recorded = await platform.Scoped(sp => sp.GetRequiredService<AgentPlatform.Modules.Llm.Infrastructure.Persistence.LlmDbContext>()
            .GatewayRequests.CountAsync(r => r.UserId == user.Id, Ct));
        recorded.ShouldBe(0);
    }

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
}
