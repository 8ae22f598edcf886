using System.Text.Json;

namespace AgentPlatform.IntegrationTests;

public sealed class AdministrationTests(PlatformFixture platform)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Admin_routes_are_for_admins_only()
    {
        var user = await platform.RegisterAsync("notadmin");
        (await user.Client.GetAsync("/api/v1/admin/users", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await user.Client.GetAsync("/api/v1/admin/audit-logs", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await user.Client.PutAsJsonAsync("/api/v1/admin/system-configs/x", new { value = "1", valueType = "integer" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await platform.CreateClient().GetAsync("/api/v1/admin/users", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Admin_lists_searches_and_filters_users_with_bounded_pages()
    {
        var admin = await platform.AdminAsync();
        var tag = "srch" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 3; i++)
        {
            await platform.RegisterAsync(tag);
        }

        var page = (await admin.Client.GetOk<PageDto<ProfileDto>>($"/api/v1/admin/users?search={tag.ToUpperInvariant()}&pageSize=2"));
        page.Total.ShouldBe(3);
        page.Items.Count.ShouldBe(2);
        page.PageSize.ShouldBe(2);
        var second = (await admin.Client.GetOk<PageDto<ProfileDto>>($"/api/v1/admin/users?search={tag}&pageSize=2&page=2"));
        second.Items.Count.ShouldBe(1);
        second.Items.Select(u => u.Id).ShouldNotContain(page.Items[0].Id);

        var admins = (await admin.Client.GetOk<PageDto<ProfileDto>>("/api/v1/admin/users?role=admin"));
        admins.Items.ShouldAllBe(u => u.Role == "admin");
        admins.Items.Select(u => u.Username).ShouldContain(PlatformFactory.AdminUsername);

        foreach (var bad in new[] { "pageSize=101", "pageSize=0", "page=0", "status=sleeping", "role=root", "page=abc" })
        {
            var response = await admin.Client.GetAsync($"/api/v1/admin/users?{bad}", Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, bad);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
    }

    [Fact]
    public async Task Disabling_a_user_stops_their_tokens_and_keys_at_once_and_enabling_restores_sign_in()
    {
        var admin = await platform.AdminAsync();
        var user = await platform.RegisterAsync("disable");
        var key = (await (await user.Client.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "k" }, Ct)).Content.ReadFromJsonAsync<CreatedKeyDto>(Ct))!;
        var keyClient = platform.CreateClient();
        keyClient.DefaultRequestHeaders.Add("X-Api-Key", key.Key);

        var disabled = await admin.Client.PostAsync($"/api/v1/admin/users/{user.Id}/disable", null, Ct);
        disabled.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await disabled.Content.ReadFromJsonAsync<ProfileDto>(Ct))!.Status.ShouldBe("disabled");

        (await user.Client.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await keyClient.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await platform.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { login = user.Username, password = user.Password }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await platform.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.Tokens.RefreshToken }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        (await admin.Client.PostAsync($"/api/v1/admin/users/{user.Id}/enable", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await PlatformFixture.LoginAsync(platform.CreateClient(), user.Username, user.Password);
        (await keyClient.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Role_changes_take_effect_on_the_next_request_and_are_audited()
    {
        var admin = await platform.AdminAsync();
        var user = await platform.RegisterAsync("promote");
        (await user.Client.GetAsync("/api/v1/admin/users", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var promoted = await admin.Client.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/role", new { role = "admin" }, Ct);
        promoted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await user.Client.GetAsync("/api/v1/admin/users", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK, "the same token, the new role");

        (await admin.Client.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/role", new { role = "superuser" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.Client.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/role", new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.Client.PutAsJsonAsync($"/api/v1/admin/users/{Guid.NewGuid()}/role", new { role = "user" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.Client.PutAsJsonAsync($"/api/v1/admin/users/{admin.Id}/role", new { role = "user" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var logs = (await admin.Client.GetOk<PageDto<AuditDto>>($"/api/v1/admin/audit-logs?action=user.role_changed&targetId={user.Id}"));
        var entry = logs.Items.ShouldHaveSingleItem();
        entry.ActorUserId.ShouldBe(admin.Id);
        entry.Payload!.Value.GetProperty("to").GetString().ShouldBe("admin");
    }

    [Fact]
    public async Task Deleting_a_user_hides_them_ends_sessions_revokes_keys_and_frees_the_name()
    {
        var admin = await platform.AdminAsync();
        var user = await platform.RegisterAsync("delete");
        var key = (await (await user.Client.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "k" }, Ct)).Content.ReadFromJsonAsync<CreatedKeyDto>(Ct))!;

        (await admin.Client.DeleteAsync($"/api/v1/admin/users/{user.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.Client.GetAsync($"/api/v1/admin/users/{user.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await user.Client.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var keyClient = platform.CreateClient();
        keyClient.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        (await keyClient.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await admin.Client.DeleteAsync($"/api/v1/admin/users/{user.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var again = await platform.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { username = user.Username, email = $"{user.Username}@example.com", password = "Passw0rd-1" }, Ct);
        again.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Sign_ins_failures_and_key_changes_are_in_the_audit_log()
    {
        var admin = await platform.AdminAsync();
        var user = await platform.RegisterAsync("audited");
        await platform.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { login = user.Username, password = "Wrong-pass-1" }, Ct);
        var key = (await (await user.Client.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "k" }, Ct)).Content.ReadFromJsonAsync<CreatedKeyDto>(Ct))!;
        await user.Client.DeleteAsync($"/api/v1/users/me/api-keys/{key.Id}", Ct);

        var mine = (await admin.Client.GetOk<PageDto<AuditDto>>($"/api/v1/admin/audit-logs?actorUserId={user.Id}&pageSize=100"));
        var actions = mine.Items.Select(i => i.Action).ToList();
        actions.ShouldContain("user.registered");
        actions.ShouldContain("user.login");
        actions.ShouldContain("user.login_failed");
        actions.ShouldContain("api_key.created");
        actions.ShouldContain("api_key.revoked");
        mine.Items.Select(i => i.CreatedAt).ShouldBeInOrder(SortDirection.Descending);
        JsonSerializer.Serialize(mine).ShouldNotContain("Wrong-pass-1");
        JsonSerializer.Serialize(mine).ShouldNotContain(key.Key);

        var none = (await admin.Client.GetOk<PageDto<AuditDto>>($"/api/v1/admin/audit-logs?actorUserId={user.Id}&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"))}"));
        none.Total.ShouldBe(0);
        (await admin.Client.GetAsync($"/api/v1/admin/audit-logs?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task System_configs_are_typed_validated_and_public_ones_readable_without_sign_in()
    {
        var admin = await platform.AdminAsync();
        var prefix = "t" + Guid.NewGuid().ToString("N")[..6];

        var created = await admin.Client.PutAsJsonAsync($"/api/v1/admin/system-configs/{prefix}.max_upload", new { value = " 100 ", valueType = "integer", isPublic = true, description = "MB" }, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.Client.PutAsJsonAsync($"/api/v1/admin/system-configs/{prefix}.flag", new { value = "TRUE", valueType = "boolean", isPublic = true }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.Client.PutAsJsonAsync($"/api/v1/admin/system-configs/{prefix}.doc", new { value = """{"a": [1, 2]}""", valueType = "json", isPublic = true }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.Client.PutAsJsonAsync($"/api/v1/admin/system-configs/{prefix}.secret", new { value = "hidden", valueType = "string" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var updated = await admin.Client.PutAsJsonAsync($"/api/v1/admin/system-configs/{prefix}.max_upload", new { value = "200", valueType = "integer" }, Ct);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var item = (await updated.Content.ReadFromJsonAsync<ConfigDto>(Ct))!;
        (item.Value, item.IsPublic, item.Description).ShouldBe(("200", true, "MB"));

        foreach (var (value, type) in new[] { ("1.5", "integer"), ("yes", "boolean"), ("{oops", "json") })
        {
            var bad = await admin.Client.PutAsJsonAsync($"/api/v1/admin/system-configs/{prefix}.bad", new { value, valueType = type }, Ct);
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{value} as {type}");
            (await bad.Content.ReadFromJsonAsync<ProblemDto>(Ct))!.Errors!.Keys.ShouldContain("value");
        }

        (await admin.Client.PutAsJsonAsync($"/api/v1/admin/system-configs/{prefix}.bad", new { value = "1", valueType = "float" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.Client.PutAsJsonAsync($"/api/v1/admin/system-configs/Bad Key!", new { value = "1", valueType = "string" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.Client.GetAsync($"/api/v1/admin/system-configs/{prefix}.bad", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var publicConfigs = await platform.CreateClient().GetFromJsonAsync<Dictionary<string, JsonElement>>("/api/v1/system-configs/public", Ct);
        publicConfigs![$"{prefix}.max_upload"].GetInt64().ShouldBe(200);
        publicConfigs[$"{prefix}.flag"].GetBoolean().ShouldBeTrue();
        publicConfigs[$"{prefix}.doc"].GetProperty("a").GetArrayLength().ShouldBe(2);
        publicConfigs.ShouldNotContainKey($"{prefix}.secret");

        (await admin.Client.DeleteAsync($"/api/v1/admin/system-configs/{prefix}.flag", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.Client.GetAsync($"/api/v1/admin/system-configs/{prefix}.flag", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var listed = (await admin.Client.GetOk<PageDto<ConfigDto>>($"/api/v1/admin/system-configs?search={prefix}"));
        listed.Items.Select(c => c.Key).ShouldBe([$"{prefix}.doc", $"{prefix}.max_upload", $"{prefix}.secret"]);
    }
}

public sealed record AuditDto(Guid Id, Guid? ActorUserId, string Action, string? TargetType, string? TargetId, JsonElement? Payload, DateTimeOffset CreatedAt);

public sealed record ConfigDto(string Key, string Value, string ValueType, string? Description, bool IsPublic);
