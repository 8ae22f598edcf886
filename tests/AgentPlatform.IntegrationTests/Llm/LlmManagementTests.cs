using System.Text.Json;

namespace AgentPlatform.IntegrationTests.Llm;

public sealed class LlmManagementTests(PlatformFixture platform) : IAsyncLifetime
{
    private FakeOpenAIServer _fake = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _fake = await FakeOpenAIServer.StartAsync();

    public async ValueTask DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task A_fresh_install_has_the_local_provider_with_chat_and_embedding_models_and_a_default_profile()
    {
        var user = await platform.RegisterAsync("fresh");
        var providers = await user.Client.GetOk<PageDto<ProviderView>>("/api/v1/llm/providers?type=local");
        providers.Items.ShouldContain(p => p.Name == "Local" && p.Scope == "system");
        var models = await user.Client.GetOk<PageDto<ModelView>>("/api/v1/llm/models?pageSize=100");
        models.Items.ShouldContain(m => m.ModelId == "local-chat" && m.Type == "chat" && m.Scope == "system");
        models.Items.ShouldContain(m => m.ModelId == "local-embedding" && m.EmbeddingDimension == 512);
        var profiles = await user.Client.GetOk<PageDto<ProfileView>>("/api/v1/llm/profiles");
        profiles.Items.ShouldContain(p => p.IsDefault && p.Scope == "system");
    }

    [Fact]
    public async Task Users_see_system_objects_and_their_own_never_another_users()
    {
        var alice = await platform.RegisterAsync("alice");
        var bob = await platform.RegisterAsync("bob");
        var (provider, endpoint, keys) = await LlmTestKit.FakeProviderAsync(alice.Client, _fake, ["sk-alice-key-0001"]);
        var model = await LlmTestKit.ModelAsync(alice.Client, provider.Id, LlmTestKit.UniqueModel("alice"));
        var profile = await alice.Client.PostOk<ProfileView>("/api/v1/llm/profiles", new { name = "mine", modelId = model.Id, temperature = 0.2 });
        profile.Scope.ShouldBe("user");
        profile.IsDefault.ShouldBeTrue(); // the owner's first profile

        foreach (var path in new[]
        {
            $"/api/v1/llm/providers/{provider.Id}", $"/api/v1/llm/providers/{provider.Id}/endpoints", $"/api/v1/llm/providers/{provider.Id}/credentials",
            $"/api/v1/llm/models/{model.Id}", $"/api/v1/llm/profiles/{profile.Id}",
        })
        {
            (await bob.Client.GetAsync(path, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
        }

        (await bob.Client.PutAsJsonAsync($"/api/v1/llm/providers/{provider.Id}", new { name = "stolen" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await bob.Client.DeleteAsync($"/api/v1/llm/providers/{provider.Id}/credentials/{keys[0].Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await bob.Client.PostAsJsonAsync("/v1/chat/completions", new { model = model.ModelId, messages = new[] { new { role = "user", content = "x" } } }, Ct))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await bob.Client.GetOk<PageDto<ModelView>>("/api/v1/llm/models?pageSize=100")).Items.ShouldNotContain(m => m.Id == model.Id);
        (await bob.Client.GetOk<PageDto<ProviderView>>("/api/v1/llm/providers?pageSize=100")).Items.ShouldNotContain(p => p.Id == provider.Id);

        // System objects are visible to users but only admins change them.
        var local = (await bob.Client.GetOk<PageDto<ProviderView>>("/api/v1/llm/providers?type=local")).Items.First(p => p.Scope == "system");
        (await bob.Client.PutAsJsonAsync($"/api/v1/llm/providers/{local.Id}", new { name = "mine now" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await bob.Client.GetAsync($"/api/v1/llm/providers/{endpoint.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Credentials_are_encrypted_at_rest_and_never_shown_or_logged()
    {
        var user = await platform.RegisterAsync("secret");
        const string key = "sk-very-secret-value-9876";
        var (provider, _, keys) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, [key]);
        keys[0].KeyLast4.ShouldBe("9876");

        var listed = await user.Client.GetStringAsync($"/api/v1/llm/providers/{provider.Id}/credentials", Ct);
        listed.ShouldNotContain("very-secret");
        var stored = await platform.Scoped(sp => sp.GetRequiredService<AgentPlatform.Modules.Llm.Infrastructure.Persistence.LlmDbContext>()
            .Credentials.AsNoTracking().Where(c => c.ProviderId == provider.Id).Select(c => c.ApiKeyEncrypted).SingleAsync(Ct));
        stored.ShouldStartWith("v1.");
        stored.ShouldNotContain("very-secret");

        // A failing call through the key logs a warning: the key is not in it.
        var model = LlmTestKit.UniqueModel("gpt");
        await LlmTestKit.ModelAsync(user.Client, provider.Id, model);
        _fake.Enqueue(model, new FakeBehavior.Status(401));
        var failed = await user.Client.PostAsJsonAsync("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "x" } } }, Ct);
        failed.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        (await failed.Content.ReadAsStringAsync(Ct)).ShouldNotContain("very-secret");
        platform.Logs.Lines.ShouldContain(l => l.Contains(model, StringComparison.Ordinal));
        platform.Logs.Lines.ShouldNotContain(l => l.Contains("very-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Test_connection_reports_latency_or_the_providers_error()
    {
        var user = await platform.RegisterAsync("testconn");
        var (provider, _, keys) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, ["sk-test-conn-0002"]);
        var model = await LlmTestKit.ModelAsync(user.Client, provider.Id, LlmTestKit.UniqueModel("gpt"));

        var ok = await user.Client.PostOk<JsonElement>($"/api/v1/llm/providers/{provider.Id}/test-connection", new { });
        ok.GetProperty("ok").GetBoolean().ShouldBeTrue();
        ok.GetProperty("latencyMs").GetInt64().ShouldBeGreaterThanOrEqualTo(0);
        ok.GetProperty("model").GetString().ShouldBe(model.ModelId);

        _fake.Enqueue(model.ModelId, new FakeBehavior.Status(401));
        var refused = await user.Client.PostOk<JsonElement>($"/api/v1/llm/providers/{provider.Id}/test-connection", new { credentialId = keys[0].Id });
        refused.GetProperty("ok").GetBoolean().ShouldBeFalse();
        refused.GetProperty("reason").GetString().ShouldBe("auth_failed");
    }

    [Fact]
    public async Task Bad_management_input_is_a_400_naming_each_field_and_nothing_is_written()
    {
        var user = await platform.RegisterAsync("badinput");
        var bad = await user.Client.PostAsJsonAsync("/api/v1/llm/providers", new { name = "", type = "skynet" }, Ct);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<ProblemDto>(Ct))!.Errors!.Keys.ShouldBe(["name", "type"], ignoreOrder: true);

        var (provider, _, _) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, []);
        var badEndpoint = await user.Client.PostAsJsonAsync($"/api/v1/llm/providers/{provider.Id}/endpoints", new { name = "x", baseUrl = "ftp://example.com", readTimeoutSeconds = 0 }, Ct);
        (await badEndpoint.Content.ReadFromJsonAsync<ProblemDto>(Ct))!.Errors!.Keys.ShouldBe(["baseUrl", "readTimeoutSeconds"], ignoreOrder: true);

        var badModel = await user.Client.PostAsJsonAsync("/api/v1/llm/models", new
        {
            providerId = provider.Id,
            modelId = "m",
            name = "m",
            type = "embedding",
            inputPricePer1K = -1,
            outputPricePer1K = 0.123456789,
            capabilities = new Dictionary<string, bool> { ["telepathy"] = true },
        }, Ct);
        badModel.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badModel.Content.ReadFromJsonAsync<ProblemDto>(Ct))!.Errors!.Keys.ShouldBe(["inputPricePer1K", "outputPricePer1K", "capabilities[0]"], ignoreOrder: true);

        var noDimension = await user.Client.PostAsJsonAsync("/api/v1/llm/models", new { providerId = provider.Id, modelId = "e", name = "e", type = "embedding", inputPricePer1K = 0, outputPricePer1K = 0 }, Ct);
        (await noDimension.Content.ReadFromJsonAsync<ProblemDto>(Ct))!.Errors!.Keys.ShouldBe(["embeddingDimension"]);

        var badKey = await user.Client.PostAsJsonAsync($"/api/v1/llm/providers/{provider.Id}/credentials", new { alias = "k", apiKey = "", dailyQuota = 0 }, Ct);
        (await badKey.Content.ReadFromJsonAsync<ProblemDto>(Ct))!.Errors!.Keys.ShouldBe(["apiKey", "dailyQuota"], ignoreOrder: true);

        (await user.Client.GetAsync("/api/v1/llm/models?type=robot", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await user.Client.GetOk<PageDto<ModelView>>($"/api/v1/llm/models?providerId={provider.Id}")).Total.ShouldBe(0);
        (await user.Client.GetOk<List<EndpointView>>($"/api/v1/llm/providers/{provider.Id}/endpoints")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_provider_has_one_default_endpoint_and_a_new_default_replaces_the_old()
    {
        var user = await platform.RegisterAsync("endpoints");
        var (provider, first, _) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, []);
        first.IsDefault.ShouldBeTrue(); // the first endpoint of a provider

        var second = await user.Client.PostOk<EndpointView>($"/api/v1/llm/providers/{provider.Id}/endpoints", new { name = "second", baseUrl = "https://example.com/v1", isDefault = true });
        second.IsDefault.ShouldBeTrue();
        var listed = await user.Client.GetOk<List<EndpointView>>($"/api/v1/llm/providers/{provider.Id}/endpoints");
        listed.Count(e => e.IsDefault).ShouldBe(1);
        listed.Single(e => e.Id == first.Id).IsDefault.ShouldBeFalse();
    }

    [Fact]
    public async Task Models_filter_by_type_capability_and_status()
    {
        var user = await platform.RegisterAsync("filter");
        var (provider, _, _) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, []);
        var tools = await user.Client.PostOk<ModelView>("/api/v1/llm/models", new { providerId = provider.Id, modelId = "with-tools", name = "t", type = "chat", inputPricePer1K = 0, outputPricePer1K = 0, capabilities = new { function_calling = true, vision = true } });
        await user.Client.PostOk<ModelView>("/api/v1/llm/models", new { providerId = provider.Id, modelId = "plain", name = "p", type = "chat", inputPricePer1K = 0, outputPricePer1K = 0, capabilities = new { function_calling = false } });
        await user.Client.PostOk<ModelView>("/api/v1/llm/models", new { providerId = provider.Id, modelId = "old", name = "o", type = "chat", inputPricePer1K = 0, outputPricePer1K = 0, capabilities = new { function_calling = true }, status = "deprecated" });
        await user.Client.PostOk<ModelView>("/api/v1/llm/models", new { providerId = provider.Id, modelId = "vec", name = "v", type = "embedding", inputPricePer1K = 0, outputPricePer1K = 0, embeddingDimension = 8 });

        var found = await user.Client.GetOk<PageDto<ModelView>>($"/api/v1/llm/models?providerId={provider.Id}&type=chat&capability=function_calling&status=available");
        found.Items.Select(m => m.Id).ShouldBe([tools.Id]);
        (await user.Client.GetOk<PageDto<ModelView>>($"/api/v1/llm/models?providerId={provider.Id}&capability=function_calling&capability=vision")).Items.Select(m => m.ModelId).ShouldBe(["with-tools"]);
        (await user.Client.GetOk<PageDto<ModelView>>($"/api/v1/llm/models?providerId={provider.Id}&type=embedding")).Items.Single().EmbeddingDimension.ShouldBe(8);
    }

    [Fact]
    public async Task Exactly_one_default_profile_per_owner_even_under_concurrent_requests()
    {
        var user = await platform.RegisterAsync("defaults");
        var local = (await user.Client.GetOk<PageDto<ModelView>>("/api/v1/llm/models?q=local-chat")).Items.Single();
        var created = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            user.Client.PostAsJsonAsync("/api/v1/llm/profiles", new { name = $"p{i}", modelId = local.Id, isDefault = true }, Ct)));
        created.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);

        var mine = (await user.Client.GetOk<PageDto<ProfileView>>("/api/v1/llm/profiles?pageSize=100")).Items.Where(p => p.Scope == "user").ToList();
        mine.Count.ShouldBe(8);
        mine.Count(p => p.IsDefault).ShouldBe(1);

        // Switching concurrently still leaves exactly one.
        await Task.WhenAll(mine.Select(p => user.Client.PostAsync($"/api/v1/llm/profiles/{p.Id}/default", null, Ct)));
        (await user.Client.GetOk<PageDto<ProfileView>>("/api/v1/llm/profiles?pageSize=100")).Items.Count(p => p.Scope == "user" && p.IsDefault).ShouldBe(1);

        // Deleting the default hands the role to another profile.
        var current = (await user.Client.GetOk<PageDto<ProfileView>>("/api/v1/llm/profiles?pageSize=100")).Items.Single(p => p.Scope == "user" && p.IsDefault);
        (await user.Client.DeleteAsync($"/api/v1/llm/profiles/{current.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await user.Client.GetOk<PageDto<ProfileView>>("/api/v1/llm/profiles?pageSize=100")).Items.Count(p => p.Scope == "user" && p.IsDefault).ShouldBe(1);

        // The user's default profile is what a request without a model uses.
        var body = await user.Client.PostOk<JsonElement>("/api/v1/llm/profiles", new { name = "precise", modelId = local.Id, isDefault = true, temperature = 0.1 });
        body.GetProperty("isDefault").GetBoolean().ShouldBeTrue();
    }
}
