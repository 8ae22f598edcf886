using System.Net.Http.Headers;
using AgentPlatform.Modules.Users.Infrastructure.Persistence;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentPlatform.IntegrationTests;

public sealed class MeAndApiKeyTests(PlatformFixture platform)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Me_returns_and_updates_the_profile()
    {
        var user = await platform.RegisterAsync("me");
        var me = (await user.Client.GetFromJsonAsync<ProfileDto>("/api/v1/users/me", Ct))!;
        me.Id.ShouldBe(user.Id);
        me.LastLoginAt.ShouldNotBeNull();

        var patched = await user.Client.PatchAsJsonAsync("/api/v1/users/me", new { nickname = "Ada", avatar = "https://example.com/a.png" }, Ct);
        patched.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await patched.Content.ReadFromJsonAsync<ProfileDto>(Ct))!.Nickname.ShouldBe("Ada");

        // Absent fields stay; an empty string clears.
        var cleared = (await (await user.Client.PatchAsJsonAsync("/api/v1/users/me", new { avatar = "" }, Ct)).Content.ReadFromJsonAsync<ProfileDto>(Ct))!;
        cleared.Nickname.ShouldBe("Ada");
        cleared.Avatar.ShouldBeNull();
    }

    [Fact]
    public async Task Invalid_profile_changes_are_400_and_change_nothing()
    {
        var user = await platform.RegisterAsync("meinvalid");
        var response = await user.Client.PatchAsJsonAsync("/api/v1/users/me", new { nickname = new string('n', 51), avatar = "javascript:alert(1)" }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(Ct))!;
        problem.Errors!.Keys.ShouldBe(["nickname", "avatar"], ignoreOrder: true);
        (await user.Client.GetFromJsonAsync<ProfileDto>("/api/v1/users/me", Ct))!.Nickname.ShouldBeNull();
    }

    [Fact]
    public async Task Requests_without_valid_credentials_are_401_problems()
    {
        var user = await platform.RegisterAsync("authfail");
        var anonymous = platform.CreateClient();
        await AssertUnauthorized(anonymous, null);
        await AssertUnauthorized(anonymous, "Bearer not-a-token");

        // A token whose payload was changed no longer matches its signature.
        var parts = user.Tokens.AccessToken.Split('.');
        var forgedPayload = Base64UrlEncoder.Encode(Base64UrlEncoder.Decode(parts[1]).Replace("\"role\":\"user\"", "\"role\":\"admin\"", StringComparison.Ordinal));
        await AssertUnauthorized(anonymous, $"Bearer {parts[0]}.{forgedPayload}.{parts[2]}");

        // A correctly signed token that has expired.
        await AssertUnauthorized(anonymous, $"Bearer {SignedToken(user, DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1))}");

        // A token signed with another key.
        await AssertUnauthorized(anonymous, $"Bearer {SignedToken(user, DateTime.UtcNow, DateTime.UtcNow.AddMinutes(5), key: new byte[48])}");

        // The same claims with the real key and a valid lifetime work: the failures above are about the token, not the user.
        var good = platform.CreateClient();
        good.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse($"Bearer {SignedToken(user, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(5))}");
        (await good.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Changing_the_password_signs_out_every_other_session()
    {
        var user = await platform.RegisterAsync("chpw");
        var otherSession = await PlatformFixture.LoginAsync(platform.CreateClient(), user.Username, user.Password);

        var wrong = await user.Client.PostAsJsonAsync("/api/v1/users/me/password", new { currentPassword = "nope-nope-1", newPassword = "New-passw0rd" }, Ct);
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrong.Content.ReadFromJsonAsync<ProblemDto>(Ct))!.Errors!.Keys.ShouldContain("currentPassword");

        var changed = await user.Client.PostAsJsonAsync("/api/v1/users/me/password", new { currentPassword = user.Password, newPassword = "New-passw0rd" }, Ct);
        changed.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await user.Client.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK, "the session that changed it stays");
        var other = platform.CreateClient();
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", otherSession.AccessToken);
        (await other.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        (await platform.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { login = user.Username, password = user.Password }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await PlatformFixture.LoginAsync(platform.CreateClient(), user.Username, "New-passw0rd");
    }

    [Fact]
    public async Task Api_key_is_shown_once_stored_hashed_and_works_as_bearer_or_header()
    {
        var user = await platform.RegisterAsync("keys");
        var created = await user.Client.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "ci" }, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var key = (await created.Content.ReadFromJsonAsync<CreatedKeyDto>(Ct))!;
        key.Key.ShouldStartWith(key.Prefix + "_");
        key.Prefix.ShouldStartWith("apk_");
        key.Scopes.ShouldBe(["read", "write"]);

        var listed = await user.Client.GetStringAsync("/api/v1/users/me/api-keys", Ct);
        listed.ShouldContain(key.Prefix);
        listed.ShouldNotContain(key.Key);
        var stored = await platform.Scoped(sp => sp.GetRequiredService<UsersDbContext>().ApiKeys.SingleAsync(k => k.Id == key.Id, Ct));
        stored.KeyHash.ShouldNotContain(key.Key);

        var viaHeader = platform.CreateClient();
        viaHeader.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        (await viaHeader.GetFromJsonAsync<ProfileDto>("/api/v1/users/me", Ct))!.Id.ShouldBe(user.Id);

        var viaBearer = platform.CreateClient();
        viaBearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
        (await viaBearer.PatchAsJsonAsync("/api/v1/users/me", new { nickname = "bot" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var lastUsed = await platform.Scoped(sp => sp.GetRequiredService<UsersDbContext>().ApiKeys.AsNoTracking().SingleAsync(k => k.Id == key.Id, Ct));
        lastUsed.LastUsedAt.ShouldNotBeNull();

        // A key cannot mint keys or change the password: a leaked key must not entrench itself.
        (await viaBearer.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "child" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await viaBearer.PostAsJsonAsync("/api/v1/users/me/password", new { currentPassword = user.Password, newPassword = "Stolen-passw0rd" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await PlatformFixture.LoginAsync(platform.CreateClient(), user.Username, user.Password);

        var wrongSecret = platform.CreateClient();
        wrongSecret.DefaultRequestHeaders.Add("X-Api-Key", key.Key[..^4] + "AAAA");
        (await wrongSecret.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_read_only_key_cannot_change_anything()
    {
        var user = await platform.RegisterAsync("rokey");
        var key = (await (await user.Client.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "dashboard", scopes = new[] { "read" } }, Ct)).Content.ReadFromJsonAsync<CreatedKeyDto>(Ct))!;
        var client = platform.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Key);

        (await client.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var write = await client.PatchAsJsonAsync("/api/v1/users/me", new { nickname = "nope" }, Ct);
        write.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await user.Client.GetFromJsonAsync<ProfileDto>("/api/v1/users/me", Ct))!.Nickname.ShouldBeNull();
    }

    [Fact]
    public async Task Revoked_and_expired_keys_stop_working_and_other_users_cannot_touch_a_key()
    {
        var owner = await platform.RegisterAsync("keyowner");
        var stranger = await platform.RegisterAsync("stranger");
        var key = (await (await owner.Client.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "temp" }, Ct)).Content.ReadFromJsonAsync<CreatedKeyDto>(Ct))!;
        var client = platform.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        (await client.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await stranger.Client.DeleteAsync($"/api/v1/users/me/api-keys/{key.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Client.GetStringAsync("/api/v1/users/me/api-keys", Ct)).ShouldNotContain(key.Prefix);
        (await client.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await owner.Client.DeleteAsync($"/api/v1/users/me/api-keys/{key.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var past = await owner.Client.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "old", expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) }, Ct);
        past.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var badScope = await owner.Client.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "x", scopes = new[] { "root" } }, Ct);
        badScope.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var shortLived = (await (await owner.Client.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "short", expiresAt = DateTimeOffset.UtcNow.AddSeconds(5) }, Ct)).Content.ReadFromJsonAsync<CreatedKeyDto>(Ct))!;
        var expiring = platform.CreateClient();
        expiring.DefaultRequestHeaders.Add("X-Api-Key", shortLived.Key);
        (await expiring.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Task.Delay(5500, Ct);
        (await expiring.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_user_sees_their_sessions_and_can_sign_one_out_but_not_someone_elses()
    {
        var user = await platform.RegisterAsync("sessions");
        var phone = platform.CreateClient();
        phone.DefaultRequestHeaders.UserAgent.ParseAdd("Phone/1.0");
        var phoneTokens = await PlatformFixture.LoginAsync(phone, user.Username, user.Password);
        var stranger = await platform.RegisterAsync("sessionstranger");

        var sessions = (await user.Client.GetFromJsonAsync<List<SessionDto>>("/api/v1/users/me/sessions", Ct))!;
        sessions.Count.ShouldBe(2);
        sessions.Count(s => s.Current).ShouldBe(1);
        var phoneSession = sessions.Single(s => s.UserAgent == "Phone/1.0");
        phoneSession.Current.ShouldBeFalse();

        (await stranger.Client.DeleteAsync($"/api/v1/users/me/sessions/{phoneSession.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await user.Client.DeleteAsync($"/api/v1/users/me/sessions/{phoneSession.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        phone.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", phoneTokens.AccessToken);
        (await phone.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await user.Client.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await user.Client.GetFromJsonAsync<List<SessionDto>>("/api/v1/users/me/sessions", Ct))!.ShouldHaveSingleItem().Current.ShouldBeTrue();
    }

    private static async Task AssertUnauthorized(HttpClient client, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.SendAsync(request, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, authorization);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    private static string SignedToken(TestUser user, DateTime notBefore, DateTime expires, byte[]? key = null)
    {
        var sid = new JsonWebTokenHandler().ReadJsonWebToken(user.Tokens.AccessToken).GetClaim("sid").Value;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "agentplatform",
            Audience = "agentplatform",
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            Claims = new Dictionary<string, object> { ["sub"] = user.Id.ToString(), ["sid"] = sid, ["role"] = "user" },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? Convert.FromBase64String(PlatformFactory.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}

public sealed record SessionDto(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? IpAddress, string? UserAgent, bool Current);

public sealed record CreatedKeyDto(Guid Id, string Name, string Prefix, string Key, List<string> Scopes, DateTimeOffset? ExpiresAt);
