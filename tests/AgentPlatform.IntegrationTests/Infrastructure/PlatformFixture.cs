using System.Net.Http.Headers;
using AgentPlatform.IntegrationTests.Infrastructure.Probe;

[assembly: AssemblyFixture(typeof(AgentPlatform.IntegrationTests.Infrastructure.PlatformFixture))]

namespace AgentPlatform.IntegrationTests.Infrastructure;

/// <summary>One Host and one database for the whole run; tests isolate themselves with unique names.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private PlatformFactory? _factory;

    /// <summary>Every log line the shared Host writes (warnings and up, as configured), for "never logged" checks.</summary>
    public LogCapture Logs { get; } = new();

    public PlatformFactory Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public IServiceProvider Services => Factory.Services;

    public async ValueTask InitializeAsync()
    {
        var connectionString = await TestDatabase.CreateAsync("main");
        _factory = new PlatformFactory(connectionString, services: s =>
        {
            ProbeModule.Add(s);
            s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
        });
        _ = _factory.Server;
        await ProbeModule.CreateTablesAsync(_factory.Services);
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
            await TestDatabase.DropAsync(_factory.ConnectionString);
        }
    }

    /// <summary>A client with an address of its own (so per-address limits of one test don't touch another).</summary>
    public HttpClient CreateClient(string? ip = null)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add(PlatformFactory.ClientIpHeader, ip ?? RandomIp());
        return client;
    }

    public async Task<TestUser> RegisterAsync(string? prefix = null, string password = "Passw0rd-1")
    {
        var name = (prefix ?? "user") + Guid.NewGuid().ToString("N")[..10];
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { username = name, email = $"{name}@example.com", password });
        response.EnsureSuccessStatusCode();
        var profile = (await response.Content.ReadFromJsonAsync<ProfileDto>())!;
        var tokens = await LoginAsync(client, name, password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return new TestUser(profile.Id, name, password, tokens, client);
    }

    public async Task<TestUser> AdminAsync()
    {
        var client = CreateClient();
        var tokens = await LoginAsync(client, PlatformFactory.AdminUsername, PlatformFactory.AdminPassword);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        var me = (await client.GetFromJsonAsync<ProfileDto>("/api/v1/users/me"))!;
        return new TestUser(me.Id, PlatformFactory.AdminUsername, PlatformFactory.AdminPassword, tokens, client);
    }

    public static async Task<TokensDto> LoginAsync(HttpClient client, string login, string password)
    {
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { login, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokensDto>())!;
    }

    public async Task<T> Scoped<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = Services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    public static string RandomIp() => $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";
}

public sealed record TestUser(Guid Id, string Username, string Password, TokensDto Tokens, HttpClient Client);

public sealed record TokensDto(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType);

public sealed record ProfileDto(Guid Id, string Username, string Email, string? Nickname, string? Avatar, string Role, string Status, DateTimeOffset? LastLoginAt);

public sealed record PageDto<T>(List<T> Items, int Page, int PageSize, long Total);

public sealed record ProblemDto(string? Type, string? Title, int Status, string? Detail, string? TraceId, string? Code, Dictionary<string, string[]>? Errors);

public static class HttpAssertions
{
    /// <summary>GET that fails with the problem body in the message, not just the status.</summary>
    public static async Task<T> GetOk<T>(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.IsSuccessStatusCode.ShouldBeTrue($"GET {path} answered {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize<T>(body, System.Text.Json.JsonSerializerOptions.Web)!;
    }
}
