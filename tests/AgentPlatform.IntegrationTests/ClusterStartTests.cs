using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace AgentPlatform.IntegrationTests;

/// <summary>Real Host processes, as an operator runs them: two at once against one empty database.</summary>
public sealed class ClusterStartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_hosts_started_together_on_an_empty_database_both_become_ready_and_share_one_scheduler()
    {
        var connectionString = await TestDatabase.CreateAsync("cluster");
        var hosts = new List<Process>();
        try
        {
            var ports = new[] { FreePort(), FreePort() };
            hosts.AddRange(ports.Select(port => StartHost(connectionString, port)));

            var ready = await Task.WhenAll(ports.Select(port => WaitUntilReady(port, TimeSpan.FromSeconds(90))));
            ready.ShouldAllBe(r => r, "both hosts report /health/ready = 200");

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(Ct);
            (await Scalar(connection, "SELECT count(*) FROM users.users WHERE role = 'admin'")).ShouldBe(1L, "the first administrator is seeded once");
            var migrations = typeof(AgentPlatform.Modules.Users.Infrastructure.Persistence.UsersDbContext).Assembly.GetTypes()
                .Count(t => t.IsSubclassOf(typeof(Microsoft.EntityFrameworkCore.Migrations.Migration)));
            (await Scalar(connection, "SELECT count(*) FROM users.__ef_migrations_history")).ShouldBe((long)migrations, "each migration applied once");
            (await Scalar(connection, "SELECT count(*) FROM quartz.qrtz_scheduler_state WHERE sched_name = 'AgentPlatform'")).ShouldBe(2L, "both instances joined the cluster");
            (await Scalar(connection, "SELECT count(*) FROM quartz.qrtz_triggers WHERE trigger_name = 'outbox-dispatch'")).ShouldBe(1L);
        }
        finally
        {
            foreach (var host in hosts)
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync(CancellationToken.None);
                host.Dispose();
            }

            await TestDatabase.DropAsync(connectionString);
        }
    }

    private static Process StartHost(string connectionString, int port)
    {
        var directory = AppContext.BaseDirectory;
        var info = new ProcessStartInfo("dotnet", [Path.Combine(directory, "AgentPlatform.Host.dll")])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ConnectionStrings__Platform"] = connectionString;
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["AGENTPLATFORM_Platform__DataDirectory"] = Path.Combine(Path.GetTempPath(), "agentplatform-tests", Guid.NewGuid().ToString("N"));
        info.Environment["Jwt__SigningKey"] = PlatformFactory.SigningKey;
        info.Environment["Security__EncryptionKeys__0__Id"] = "test";
        info.Environment["Security__EncryptionKeys__0__Key"] = PlatformFactory.EncryptionKey;
        info.Environment["Bootstrap__AdminPassword"] = PlatformFactory.AdminPassword;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;

        // Drain the pipes so a chatty host never blocks on a full buffer.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> WaitUntilReady(int port, TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var response = await client.GetAsync($"http://127.0.0.1:{port}/health/ready", Ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!Ct.IsCancellationRequested)
            {
                // Slow answer while migrating.
            }

            await Task.Delay(100, Ct);
        }

        return false;
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Ct);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
