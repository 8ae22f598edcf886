// Single-account charges per second through Billing's Contracts command (ChargeUsage via the mediator, exactly as
// another module calls it), from N concurrent callers in the real Host's composition (in process, no HTTP).
//
// Usage: AgentPlatform.Bench.Billing CONNECTION_STRING CONCURRENCY DURATION_SECONDS [WARMUP_SECONDS]
// Prints one line the bench script parses:
//   RESULT charges=N seconds=S cps=R p50_ms=A p99_ms=B errors=E balance_ok=true|false
// and exits 1 when a charge failed or the balance does not add up.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using AgentPlatform.Modules.Billing.Contracts;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

internal static class BillingBench
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length is < 3 or > 4)
        {
            await Console.Error.WriteLineAsync("usage: AgentPlatform.Bench.Billing CONNECTION_STRING CONCURRENCY DURATION_SECONDS [WARMUP_SECONDS]");
            return 2;
        }

        var connectionString = args[0];
        var concurrency = int.Parse(args[1], NumberStyles.None, CultureInfo.InvariantCulture);
        var duration = TimeSpan.FromSeconds(int.Parse(args[2].TrimEnd('s'), NumberStyles.None, CultureInfo.InvariantCulture));
        var warmup = TimeSpan.FromSeconds(args.Length > 3 ? int.Parse(args[3].TrimEnd('s'), NumberStyles.None, CultureInfo.InvariantCulture) : 3);
        const decimal Price = 0.0001m;
        const string AdminPassword = "Bench-admin-password-1";

        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:Platform", connectionString);
            b.UseSetting("Platform:DataDirectory", Path.Combine(Path.GetTempPath(), "agentplatform-bench-billing"));
            b.UseSetting("Jwt:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
            b.UseSetting("Security:EncryptionKeys:0:Id", "bench");
            b.UseSetting("Security:EncryptionKeys:0:Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            b.UseSetting("Bootstrap:AdminPassword", AdminPassword);
            b.UseSetting("Auth:RateLimit:PermitsPerMinute", "1000000");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseSetting("Logging:Json", "false");
        });
        var client = factory.CreateClient();

        // A fresh user with a large balance, set up through the public API.
        var name = "benchbill" + Guid.NewGuid().ToString("N")[..10];
        (await client.PostAsJsonAsync("/api/v1/auth/register", new { username = name, email = $"{name}@example.com", password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)) + "-1a" })).EnsureSuccessStatusCode();
        var admin = await (await client.PostAsJsonAsync("/api/v1/auth/login", new { login = "admin", password = AdminPassword })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Tokens>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin!.AccessToken);
        var users = await client.GetFromJsonAsync<Page>($"/api/v1/admin/users?search={name}");
        var userId = users!.Items[0].Id;
        const decimal Funding = 900_000_000m;
        (await client.PostAsJsonAsync($"/api/v1/admin/billing/accounts/{userId}/adjustments", new { amount = Funding, reason = "benchmark funds" })).EnsureSuccessStatusCode();

        var errors = 0L;
        var charged = 0L;
        var latencies = new List<double>[concurrency];
        using var stop = new CancellationTokenSource();
        var measuring = false;

        async Task Worker(int index)
        {
            var mine = latencies[index] = new List<double>(100_000);
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await using var scope = factory.Services.CreateAsyncScope();
                    var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ChargeUsage(Guid.CreateVersion7().ToString(), userId, "bench", Amount: Price));
                    if (result.Status != ChargeStatus.Charged)
                    {
                        throw new InvalidOperationException($"Charge answered {result.Status}.");
                    }

                    Interlocked.Increment(ref charged);
                }
                catch (Exception ex)
                {
                    if (Interlocked.Increment(ref errors) <= 3)
                    {
                        await Console.Error.WriteLineAsync($"charge failed: {ex.GetType().Name}: {ex.Message}");
                    }
                }

                if (Volatile.Read(ref measuring))
                {
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }

        var workers = Enumerable.Range(0, concurrency).Select(i => Task.Run(() => Worker(i))).ToArray();
        await Task.Delay(warmup);
        var before = Interlocked.Read(ref charged);
        var errorsBefore = Interlocked.Read(ref errors);
        Volatile.Write(ref measuring, true);
        var clock = Stopwatch.StartNew();
        await Task.Delay(duration);
        var measured = Interlocked.Read(ref charged) - before;
        var seconds = clock.Elapsed.TotalSeconds;
        Volatile.Write(ref measuring, false);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        // The money must add up: every charge taken exactly once.
        var account = await factory.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<ISender>().Send(new GetBillingAccount(userId));
        var total = Interlocked.Read(ref charged);
        var balanceOk = account!.Balance == Funding - (total * Price);

        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
        var measuredErrors = Interlocked.Read(ref errors) - errorsBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT charges={measured} seconds={seconds:F2} cps={measured / seconds:F1} p50_ms={Percentile(0.5):F2} p99_ms={Percentile(0.99):F2} errors={measuredErrors} balance_ok={(balanceOk ? "true" : "false")}"));
        return measured > 0 && errors == 0 && balanceOk ? 0 : 1;
    }
}

internal sealed record Tokens(string AccessToken);

internal sealed record Page(List<PageItem> Items);

internal sealed record PageItem(Guid Id);
