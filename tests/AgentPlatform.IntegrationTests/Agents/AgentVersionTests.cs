using AgentPlatform.Modules.Agents.Contracts;
using Mediator;
using Npgsql;

namespace AgentPlatform.IntegrationTests.Agents;

public sealed class AgentVersionTests(PlatformFixture platform)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publish_review_and_roll_back()
    {
        var owner = await platform.RegisterAsync("ver");
        var admin = await platform.AdminAsync();
        var agent = await owner.Client.CreateAgentAsync("Versioned");

        var v1 = await owner.Client.PublishAsync(agent.Id, "1.9.0", "first");
        v1.PublishStatus.ShouldBe("reviewing");
        v1.IsLive.ShouldBeFalse();
        (await owner.Client.GetOk<AgentDto>($"/api/v1/agents/{agent.Id}")).PublishedVersionId.ShouldBeNull("a version under review is not live");

        var pending = await admin.Client.GetOk<PageDto<VersionDto>>("/api/v1/admin/agent-versions?pageSize=100");
        pending.Items.ShouldContain(v => v.Id == v1.Id);
        var forReview = await admin.Client.GetOk<VersionDetailDto>($"/api/v1/admin/agent-versions/{v1.Id}");
        forReview.SystemPrompt.ShouldBe("You are helpful.");
        forReview.Version.VersionNumber.ShouldBe("1.9.0");
        (await owner.Client.GetAsync($"/api/v1/admin/agent-versions/{v1.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await admin.Client.ReviewAsync(v1.Id, "approve")).IsLive.ShouldBeTrue();
        var current = await owner.Client.GetOk<AgentDto>($"/api/v1/agents/{agent.Id}");
        current.PublishedVersionId.ShouldBe(v1.Id);

        // 1.10.0 is greater than 1.9.0 (numbers, not text).
        await owner.Client.PutAsJsonAsync($"/api/v1/agents/{agent.Id}", new { version = current.Version, name = "Versioned v2" }, Ct);
        var v2 = await owner.Client.PublishAsync(agent.Id, "1.10.0", "second");
        await admin.Client.ReviewAsync(v2.Id, "approve");
        (await owner.Client.GetOk<AgentDto>($"/api/v1/agents/{agent.Id}")).PublishedVersionId.ShouldBe(v2.Id);

        var rollback = await owner.Client.PostAsJsonAsync($"/api/v1/agents/{agent.Id}/rollback", new { versionId = v1.Id }, Ct);
        await rollback.ShouldBeAsync(HttpStatusCode.OK);
        (await rollback.Content.ReadFromJsonAsync<AgentDto>(Ct))!.PublishedVersionId.ShouldBe(v1.Id);

        var versions = await owner.Client.GetOk<PageDto<VersionDto>>($"/api/v1/agents/{agent.Id}/versions");
        versions.Items.Select(v => v.VersionNumber).ShouldBe(["1.10.0", "1.9.0"]);
        versions.Items.Single(v => v.IsLive).Id.ShouldBe(v1.Id);
    }

    [Fact]
    public async Task Illegal_version_moves_are_409_and_change_nothing()
    {
        var owner = await platform.RegisterAsync("ver");
        var admin = await platform.AdminAsync();
        var agent = await owner.Client.CreateAgentAsync();
        var v2 = await owner.Client.PublishAsync(agent.Id, "2.0.0");

        var lower = await owner.Client.PostAsJsonAsync($"/api/v1/agents/{agent.Id}/versions", new { versionNumber = "1.99.0" }, Ct);
        (await lower.ProblemAsync(HttpStatusCode.Conflict)).Code.ShouldBe("agents.version_not_greater");
        var same = await owner.Client.PostAsJsonAsync($"/api/v1/agents/{agent.Id}/versions", new { versionNumber = "2.0.0" }, Ct);
        await same.ProblemAsync(HttpStatusCode.Conflict);
        var bad = await owner.Client.PostAsJsonAsync($"/api/v1/agents/{agent.Id}/versions", new { versionNumber = "2.1" }, Ct);
        (await bad.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.ShouldContain("versionNumber");

        await admin.Client.ReviewAsync(v2.Id, "reject", new { reason = "prompt leaks data" });
        var approveRejected = await admin.Client.PostAsJsonAsync($"/api/v1/admin/agent-versions/{v2.Id}/approve", new { }, Ct);
        (await approveRejected.ProblemAsync(HttpStatusCode.Conflict)).Code.ShouldBe("agents.illegal_review_transition");
        (await admin.Client.PostAsJsonAsync($"/api/v1/admin/agent-versions/{v2.Id}/delist", new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var noReason = await admin.Client.PostAsJsonAsync($"/api/v1/admin/agent-versions/{v2.Id}/reject", new { }, Ct);
        (await noReason.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.ShouldContain("reason");

        var rollbackToRejected = await owner.Client.PostAsJsonAsync($"/api/v1/agents/{agent.Id}/rollback", new { versionId = v2.Id }, Ct);
        (await rollbackToRejected.ProblemAsync(HttpStatusCode.Conflict)).Code.ShouldBe("agents.version_not_published");

        var edit = await owner.Client.PutAsJsonAsync($"/api/v1/agents/{agent.Id}/versions/{v2.Id}", new { name = "sneaky" }, Ct);
        (await edit.ProblemAsync(HttpStatusCode.Conflict)).Code.ShouldBe("agents.version_immutable");

        var stored = (await owner.Client.GetOk<PageDto<VersionDto>>($"/api/v1/agents/{agent.Id}/versions")).Items.Single();
        stored.PublishStatus.ShouldBe("rejected");
        stored.RejectReason.ShouldBe("prompt leaks data");
        (await owner.Client.GetOk<AgentDto>($"/api/v1/agents/{agent.Id}")).PublishedVersionId.ShouldBeNull();

        var user = await platform.RegisterAsync("ver");
        (await user.Client.PostAsJsonAsync($"/api/v1/admin/agent-versions/{v2.Id}/approve", new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_database_refuses_to_change_a_versions_content()
    {
        var owner = await platform.RegisterAsync("ver");
        var agent = await owner.Client.CreateAgentAsync("Immutable");
        var version = await owner.Client.PublishAsync(agent.Id, "1.0.0");

        await using var connection = new NpgsqlConnection(platform.Factory.ConnectionString);
        await connection.OpenAsync(Ct);
        await using (var update = new NpgsqlCommand($"UPDATE agents.agent_versions SET system_prompt = 'evil' WHERE id = '{version.Id}'", connection))
        {
            var error = await Should.ThrowAsync<PostgresException>(() => update.ExecuteNonQueryAsync(Ct));
            error.ConstraintName.ShouldBe("agent_versions_immutable");
        }

        await using (var review = new NpgsqlCommand($"UPDATE agents.agent_versions SET publish_status = 'rejected', reject_reason = 'x' WHERE id = '{version.Id}'", connection))
        {
            (await review.ExecuteNonQueryAsync(Ct)).ShouldBe(1, "the review columns may change");
        }

        await using var read = new NpgsqlCommand($"SELECT system_prompt FROM agents.agent_versions WHERE id = '{version.Id}'", connection);
        (await read.ExecuteScalarAsync(Ct)).ShouldBe("You are helpful.");
    }

    [Fact]
    public async Task Marketplace_lists_live_enabled_agents_and_searches_Chinese_and_English()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var owner = await platform.RegisterAsync("mkt");
        var (weather, live) = await platform.PublishedAgentAsync(owner, $"天气助手 {tag}", "查询北京的天气预报");
        var (translator, _) = await platform.PublishedAgentAsync(owner, $"Translator {tag}", "Translates English documents");
        var draftOnly = await owner.Client.CreateAgentAsync($"Draft {tag}");

        var viewer = await platform.RegisterAsync("mkt");
        var byTag = await viewer.Client.GetOk<PageDto<MarketplaceDto>>($"/api/v1/agents/marketplace?q={tag}&pageSize=100");
        byTag.Items.Select(i => i.AgentId).ShouldBe([translator.Id, weather.Id], ignoreOrder: true);
        byTag.Items.ShouldNotContain(i => i.AgentId == draftOnly.Id);

        var chinese = await viewer.Client.GetOk<PageDto<MarketplaceDto>>($"/api/v1/agents/marketplace?q={Uri.EscapeDataString("天气预报")}&pageSize=100");
        chinese.Items.ShouldContain(i => i.AgentId == weather.Id && i.VersionId == live.Id && i.VersionNumber == "1.0.0");
        chinese.Items.ShouldNotContain(i => i.AgentId == translator.Id);

        var english = await viewer.Client.GetOk<PageDto<MarketplaceDto>>($"/api/v1/agents/marketplace?q=ENGLISH%20doc&pageSize=100");
        english.Items.ShouldContain(i => i.AgentId == translator.Id);
        english.Items.ShouldNotContain(i => i.AgentId == weather.Id);

        // Delisting the live version takes the agent off the marketplace.
        var admin = await platform.AdminAsync();
        await admin.Client.ReviewAsync(live.Id, "delist");
        (await viewer.Client.GetOk<PageDto<MarketplaceDto>>($"/api/v1/agents/marketplace?q={tag}&pageSize=100")).Items.Select(i => i.AgentId).ShouldBe([translator.Id]);

        // So does disabling it.
        var current = await owner.Client.GetOk<AgentDto>($"/api/v1/agents/{translator.Id}");
        await owner.Client.PutAsJsonAsync($"/api/v1/agents/{translator.Id}", new { version = current.Version, name = current.Name, enabled = false }, Ct);
        (await viewer.Client.GetOk<PageDto<MarketplaceDto>>($"/api/v1/agents/marketplace?q={tag}")).Total.ShouldBe(0);
    }

    [Fact]
    public async Task Marketplace_search_uses_the_trigram_indexes()
    {
        await using var connection = new NpgsqlConnection(platform.Factory.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'agents' AND tablename = 'agent_versions' AND indexdef LIKE '%gin_trgm_ops%' ORDER BY indexname", connection);
        var definitions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            definitions.Add(reader.GetString(0));
        }

        definitions.Count.ShouldBe(2);
        definitions.ShouldContain(d => d.Contains("(description gin_trgm_ops)", StringComparison.Ordinal));
        definitions.ShouldContain(d => d.Contains("(name gin_trgm_ops)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Workspace_add_once_override_and_remove()
    {
        var owner = await platform.RegisterAsync("ws");
        var (agent, _) = await platform.PublishedAgentAsync(owner, "Workspace agent");
        var user = await platform.RegisterAsync("ws");

        var added = await user.Client.PostAsJsonAsync("/api/v1/agents/workspace", new { agentId = agent.Id }, Ct);
        await added.ShouldBeAsync(HttpStatusCode.Created);
        var again = await user.Client.PostAsJsonAsync("/api/v1/agents/workspace", new { agentId = agent.Id }, Ct);
        (await again.ProblemAsync(HttpStatusCode.Conflict)).Code.ShouldBe("agents.already_in_workspace");

        var unknown = await user.Client.PatchAsJsonAsync($"/api/v1/agents/workspace/{agent.Id}", new { modelOverride = new { modelId = Guid.CreateVersion7() } }, Ct);
        (await unknown.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.ShouldContain("modelOverride.modelId");
        var modelId = await platform.LocalChatModelIdAsync();
        var patch = await user.Client.PatchAsJsonAsync($"/api/v1/agents/workspace/{agent.Id}", new { modelOverride = new { modelId, temperature = 0.1 } }, Ct);
        await patch.ShouldBeAsync(HttpStatusCode.OK);
        var badPatch = await user.Client.PatchAsJsonAsync($"/api/v1/agents/workspace/{agent.Id}", new { modelOverride = new { temperature = 9 } }, Ct);
        (await badPatch.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.ShouldContain("modelOverride.temperature");

        var list = await user.Client.GetOk<PageDto<WorkspaceDto>>("/api/v1/agents/workspace");
        var item = list.Items.ShouldHaveSingleItem();
        item.AgentId.ShouldBe(agent.Id);
        item.VersionNumber.ShouldBe("1.0.0");
        item.IsOwner.ShouldBeFalse();
        item.ModelOverride!.ModelId.ShouldBe(modelId);

        var stranger = await platform.RegisterAsync("ws");
        (await stranger.Client.GetOk<PageDto<WorkspaceDto>>("/api/v1/agents/workspace")).Total.ShouldBe(0);
        (await stranger.Client.PatchAsJsonAsync($"/api/v1/agents/workspace/{agent.Id}", new { modelOverride = (object?)null }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Client.DeleteAsync($"/api/v1/agents/workspace/{agent.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await user.Client.DeleteAsync($"/api/v1/agents/workspace/{agent.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await user.Client.GetOk<PageDto<WorkspaceDto>>("/api/v1/agents/workspace")).Total.ShouldBe(0);
    }

    [Fact]
    public async Task Another_users_unpublished_agent_cannot_be_added_to_a_workspace()
    {
        var owner = await platform.RegisterAsync("ws");
        var draft = await owner.Client.CreateAgentAsync();
        var user = await platform.RegisterAsync("ws");
        (await user.Client.PostAsJsonAsync("/api/v1/agents/workspace", new { agentId = draft.Id }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await user.Client.PostAsJsonAsync("/api/v1/agents/workspace", new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Snapshot_contract_serves_the_live_version_the_owners_draft_and_the_workspace_override()
    {
        var owner = await platform.RegisterAsync("snap");
        var (agent, live) = await platform.PublishedAgentAsync(owner, "Snapshot agent");
        var current = await owner.Client.GetOk<AgentDto>($"/api/v1/agents/{agent.Id}");
        await owner.Client.PutAsJsonAsync($"/api/v1/agents/{agent.Id}", new { version = current.Version, name = "Snapshot agent (draft edit)", systemPrompt = "draft prompt" }, Ct);

        var user = await platform.RegisterAsync("snap");
        var overrideModel = await platform.LocalChatModelIdAsync();
        await user.Client.PostAsJsonAsync("/api/v1/agents/workspace", new { agentId = agent.Id, modelOverride = new { modelId = overrideModel, maxTokens = 64 } }, Ct);

        var forUser = (await Send(new GetAgentSnapshot(agent.Id, user.Id)))!;
        forUser.VersionId.ShouldBe(live.Id);
        forUser.Name.ShouldBe("Snapshot agent");
        forUser.SystemPrompt.ShouldBe("You are helpful.");
        forUser.Model.ModelId.ShouldBe(overrideModel);
        forUser.Model.MaxTokens.ShouldBe(64);
        forUser.Model.Temperature.ShouldBe(0.7m, "fields the override leaves out come from the version");
        forUser.AgentMode.ShouldBe("thinking");

        var ownerDraft = (await Send(new GetAgentSnapshot(agent.Id, owner.Id, UseDraft: true)))!;
        ownerDraft.VersionId.ShouldBeNull();
        ownerDraft.SystemPrompt.ShouldBe("draft prompt");
        (await Send(new GetAgentSnapshot(agent.Id, owner.Id)))!.VersionId.ShouldBe(live.Id);

        var privateDraft = await owner.Client.CreateAgentAsync("Private");
        (await Send(new GetAgentSnapshot(privateDraft.Id, user.Id))).ShouldBeNull();
        (await Send(new GetAgentSnapshot(privateDraft.Id, user.Id, UseDraft: true))).ShouldBeNull();
        (await Send(new GetAgentSnapshot(privateDraft.Id, owner.Id)))!.Name.ShouldBe("Private");
        (await Send(new GetAgentSnapshot(Guid.CreateVersion7(), user.Id))).ShouldBeNull();

        (await owner.Client.DeleteAsync($"/api/v1/agents/{agent.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Send(new GetAgentSnapshot(agent.Id, user.Id))).ShouldBeNull("a deleted agent no longer runs");
    }

    public sealed record VersionDetailDto(VersionDto Version, string? SystemPrompt, List<Guid> ToolIds, ModelDto Model, string AgentMode);

    private Task<AgentSnapshot?> Send(GetAgentSnapshot query) =>
        platform.Scoped(async sp => await sp.GetRequiredService<ISender>().Send(query, Ct));
}
