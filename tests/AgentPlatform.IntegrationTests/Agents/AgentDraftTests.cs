using System.Net.Http.Headers;

namespace AgentPlatform.IntegrationTests.Agents;

public sealed class AgentDraftTests(PlatformFixture platform)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Model_settings_must_name_a_chat_model_or_profile_the_user_may_use()
    {
        var owner = await platform.RegisterAsync("agtmodel");
        var chat = await platform.LocalChatModelIdAsync();
        (await owner.Client.CreateAgentAsync("With the local model", model: new { modelId = chat, temperature = 0.2 })).Model.ModelId.ShouldBe(chat);

        var embedding = await platform.Scoped(sp => sp.GetRequiredService<AgentPlatform.Modules.Llm.Infrastructure.Persistence.LlmDbContext>()
            .Models.Where(m => m.ModelId == "local-embedding" && m.OwnerId == null).Select(m => m.Id).SingleAsync(Ct));
        foreach (var (model, field) in new (object Model, string Field)[]
        {
            (new { modelId = Guid.CreateVersion7() }, "model.modelId"),
            (new { modelId = embedding }, "model.modelId"),
            (new { profileId = Guid.CreateVersion7() }, "model.profileId"),
        })
        {
            var response = await owner.Client.PostAsJsonAsync("/api/v1/agents", new { name = "bad model", model }, Ct);
            (await response.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.ShouldContain(field);
        }
    }

    [Fact]
    public async Task Create_read_update_and_delete_an_agent_draft()
    {
        var owner = await platform.RegisterAsync("agt");
        var created = await owner.Client.CreateAgentAsync("Weather helper");
        created.AgentMode.ShouldBe("thinking");
        created.Model.Temperature.ShouldBe(0.7m);
        created.ToolPresetParams.GetProperty("weather").GetProperty("default_city").GetString().ShouldBe("北京");
        created.Enabled.ShouldBeTrue();

        var read = await owner.Client.GetAsync($"/api/v1/agents/{created.Id}", Ct);
        await read.ShouldBeAsync(HttpStatusCode.OK);
        read.Headers.ETag!.Tag.ShouldBe($"\"{created.Version}\"");

        var profile = await platform.Scoped(sp => sp.GetRequiredService<AgentPlatform.Modules.Llm.Infrastructure.Persistence.LlmDbContext>()
            .Profiles.Where(p => p.OwnerId == null && p.IsDefault).Select(p => p.Id).SingleAsync(Ct));
        var updated = await owner.Client.PutAsJsonAsync($"/api/v1/agents/{created.Id}", new
        {
            version = created.Version,
            name = "Weather helper 2",
            description = "new",
            agentMode = "direct",
            model = new { profileId = profile, topP = 0.9 },
            enabled = false,
        }, Ct);
        await updated.ShouldBeAsync(HttpStatusCode.OK);
        var after = (await updated.Content.ReadFromJsonAsync<AgentDto>(Ct))!;
        after.Name.ShouldBe("Weather helper 2");
        after.AgentMode.ShouldBe("direct");
        after.Enabled.ShouldBeFalse();
        after.Model.TopP.ShouldBe(0.9m);
        after.Model.ProfileId.ShouldBe(profile);
        after.Version.ShouldNotBe(created.Version);

        (await owner.Client.DeleteAsync($"/api/v1/agents/{created.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await owner.Client.GetAsync($"/api/v1/agents/{created.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_stale_update_is_a_409_and_changes_nothing()
    {
        var owner = await platform.RegisterAsync("agt");
        var agent = await owner.Client.CreateAgentAsync("Original");
        var first = await owner.Client.PutAsJsonAsync($"/api/v1/agents/{agent.Id}", new { version = agent.Version, name = "First writer" }, Ct);
        await first.ShouldBeAsync(HttpStatusCode.OK);

        var stale = await owner.Client.PutAsJsonAsync($"/api/v1/agents/{agent.Id}", new { version = agent.Version, name = "Second writer" }, Ct);
        (await stale.ProblemAsync(HttpStatusCode.Conflict)).Code.ShouldBe("concurrency_conflict");

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/agents/{agent.Id}") { Content = JsonContent.Create(new { name = "Third writer" }) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{agent.Version}\""));
        (await owner.Client.SendAsync(request, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await owner.Client.GetOk<AgentDto>($"/api/v1/agents/{agent.Id}")).Name.ShouldBe("First writer");
    }

    [Fact]
    public async Task The_If_Match_header_carries_the_version()
    {
        var owner = await platform.RegisterAsync("agt");
        var agent = await owner.Client.CreateAgentAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/agents/{agent.Id}") { Content = JsonContent.Create(new { name = "via etag" }) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{agent.Version}\""));
        var response = await owner.Client.SendAsync(request, Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        response.Headers.ETag.ShouldNotBeNull();
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_field_errors_and_nothing_is_written()
    {
        var owner = await platform.RegisterAsync("agt");
        var response = await owner.Client.PostAsJsonAsync("/api/v1/agents", new
        {
            name = "",
            avatar = "not a url",
            agentMode = "dreaming",
            toolPresetParams = new[] { 1, 2 },
            model = new { temperature = 3.5, maxTokens = 0, topP = -1 },
        }, Ct);
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors!.Keys.ShouldBe(["name", "avatar", "toolPresetParams", "agentMode", "model.temperature", "model.maxTokens", "model.topP"], ignoreOrder: true);
        (await owner.Client.GetOk<PageDto<AgentDto>>("/api/v1/agents")).Total.ShouldBe(0);

        var agent = await owner.Client.CreateAgentAsync();
        var noVersion = await owner.Client.PutAsJsonAsync($"/api/v1/agents/{agent.Id}", new { name = "x" }, Ct);
        (await noVersion.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.ShouldContain("version");

        var wrongType = await owner.Client.PostAsync("/api/v1/agents", new StringContent("""{"name":"x","multiModal":"yes"}""", System.Text.Encoding.UTF8, "application/json"), Ct);
        await wrongType.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Another_users_agent_is_a_404_for_every_verb()
    {
        var owner = await platform.RegisterAsync("agt");
        var stranger = await platform.RegisterAsync("agt");
        var agent = await owner.Client.CreateAgentAsync();

        (await stranger.Client.GetAsync($"/api/v1/agents/{agent.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Client.PutAsJsonAsync($"/api/v1/agents/{agent.Id}", new { version = agent.Version, name = "mine now" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Client.DeleteAsync($"/api/v1/agents/{agent.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Client.PostAsJsonAsync($"/api/v1/agents/{agent.Id}/versions", new { versionNumber = "1.0.0" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Client.GetAsync($"/api/v1/agents/{agent.Id}/versions", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await owner.Client.GetOk<AgentDto>($"/api/v1/agents/{agent.Id}")).Name.ShouldBe(agent.Name);
    }

    [Fact]
    public async Task List_mine_is_paged_and_searchable()
    {
        var owner = await platform.RegisterAsync("agt");
        await owner.Client.CreateAgentAsync("Alpha translator");
        await owner.Client.CreateAgentAsync("Beta", "翻译助手 for documents");
        await owner.Client.CreateAgentAsync("Gamma");
        var other = await platform.RegisterAsync("agt");
        await other.Client.CreateAgentAsync("Alpha translator of someone else");

        var all = await owner.Client.GetOk<PageDto<AgentDto>>("/api/v1/agents?pageSize=2");
        all.Total.ShouldBe(3);
        all.Items.Count.ShouldBe(2);
        (await owner.Client.GetOk<PageDto<AgentDto>>("/api/v1/agents?q=translator")).Items.Single().Name.ShouldBe("Alpha translator");
        (await owner.Client.GetOk<PageDto<AgentDto>>("/api/v1/agents?q=翻译")).Items.Single().Name.ShouldBe("Beta");
        (await owner.Client.GetAsync("/api/v1/agents?pageSize=500", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Malformed_requests_get_4xx_problems_never_a_500()
    {
        var user = await platform.RegisterAsync("agt");
        var agent = await user.Client.CreateAgentAsync();
        var json = "application/json";
        var cases = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Post, "/api/v1/agents", "null"),
            (HttpMethod.Post, "/api/v1/agents", "{\"name\":\"x\",\"toolIds\":[\"not-a-guid\"]}"),
            (HttpMethod.Post, "/api/v1/agents", "{\"name\":\"x\",\"model\":{\"maxTokens\":1e40}}"),
            (HttpMethod.Put, $"/api/v1/agents/{agent.Id}", "{\"name\":\"x\",\"version\":-1}"),
            (HttpMethod.Put, $"/api/v1/agents/{agent.Id}", "[]"),
            (HttpMethod.Post, $"/api/v1/agents/{agent.Id}/versions", "{\"versionNumber\":\"999999999999.0.0\"}"),
            (HttpMethod.Post, $"/api/v1/agents/{agent.Id}/rollback", "{}"),
            (HttpMethod.Post, "/api/v1/agents/workspace", "{\"agentId\":\"00000000-0000-0000-0000-000000000000\"}"),
            (HttpMethod.Post, "/api/v1/agents/tasks", "{\"sessionId\":\"x\"}"),
            (HttpMethod.Patch, $"/api/v1/agents/tasks/{Guid.CreateVersion7()}", "{\"progress\":\"lots\"}"),
            (HttpMethod.Get, "/api/v1/agents/runs?success=maybe", null),
            (HttpMethod.Get, "/api/v1/agents/runs?cursor=%FF%FE", null),
            (HttpMethod.Get, $"/api/v1/agents/runs/{new string('x', 500)}", null),
            (HttpMethod.Get, "/api/v1/agents/runs/stats?agentId=not-a-guid", null),
            (HttpMethod.Get, $"/api/v1/agents/runs/stats?agentId={Guid.CreateVersion7()}&from=2020-01-01&to=2019-01-01", null),
            (HttpMethod.Get, "/api/v1/agents/marketplace?q=%25_%5C&page=0", null),
            (HttpMethod.Get, "/api/v1/agents/tasks", null),
        };
        foreach (var (method, path, body) in cases)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new StringContent(body, System.Text.Encoding.UTF8, json);
            }

            var response = await user.Client.SendAsync(request, Ct);
            ((int)response.StatusCode).ShouldBeInRange(400, 499, $"{method} {path} {body}: {await response.Content.ReadAsStringAsync(Ct)}");
        }
    }
}
