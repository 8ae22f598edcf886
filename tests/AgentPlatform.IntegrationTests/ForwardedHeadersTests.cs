using Npgsql;

namespace AgentPlatform.IntegrationTests;

public sealed class ForwardedHeadersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Client_address_comes_from_X_Forwarded_For_only_through_a_trusted_proxy()
    {
        var connectionString = await TestDatabase.CreateAsync("forwarded");
        var factory = new PlatformFactory(connectionString, new Dictionary<string, string?>
        {
            ["Http:ForwardedHeaders:Enabled"] = "true",
            ["Http:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8",
        });
        try
        {
            await FailedLogin(factory, via: "10.1.2.3", forwardedFor: "203.0.113.7", login: "through-proxy");
            await FailedLogin(factory, via: "192.0.2.1", forwardedFor: "198.51.100.9", login: "spoofer");

            (await RecordedAddress(connectionString, "through-proxy")).ShouldBe("203.0.113.7");
            (await RecordedAddress(connectionString, "spoofer")).ShouldBe("192.0.2.1", "an untrusted sender cannot pick its address");
        }
        finally
        {
            await factory.DisposeAsync();
            await TestDatabase.DropAsync(connectionString);
        }
    }

    private static async Task FailedLogin(PlatformFactory factory, string via, string forwardedFor, string login)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(PlatformFactory.ClientIpHeader, via);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        (await client.PostAsJsonAsync("/api/v1/auth/login", new { login, password = "Wrong-pass-1" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static async Task<string?> RecordedAddress(string connectionString, string login)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT ip_address FROM users.audit_logs WHERE action = 'user.login_failed' AND payload->>'login' = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = login });
        return await command.ExecuteScalarAsync(Ct) as string;
    }
}
