using Npgsql;

namespace AgentPlatform.IntegrationTests;

/// <summary>Operator settings that change the Host's behaviour, on one Host configured with all of them.</summary>
public sealed class HostOptionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Forwarded_headers_cors_and_telemetry_work_as_configured()
    {
        var connectionString = await TestDatabase.CreateAsync("hostoptions");
        var factory = new PlatformFactory(connectionString, new Dictionary<string, string?>
        {
            ["Http:ForwardedHeaders:Enabled"] = "true",
            ["Http:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8",
            ["Cors:AllowedOrigins:0"] = "https://app.example.com",
            ["OpenTelemetry:Exporter"] = "otlp",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
        });
        try
        {
            // Telemetry on, its collector unreachable: the Host still starts and serves.
            (await factory.CreateClient().GetAsync("/health/ready", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

            // CORS: the configured origin may call the API from a browser, another may not.
            (await Preflight(factory, "https://app.example.com")).ShouldBe("https://app.example.com");
            (await Preflight(factory, "https://evil.example.net")).ShouldBeNull();

            // Client address: from X-Forwarded-For only through a trusted proxy.
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

    private static async Task<string?> Preflight(PlatformFactory factory, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/users/me");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "PATCH");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        var response = await factory.CreateClient().SendAsync(request, Ct);
        return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
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
