using System.Text.Json;

namespace AgentPlatform.IntegrationTests.Llm;

/// <summary>Across modules: a priced model call through the gateway is charged to the caller's account, once.</summary>
public sealed class LlmBillingTests(PlatformFixture platform) : IAsyncLifetime
{
    private FakeOpenAIServer _fake = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _fake = await FakeOpenAIServer.StartAsync();

    public async ValueTask DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task A_priced_call_is_charged_to_the_callers_account_once_even_when_retried()
    {
        var admin = await platform.AdminAsync();
        var user = await platform.RegisterAsync("charged");
        (await admin.Client.PostAsJsonAsync($"/api/v1/admin/billing/accounts/{user.Id}/adjustments", new { amount = 10m, reason = "test funds" }, Ct))
            .IsSuccessStatusCode.ShouldBeTrue();

        var (provider, _, _) = await LlmTestKit.FakeProviderAsync(user.Client, _fake, ["sk-billing-pppp"]);
        var model = LlmTestKit.UniqueModel("priced");
        await LlmTestKit.ModelAsync(user.Client, provider.Id, model, inputPrice: 0.001m, outputPrice: 0.002m);
        _fake.Enqueue(model, new FakeBehavior.Reply("worth paying for", PromptTokens: 1000, CompletionTokens: 500));

        async Task<HttpResponseMessage> Call()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(new { model, messages = new[] { new { role = "user", content = "hi" } } }) };
            request.Headers.Add("Idempotency-Key", "charged-" + model);
            return await user.Client.SendAsync(request, Ct);
        }

        (await Call()).StatusCode.ShouldBe(HttpStatusCode.OK);

        // 1000 x 0.001/1000 + 500 x 0.002/1000 = 0.002, charged after the usage event is delivered.
        var balance = 10m;
        for (var i = 0; i < 100 && balance == 10m; i++)
        {
            await Task.Delay(100, Ct);
            balance = (await user.Client.GetOk<JsonElement>("/api/v1/billing/account")).GetProperty("balance").GetDecimal();
        }

        balance.ShouldBe(9.998m);

        // The retry replays the answer; the provider is not called again and nothing more is charged.
        (await Call()).StatusCode.ShouldBe(HttpStatusCode.OK);
        _fake.CountFor(model).ShouldBe(1);
        await Task.Delay(1500, Ct);
        (await user.Client.GetOk<JsonElement>("/api/v1/billing/account")).GetProperty("balance").GetDecimal().ShouldBe(9.998m);
    }
}
