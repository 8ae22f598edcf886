using System.Net.Http.Headers;
using System.Text;
using AgentPlatform.Modules.Users.Infrastructure.Persistence;

namespace AgentPlatform.IntegrationTests;

public sealed class AuthTests(PlatformFixture platform)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Register_creates_an_active_user_and_login_works_by_username_or_email_in_any_case()
    {
        var client = platform.CreateClient();
        var name = "Reg" + Guid.NewGuid().ToString("N")[..8];
        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { username = name, email = $"{name}@Example.com", password = "Passw0rd-1" }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var profile = (await response.Content.ReadFromJsonAsync<ProfileDto>(Ct))!;
        profile.Username.ShouldBe(name);
        profile.Role.ShouldBe("user");
        profile.Status.ShouldBe("active");
        (await response.Content.ReadAsStringAsync(Ct)).ShouldNotContain("password", Case.Insensitive);

        var byName = await PlatformFixture.LoginAsync(client, name.ToUpperInvariant(), "Passw0rd-1");
        byName.TokenType.ShouldBe("Bearer");
        byName.ExpiresIn.ShouldBeGreaterThan(0);
        var byEmail = await PlatformFixture.LoginAsync(client, $"{name}@example.COM", "Passw0rd-1");
        byEmail.AccessToken.ShouldNotBe(byName.AccessToken);

        var stored = await platform.Scoped(sp => sp.GetRequiredService<UsersDbContext>().Users.SingleAsync(u => u.Id == profile.Id, Ct));
        stored.PasswordHash.ShouldNotContain("Passw0rd-1");
        stored.PasswordHash.Length.ShouldBeGreaterThan(40);
    }

    [Theory]
    [InlineData("""{"email":"a@b.co","password":"Passw0rd-1"}""", "username")]
    [InlineData("""{"username":"validname1","email":"not-an-email","password":"Passw0rd-1"}""", "email")]
    [InlineData("""{"username":"validname2","email":"v2@example.com","password":"short1"}""", "password")]
    [InlineData("""{"username":"validname3","email":"v3@example.com","password":"onlyletters"}""", "password")]
    [InlineData("""{"username":"bad name!","email":"v4@example.com","password":"Passw0rd-1"}""", "username")]
    [InlineData("""{"username":"validname5","email":"v5@example.com","password":"Passw0rd-1","nickname":1}""", null)]
    public async Task Register_rejects_invalid_fields_with_a_400_problem_naming_them(string body, string? field)
    {
        var response = await PostRaw("/api/v1/auth/register", body);

        if (field is null)
        {
            // Unknown fields are ignored; this one is valid.
            response.StatusCode.ShouldBe(HttpStatusCode.Created);
            return;
        }

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(Ct))!;
        problem.Errors!.Keys.ShouldContain(field);
        await AssertNoUserWithEmailFrom(body);
    }

    [Theory]
    [InlineData("""{"username":"x""")]
    [InlineData("""{"username":123,"email":"n1@example.com","password":"Passw0rd-1"}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""not json at all""")]
    public async Task Malformed_json_or_wrong_types_are_a_400_problem(string body)
    {
        var response = await PostRaw("/api/v1/auth/register", body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(Ct))!;
        problem.Status.ShouldBe(400);
        problem.Detail.ShouldNotBeNullOrEmpty();
        problem.Detail!.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Oversize_strings_are_rejected_and_nothing_is_written()
    {
        var response = await PostRaw("/api/v1/auth/register", $$"""{"username":"{{new string('a', 51)}}","email":"{{new string('b', 95)}}@x.com","password":"{{new string('c', 129)}}1"}""");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(Ct))!;
        problem.Errors!.Keys.ShouldBe(["username", "email", "password"], ignoreOrder: true);
    }

    [Fact]
    public async Task Duplicate_username_or_email_is_a_409_case_insensitively()
    {
        var user = await platform.RegisterAsync("dup");
        var client = platform.CreateClient();

        var sameName = await client.PostAsJsonAsync("/api/v1/auth/register", new { username = user.Username.ToUpperInvariant(), email = $"other{Guid.NewGuid():N}@example.com", password = "Passw0rd-1" }, Ct);
        sameName.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await sameName.Content.ReadFromJsonAsync<ProblemDto>(Ct))!.Code.ShouldBe("users.username_taken");

        var sameEmail = await client.PostAsJsonAsync("/api/v1/auth/register", new { username = "other" + Guid.NewGuid().ToString("N")[..8], email = $"{user.Username.ToUpperInvariant()}@EXAMPLE.com", password = "Passw0rd-1" }, Ct);
        sameEmail.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await sameEmail.Content.ReadFromJsonAsync<ProblemDto>(Ct))!.Code.ShouldBe("users.email_taken");
    }

    [Fact]
    public async Task Concurrent_duplicate_registrations_let_exactly_one_through()
    {
        var name = "race" + Guid.NewGuid().ToString("N")[..8];
        var attempts = Enumerable.Range(0, 8).Select(i => platform.CreateClient().PostAsJsonAsync(
            "/api/v1/auth/register", new { username = i % 2 == 0 ? name : name.ToUpperInvariant(), email = $"{name}{i}@example.com", password = "Passw0rd-1" }, Ct));
        var responses = await Task.WhenAll(attempts);

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(7);
        var count = await platform.Scoped(sp => sp.GetRequiredService<UsersDbContext>().Users.CountAsync(u => u.NormalizedUsername == name, Ct));
        count.ShouldBe(1);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_account_get_the_same_401()
    {
        var user = await platform.RegisterAsync("wrongpw");
        var client = platform.CreateClient();
        var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { login = user.Username, password = "Not-the-password-1" }, Ct);
        var unknown = await client.PostAsJsonAsync("/api/v1/auth/login", new { login = "nobody" + Guid.NewGuid().ToString("N"), password = "Not-the-password-1" }, Ct);

        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        unknown.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var a = (await wrong.Content.ReadFromJsonAsync<ProblemDto>(Ct))!;
        var b = (await unknown.Content.ReadFromJsonAsync<ProblemDto>(Ct))!;
        (a.Title, a.Detail, a.Code).ShouldBe((b.Title, b.Detail, b.Code));
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_with_429_without_revealing_it_exists()
    {
        var user = await platform.RegisterAsync("locked");
        var ghost = "ghost" + Guid.NewGuid().ToString("N")[..8];
        foreach (var login in new[] { user.Username, ghost })
        {
            for (var i = 0; i < 5; i++)
            {
                // A new address each time: only the per-account counter is at work.
                var r = await platform.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { login, password = "Wrong-password-1" }, Ct);
                r.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            }
        }

        var realAccount = await platform.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { login = user.Username, password = user.Password }, Ct);
        var ghostAccount = await platform.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { login = ghost, password = "Wrong-password-1" }, Ct);

        realAccount.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, "even the right password waits out the lock");
        ghostAccount.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        realAccount.Headers.RetryAfter.ShouldNotBeNull();
        (await realAccount.Content.ReadFromJsonAsync<ProblemDto>(Ct))!.Detail.ShouldBe((await ghostAccount.Content.ReadFromJsonAsync<ProblemDto>(Ct))!.Detail);
    }

    [Fact]
    public async Task Repeated_failures_from_one_address_are_limited_across_accounts()
    {
        var ip = PlatformFixture.RandomIp();
        var client = platform.CreateClient(ip);
        for (var i = 0; i < 20; i++)
        {
            var r = await client.PostAsJsonAsync("/api/v1/auth/login", new { login = $"spray{Guid.NewGuid():N}", password = "Wrong-password-1" }, Ct);
            r.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var user = await platform.RegisterAsync("sprayvictim");
        var blocked = await client.PostAsJsonAsync("/api/v1/auth/login", new { login = user.Username, password = user.Password }, Ct);
        blocked.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        var elsewhere = await platform.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { login = user.Username, password = user.Password }, Ct);
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Refresh_rotates_tokens_and_reusing_an_old_one_ends_the_session()
    {
        var user = await platform.RegisterAsync("refresh");
        var client = platform.CreateClient();

        var first = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.Tokens.RefreshToken }, Ct);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rotated = (await first.Content.ReadFromJsonAsync<TokensDto>(Ct))!;
        rotated.RefreshToken.ShouldNotBe(user.Tokens.RefreshToken);
        (await Me(rotated.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The old token again: a thief or a replay. The whole session ends.
        var replay = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.Tokens.RefreshToken }, Ct);
        replay.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = rotated.RefreshToken }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Me(rotated.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Me(user.Tokens.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "rt_made_up" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Concurrent_refreshes_of_one_token_rotate_it_once()
    {
        var user = await platform.RegisterAsync("refrace");
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            platform.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.Tokens.RefreshToken }, Ct)));
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
    }

    [Fact]
    public async Task Logout_revokes_the_session_so_its_tokens_stop_working_at_once()
    {
        var user = await platform.RegisterAsync("logout");
        var other = await PlatformFixture.LoginAsync(platform.CreateClient(), user.Username, user.Password);

        var logout = await user.Client.PostAsync("/api/v1/auth/logout", null, Ct);
        logout.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Me(user.Tokens.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await platform.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.Tokens.RefreshToken }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Me(other.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.OK, "another session of the same user is untouched");

        var byRefreshToken = await platform.CreateClient().PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = other.RefreshToken }, Ct);
        byRefreshToken.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Me(other.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Auth_endpoints_are_rate_limited_per_address()
    {
        var connectionString = await TestDatabase.CreateAsync("ratelimit");
        var factory = new PlatformFactory(connectionString, new Dictionary<string, string?> { ["Auth:RateLimit:PermitsPerMinute"] = "3" });
        try
        {
            var client = factory.CreateClient();
            client.DefaultRequestHeaders.Add(PlatformFactory.ClientIpHeader, "192.0.2.10");
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 5; i++)
            {
                statuses.Add((await client.PostAsJsonAsync("/api/v1/auth/login", new { login = "x", password = "y" }, Ct)).StatusCode);
            }

            statuses.Take(3).ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
            statuses.Skip(3).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
        }
        finally
        {
            await factory.DisposeAsync();
            await TestDatabase.DropAsync(connectionString);
        }
    }

    private async Task<HttpResponseMessage> Me(string accessToken)
    {
        var client = platform.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await client.GetAsync("/api/v1/users/me", Ct);
    }

    private async Task<HttpResponseMessage> PostRaw(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await platform.CreateClient().PostAsync(path, content, Ct);
    }

    private async Task AssertNoUserWithEmailFrom(string body)
    {
        var marker = System.Text.RegularExpressions.Regex.Match(body, "\"email\":\"([^\"]+)\"");
        if (marker.Success)
        {
            var email = marker.Groups[1].Value.ToLowerInvariant();
            (await platform.Scoped(sp => sp.GetRequiredService<UsersDbContext>().Users.AnyAsync(u => u.NormalizedEmail == email, Ct))).ShouldBeFalse();
        }
    }
}
