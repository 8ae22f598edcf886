using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AgentPlatform.IntegrationTests.Infrastructure;

/// <summary>The real Host over a database of its own, configured the way an operator would.</summary>
public sealed class PlatformFactory(string connectionString, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public const string AdminUsername = "admin";
    public const string AdminPassword = "Admin-password-1";
    public const string ClientIpHeader = "X-Test-Client-IP";

    public static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    public static readonly string EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string ConnectionString { get; } = connectionString;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "agentplatform-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ConnectionStrings:Platform"] = ConnectionString,
            ["Platform:DataDirectory"] = DataDirectory,
            ["Jwt:SigningKey"] = SigningKey,
            ["Security:EncryptionKeys:0:Id"] = "test",
            ["Security:EncryptionKeys:0:Key"] = EncryptionKey,
            ["Bootstrap:AdminPassword"] = AdminPassword,
            ["Quartz:SchedulerName"] = "test-" + Guid.NewGuid().ToString("N")[..8],
            ["Auth:RateLimit:PermitsPerMinute"] = "100000",
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Outbox:RetryBaseDelay"] = "00:00:00.500",
            ["Llm:Gateway:RetryBaseDelay"] = "00:00:00.020",
            ["Llm:Gateway:BreakerFailureThreshold"] = "3",
            ["Llm:Gateway:BreakerOpenDuration"] = "00:00:01",
            ["Logging:Json"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        foreach (var (key, value) in values)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(s =>
        {
            // The test server has no client address; tests name one so throttling per address can be exercised.
            s.AddSingleton<IStartupFilter, ClientAddressStartupFilter>();
            services?.Invoke(s);
        });
    }

    private sealed class ClientAddressStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(ClientIpHeader, out var ip) && IPAddress.TryParse(ip, out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
