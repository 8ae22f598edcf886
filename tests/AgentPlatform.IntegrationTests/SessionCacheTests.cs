using System.Diagnostics;
using System.Net.Http.Headers;
using AgentPlatform.Modules.Users.Infrastructure.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Npgsql;

namespace AgentPlatform.IntegrationTests;

/// <summary>
/// Two Hosts on one database, as behind a load balancer: a change made through one is refused at once by the
/// other, although the other had the session cached.
/// </summary>
public sealed class SessionCacheTests(PlatformFixture platform)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_disabled_or_logged_out_on_one_host_is_refused_by_another_that_had_them_cached()
    {
        var other = new PlatformFactory(platform.Factory.ConnectionString);
        try
        {
            var otherCache = other.Services.GetRequiredService<AuthStateCache>();
            await WaitUntil(() => otherCache.Listening);
            var admin = await platform.AdminAsync();

            // Disable on host A while host B has the session cached.
            var user = await platform.RegisterAsync("cachedisable");
            var onB = ClientOf(other, user.Tokens.AccessToken);
            (await onB.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
            otherCache.TryGet(user.Id, SessionOf(user.Tokens.AccessToken)).ShouldBe("user", "host B cached the live session");

            (await admin.Client.PostAsync($"/api/v1/admin/users/{user.Id}/disable", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
            var refusedAfter = await TimeUntilRefused(onB);
            refusedAfter.ShouldBeLessThan(TimeSpan.FromSeconds(2));

            // Log out on host A; host B refuses the same token.
            var second = await platform.RegisterAsync("cachelogout");
            var secondOnB = ClientOf(other, second.Tokens.AccessToken);
            (await secondOnB.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await second.Client.PostAsync("/api/v1/auth/logout", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            (await TimeUntilRefused(secondOnB)).ShouldBeLessThan(TimeSpan.FromSeconds(2));

            // A role change on host A is what host B authorizes with next.
            var third = await platform.RegisterAsync("cacherole");
            var thirdOnB = ClientOf(other, third.Tokens.AccessToken);
            (await thirdOnB.GetAsync("/api/v1/admin/users", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await admin.Client.PutAsJsonAsync($"/api/v1/admin/users/{third.Id}/role", new { role = "admin" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
            await WaitUntil(() => otherCache.TryGet(third.Id, SessionOf(third.Tokens.AccessToken)) is null);
            (await thirdOnB.GetAsync("/api/v1/admin/users", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_api_key_revoked_on_one_host_or_whose_user_is_disabled_is_refused_by_another_that_had_it_cached()
    {
        var other = new PlatformFactory(platform.Factory.ConnectionString);
        try
        {
            var otherCache = other.Services.GetRequiredService<AuthStateCache>();
            await WaitUntil(() => otherCache.Listening);
            var admin = await platform.AdminAsync();

            var user = await platform.RegisterAsync("cachekey");
            var key = (await (await user.Client.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "k" }, Ct)).Content.ReadFromJsonAsync<CreatedKeyDto>(Ct))!;
            var onB = KeyClientOf(other, key.Key);
            (await onB.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
            otherCache.TryGetApiKey(key.Prefix).ShouldNotBeNull("host B cached the live key");

            (await user.Client.DeleteAsync($"/api/v1/users/me/api-keys/{key.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            (await TimeUntilRefused(onB)).ShouldBeLessThan(TimeSpan.FromSeconds(2));

            var second = await platform.RegisterAsync("cachekeyuser");
            var secondKey = (await (await second.Client.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "k" }, Ct)).Content.ReadFromJsonAsync<CreatedKeyDto>(Ct))!;
            var secondOnB = KeyClientOf(other, secondKey.Key);
            (await secondOnB.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await admin.Client.PostAsync($"/api/v1/admin/users/{second.Id}/disable", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await TimeUntilRefused(secondOnB)).ShouldBeLessThan(TimeSpan.FromSeconds(2));
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_profile_changed_through_one_host_or_in_the_database_is_what_another_host_shows_next()
    {
        var other = new PlatformFactory(platform.Factory.ConnectionString);
        try
        {
            var otherCache = other.Services.GetRequiredService<AuthStateCache>();
            await WaitUntil(() => otherCache.Listening);
            var user = await platform.RegisterAsync("cacheprofile");
            var onB = ClientOf(other, user.Tokens.AccessToken);
            (await Nickname(onB)).ShouldBeNull();
            otherCache.TryGetProfile(user.Id).ShouldNotBeNull("host B serves the profile from its cache now");

            // Changed through host A: host B shows it once the notification arrives.
            (await user.Client.PatchAsJsonAsync("/api/v1/users/me", new { nickname = "from-a" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
            await WaitUntil(() => otherCache.TryGetProfile(user.Id) is null);
            (await Nickname(onB)).ShouldBe("from-a");

            // Changed through host B itself: its next read shows it at once (evicted before the commit).
            (await onB.PatchAsJsonAsync("/api/v1/users/me", new { nickname = "from-b" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await Nickname(onB)).ShouldBe("from-b");

            // Changed in the database by anything else (an operator's UPDATE): the trigger tells every host.
            for (var i = 0; i < 100 && otherCache.TryGetProfile(user.Id) is null; i++)
            {
                (await Nickname(onB)).ShouldBe("from-b");
                await Task.Delay(20, Ct);
            }

            otherCache.TryGetProfile(user.Id).ShouldNotBeNull("host B cached the profile again");
            await using (var connection = new NpgsqlConnection(platform.Factory.ConnectionString))
            {
                await connection.OpenAsync(Ct);
                await using var update = new NpgsqlCommand("UPDATE users.users SET nickname = 'from-sql' WHERE id = $1", connection);
                update.Parameters.AddWithValue(user.Id);
                (await update.ExecuteNonQueryAsync(Ct)).ShouldBe(1);
            }

            await WaitUntil(() => otherCache.TryGetProfile(user.Id) is null);
            (await Nickname(onB)).ShouldBe("from-sql");
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task Without_its_listener_the_cache_is_not_trusted()
    {
        var cache = new AuthStateCache(TimeProvider.System);
        var userId = Guid.NewGuid();
        var sessionId = Guid.NewGuid();

        cache.Store(userId, sessionId, "user", DateTimeOffset.UtcNow.AddHours(1), cache.VersionOf(userId));
        cache.TryGet(userId, sessionId).ShouldBeNull("nothing is cached while not listening");

        cache.SetListening(true);
        var version = cache.VersionOf(userId);
        cache.Evict(userId);
        cache.Store(userId, sessionId, "user", DateTimeOffset.UtcNow.AddHours(1), version);
        cache.TryGet(userId, sessionId).ShouldBeNull("a read that raced a change is not cached");

        cache.Store(userId, sessionId, "admin", DateTimeOffset.UtcNow.AddHours(1), cache.VersionOf(userId));
        cache.TryGet(userId, sessionId).ShouldBe("admin");
        var expired = Guid.NewGuid();
        cache.Store(userId, expired, "admin", DateTimeOffset.UtcNow.AddSeconds(-1), cache.VersionOf(userId));
        cache.TryGet(userId, expired).ShouldBeNull("never past the session's expiry");
        cache.Prune();
        cache.TryGet(userId, sessionId).ShouldBe("admin", "pruning keeps what may still be served");

        var key = new ApiKeyState(Guid.NewGuid(), userId, "hash", ["read"], null, null, "user");
        var stamp = cache.ApiKeyReadStamp();
        cache.Evict(Guid.NewGuid());
        cache.StoreApiKey("apk_raced", key, stamp);
        cache.TryGetApiKey("apk_raced").ShouldBeNull("a key read that raced any change is not cached");
        cache.StoreApiKey("apk_cached", key, cache.ApiKeyReadStamp());
        cache.TryGetApiKey("apk_cached").ShouldBe(key);
        cache.Evict(userId);
        cache.TryGetApiKey("apk_cached").ShouldBeNull("a change to the key's user forgets it");

        var profile = new Modules.Users.Features.Shared.UserProfile(
            userId, "u", "u@example.com", null, null, Modules.Users.Domain.Users.UserRole.User, Modules.Users.Domain.Users.UserStatus.Active, false, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        var profileVersion = cache.VersionOf(userId);
        cache.Evict(userId);
        cache.StoreProfile(profile, profileVersion);
        cache.TryGetProfile(userId).ShouldBeNull("a profile read that raced a change is not cached");
        cache.StoreProfile(profile, cache.VersionOf(userId));
        cache.TryGetProfile(userId).ShouldBe(profile);

        cache.SetListening(false);
        cache.TryGet(userId, sessionId).ShouldBeNull("a lost listener empties and disables the cache");
        cache.TryGetProfile(userId).ShouldBeNull("profiles too");
        await Task.CompletedTask;
    }

    private static HttpClient ClientOf(PlatformFactory factory, string accessToken)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(PlatformFactory.ClientIpHeader, PlatformFixture.RandomIp());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    private static HttpClient KeyClientOf(PlatformFactory factory, string apiKey)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(PlatformFactory.ClientIpHeader, PlatformFixture.RandomIp());
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    private static async Task<string?> Nickname(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/users/me", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct);
        return body.GetProperty("nickname").GetString();
    }

    private static Guid SessionOf(string accessToken) => Guid.Parse(new JsonWebTokenHandler().ReadJsonWebToken(accessToken).GetClaim("sid").Value);

    private static async Task<TimeSpan> TimeUntilRefused(HttpClient client)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            if ((await client.GetAsync("/api/v1/users/me", Ct)).StatusCode == HttpStatusCode.Unauthorized)
            {
                return watch.Elapsed;
            }

            await Task.Delay(10, Ct);
        }

        return watch.Elapsed;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition() && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20, Ct);
        }

        condition().ShouldBeTrue();
    }
}
