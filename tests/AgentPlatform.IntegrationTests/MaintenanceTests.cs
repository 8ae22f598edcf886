using AgentPlatform.Modules.Users.Features.PurgeExpiredAuthData;
using AgentPlatform.Modules.Users.Infrastructure.Persistence;
using Mediator;
using Npgsql;

namespace AgentPlatform.IntegrationTests;

public sealed class MaintenanceTests(PlatformFixture platform)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Purge_removes_long_ended_sessions_and_stale_throttles_and_keeps_live_ones()
    {
        var user = await platform.RegisterAsync("purge");
        var live = await PlatformFixture.LoginAsync(platform.CreateClient(), user.Username, user.Password);
        var staleKey = "account:stale" + Guid.NewGuid().ToString("N");
        await Execute($"""
            UPDATE users.user_sessions SET expires_at = now() - interval '40 days'
            WHERE user_id = '{user.Id}' AND id = (SELECT id FROM users.user_sessions WHERE user_id = '{user.Id}' ORDER BY created_at LIMIT 1);
            INSERT INTO users.login_throttles (key, failures, window_started_at, locked_until) VALUES ('{staleKey}', 3, now() - interval '3 days', NULL);
            """);

        var result = await platform.Scoped(async sp => await sp.GetRequiredService<ISender>().Send(new PurgeExpiredAuthData(), Ct));

        result.Sessions.ShouldBeGreaterThanOrEqualTo(1);
        result.Throttles.ShouldBeGreaterThanOrEqualTo(1);
        var remaining = await platform.Scoped(async sp => await sp.GetRequiredService<UsersDbContext>().Sessions.CountAsync(s => s.UserId == user.Id, Ct));
        remaining.ShouldBe(1, "the expired session went, the live one stayed");
        (await platform.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.Tokens.RefreshToken }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await platform.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = live.RefreshToken }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await platform.Scoped(async sp => await sp.GetRequiredService<UsersDbContext>().LoginThrottles.AnyAsync(t => t.Key == staleKey, Ct))).ShouldBeFalse();
    }

    [Fact]
    public async Task The_purge_is_scheduled_nightly_on_the_clustered_store()
    {
        await using var connection = new NpgsqlConnection(platform.Factory.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "SELECT cron_expression, time_zone_id FROM quartz.qrtz_cron_triggers WHERE trigger_name = 'purge-expired-auth-data' AND trigger_group = 'users'", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        (await reader.ReadAsync(Ct)).ShouldBeTrue("the trigger is stored in the job store");
        reader.GetString(0).ShouldBe(PurgeExpiredAuthDataJob.Schedule);
        reader.GetString(1).ShouldBe("UTC");
    }

    private async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(platform.Factory.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
