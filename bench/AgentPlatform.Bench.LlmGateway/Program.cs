using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenAI;
using OpenAI.Chat;

// Usage: dotnet AgentPlatform.Bench.LlmGateway.dll HOST_URL OUTPUT_MD [LATENCIES_MS=0,50] [SEQUENTIAL=1000] [SECONDS=10] [CONCURRENCY=16]
//        dotnet AgentPlatform.Bench.LlmGateway.dll fake-provider   (what the bench starts as its provider: prints its URL, runs until stdin closes)
if (args is ["fake-provider"] or ["relay", _])
{
    await using var server = args[0] == "relay" ? await FakeProvider.StartRelayAsync(args[1]) : await FakeProvider.StartAsync();
    Console.WriteLine(server.BaseUrl);
    await Console.In.ReadToEndAsync();
    return;
}

var hostUrl = args[0].TrimEnd('/');
var output = args[1];
var latencies = (args.Length > 2 ? args[2] : "0,50").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var sequential = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1000;
var seconds = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 10;
var concurrency = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 16;
var warmRounds = int.Parse(Environment.GetEnvironmentVariable("BENCH_LLM_WARMUP_ROUNDS") is { Length: > 0 } w ? w : "200", CultureInfo.InvariantCulture);
var hostPid = int.TryParse(Environment.GetEnvironmentVariable("BENCH_LLM_HOST_PID"), out var pid) ? pid : (int?)null;

// The provider runs in a process of its own, as a real one would: the direct path crosses one process boundary
// (client -> provider) and the gateway path two (client -> Host -> provider), with the same wake-ups on each.
using var fake = FakeProvider.Spawn();
Console.Error.WriteLine($"[llm-bench] fake provider (pid {fake.Process.Id}) at {fake.BaseUrl}");
using var relay = FakeProvider.Spawn("relay", fake.BaseUrl);

// A user of the platform with a provider that points at the fake, a model per simulated latency and an API key.
using var platform = new HttpClient { BaseAddress = new Uri(hostUrl) };
// A new user per run, with a random password: nothing to remember between runs.
var suffix = Guid.NewGuid().ToString("N")[..8];
var user = "llmbench" + suffix;
var password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)) + "-1a";
(await platform.PostAsJsonAsync("/api/v1/auth/register", new { username = user, email = user + "@bench.localhost", password })).EnsureSuccessStatusCode();
var login = await (await platform.PostAsJsonAsync("/api/v1/auth/login", new { login = user, password })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
platform.DefaultRequestHeaders.Authorization = new("Bearer", login.GetProperty("accessToken").GetString());
var provider = await Post(platform, "/api/v1/llm/providers", new { name = "bench-" + suffix, type = "openai-compatible" });
var providerId = provider.GetProperty("id").GetGuid();
await Post(platform, $"/api/v1/llm/providers/{providerId}/endpoints", new { name = "fake", baseUrl = fake.BaseUrl, retryCount = 0, readTimeoutSeconds = 30 });
await Post(platform, $"/api/v1/llm/providers/{providerId}/credentials", new { alias = "bench", apiKey = "sk-bench-" + suffix });
foreach (var latency in latencies)
{
    await Post(platform, "/api/v1/llm/models", new { providerId, modelId = $"bench-{latency}ms-{suffix}", name = "bench", type = "chat", contextWindow = 128000, inputPricePer1K = 0.001m, outputPricePer1K = 0.002m });
}

var apiKey = (await Post(platform, "/api/v1/users/me/api-keys", new { name = "llm-bench-" + suffix })).GetProperty("key").GetString()!;

ChatClient Client(string baseUrl, string key, string model) => new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions
{
    Endpoint = new Uri(baseUrl.TrimEnd('/') + "/"),
    RetryPolicy = new ClientRetryPolicy(0),
    Transport = new HttpClientPipelineTransport(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })),
}).GetChatClient(model);

List<ChatMessage> prompt = [new SystemChatMessage("You are a benchmark."), new UserChatMessage("Say something short.")];
var rows = new List<string>();
foreach (var latency in latencies)
{
    var model = $"bench-{latency}ms-{suffix}";
    var direct = Client(fake.BaseUrl, "sk-direct", model);
    var gateway = Client(hostUrl + "/v1", apiKey, model);
    var relayed = Client(relay.BaseUrl, "sk-direct", model);

    Console.Error.WriteLine($"[llm-bench] provider latency {latency} ms: warming up ...");
    await Throughput(direct, TimeSpan.FromSeconds(3));
    await Throughput(relayed, TimeSpan.FromSeconds(3));
    await Throughput(gateway, TimeSpan.FromSeconds(Math.Max(5, seconds)));
    // The sequential calls themselves, unmeasured: their code paths (the streamed ones too) reach the JIT's final
    // tier before the measurement, as on a server that has been up for a while. A burst alone leaves the Host
    // recompiling hot methods for tens of seconds afterwards, which competes for the same two cores.
    await Alternating(warmRounds, () => direct.CompleteChatAsync(prompt), () => gateway.CompleteChatAsync(prompt), () => relayed.CompleteChatAsync(prompt));
    await Alternating(warmRounds, () => FirstDelta(direct), () => FirstDelta(gateway), () => FirstDelta(relayed));

    var n = latency == 0 ? sequential : Math.Max(300, sequential / 10);
    await Settle();
    await Quiet();
    Console.Error.WriteLine($"[llm-bench] sequential: {n} calls each ...");
    var (plainDirect, plainGateway, plainRelay) = await Alternating(n, () => direct.CompleteChatAsync(prompt), () => gateway.CompleteChatAsync(prompt), () => relayed.CompleteChatAsync(prompt)) switch { var t => (t[0], t[1], t[2]) };
    var (ttftDirect, ttftGateway, ttftRelay) = await Alternating(n, () => FirstDelta(direct), () => FirstDelta(gateway), () => FirstDelta(relayed)) switch { var t => (t[0], t[1], t[2]) };
    await Settle();
    Console.Error.WriteLine($"[llm-bench] throughput: {concurrency} concurrent callers, {seconds}s each ...");
    var rpsDirect = await Throughput(direct, TimeSpan.FromSeconds(seconds));
    var rpsGateway = await Throughput(gateway, TimeSpan.FromSeconds(seconds));
    await Settle();
    var rpsRelay = await Throughput(relayed, TimeSpan.FromSeconds(seconds));

    rows.Add(Added($"{latency} ms", "non-streaming p50 latency (ms)", P(plainDirect, 50), P(plainGateway, 50), P(plainRelay, 50), "<= +1 ms", 1));
    rows.Add(Added($"{latency} ms", "non-streaming p99 latency (ms)", P(plainDirect, 99), P(plainGateway, 99), P(plainRelay, 99), "-", null));
    rows.Add(Paired($"{latency} ms", "non-streaming, median of per-round differences (ms)", plainDirect, plainGateway, plainRelay));
    rows.Add(Added($"{latency} ms", "streaming time to first delta p50 (ms)", P(ttftDirect, 50), P(ttftGateway, 50), P(ttftRelay, 50), "<= +2 ms", 2));
    rows.Add(Row($"{latency} ms", $"throughput, {concurrency} concurrent (req/s)", rpsDirect, rpsGateway, rpsRelay,
        $"{100 * rpsGateway / rpsDirect:F1} % of direct", $"{100 * rpsRelay / rpsDirect:F1} % of direct", ">= 80 %", rpsGateway >= 0.8 * rpsDirect));
}

var table = "| provider latency | measure | direct | through the gateway | bare relay | gateway vs direct | bare relay vs direct | target | met |\n|---|---|---:|---:|---:|---|---|---|---|\n"
    + string.Join("\n", rows);
var report = $"""
    # Model gateway overhead

    - Run: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}
    - Client: the official OpenAI .NET client (retries off), same process and settings for both paths.
    - Direct: client -> fake OpenAI-compatible provider (Kestrel on loopback, a process of its own, as a real provider is).
    - Gateway: client -> Host `/v1/chat/completions` (API key auth, model plan, daily-quota claim, usage record and outbox event in PostgreSQL) -> the same fake provider.
    - Bare relay: client -> a minimal ASP.NET Core app that passes the body on with HttpClient and copies the answer back (no auth, no parsing, no accounting) -> the same fake provider. The floor any .NET gateway starts from on this machine; it is a reference, not a target.
    - "provider latency" is the time the fake provider waits before answering (on the precise monotonic clock), standing in for a model's own time.
    - Sequential: one call at a time, the three paths in turn (rotating which goes first) ({sequential} calls each at 0 ms, at least 300 otherwise); throughput: {concurrency} concurrent callers for {seconds} s.
    - Warm-up per provider latency: a burst on each path, {warmRounds} unmeasured rounds of the sequential plain and streamed calls, then a wait until the Host is idle between calls (under 3 % of a core).

    {table}
    """;
Console.WriteLine(report);
await File.WriteAllTextAsync(output, report);
return;

// Each measured phase starts once the platform has caught up with the accounting of the calls before it (the usage
// events of a warm-up burst are thousands of Billing charges): a phase measures its own calls, their own background
// work included, not the tail of an earlier burst. Needs the platform's database (BENCH_LLM_DB, set by bench/llm.sh).
async Task Settle()
{
    if (Environment.GetEnvironmentVariable("BENCH_LLM_DB") is not { Length: > 0 } db)
    {
        return;
    }

    await using var dataSource = Npgsql.NpgsqlDataSource.Create(db);
    var watch = Stopwatch.StartNew();
    long pending;
    do
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT (SELECT count(*) FROM llm.outbox_messages WHERE processed_at IS NULL AND failed_at IS NULL)
                 + (SELECT count(*) FROM billing.outbox_messages WHERE processed_at IS NULL AND failed_at IS NULL)
            """);
        pending = (long)(await command.ExecuteScalarAsync())!;
        if (pending > 0)
        {
            await Task.Delay(500);
        }
    }
    while (pending > 0 && watch.Elapsed < TimeSpan.FromMinutes(5));

    Console.Error.WriteLine($"[llm-bench] settled in {watch.Elapsed.TotalSeconds:F1} s ({pending} integration events still pending)");
}

// Measurement starts once the Host is idle between calls (under 3 % of a core over a second: its scheduler's polling
// and nothing else), so that no background work left from the warm-up (JIT recompilation, accounting) competes with
// the measured calls. Needs the Host's process id (BENCH_LLM_HOST_PID, set by bench/llm.sh).
async Task Quiet()
{
    if (hostPid is not { } id || !File.Exists($"/proc/{id}/stat"))
    {
        return;
    }

    var watch = Stopwatch.StartNew();
    double share;
    do
    {
        var before = CpuSeconds(id);
        await Task.Delay(1000);
        share = CpuSeconds(id) - before;
    }
    while (share >= 0.03 && watch.Elapsed < TimeSpan.FromMinutes(2));

    Console.Error.WriteLine($"[llm-bench] Host quiet after {watch.Elapsed.TotalSeconds:F0} s ({100 * share:F1} % of a core over the last second)");
}

// User + system CPU time of a process, from /proc (clock ticks of 1/100 s).
static double CpuSeconds(int id)
{
    var stat = File.ReadAllText($"/proc/{id}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
}

static async Task<JsonElement> Post(HttpClient client, string path, object body)
{
    var response = await client.PostAsJsonAsync(path, body);
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
    }

    return JsonDocument.Parse(text).RootElement.Clone();
}

static async Task<object?> FirstDelta(ChatClient client)
{
    await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Say something short.")]))
    {
        if (update.ContentUpdate.Count > 0 && update.ContentUpdate[0].Text.Length > 0)
        {
            return null; // the caller's stopwatch stops here: the first text delta
        }
    }

    throw new InvalidOperationException("no delta");
}

// One call at a time, direct and through the gateway in turn, so both see the same machine state (timer phase,
// background work, CPU frequency) instead of one running entirely before the other.
static async Task<List<double>[]> Alternating<T>(int count, params Func<Task<T>>[] paths)
{
    var timings = paths.Select(_ => new List<double>(count)).ToArray();
    // Which path goes first changes every round, so none always follows the same other one.
    for (var i = 0; i < count; i++)
    {
        for (var j = 0; j < paths.Length; j++)
        {
            var path = (i + j) % paths.Length;
            timings[path].Add(await Timed(paths[path]));
        }
    }

    return timings;
}

static async Task<double> Timed<T>(Func<Task<T>> call)
{
    var started = Stopwatch.GetTimestamp();
    await call();
    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

async Task<double> Throughput(ChatClient client, TimeSpan duration)
{
    var done = 0L;
    var stop = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (stop.Elapsed < duration)
        {
            await client.CompleteChatAsync(prompt);
            Interlocked.Increment(ref done);
        }
    }));
    return done / stop.Elapsed.TotalSeconds;
}

static double P(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static string Added(string latency, string measure, double direct, double gateway, double relay, string target, double? limit) =>
    Row(latency, measure, direct, gateway, relay, $"+{gateway - direct:F3} ms added", $"+{relay - direct:F3} ms added", target, limit is null ? null : gateway - direct <= limit);

// The three calls of a round run back to back, so their differences share the machine's state of that moment: the
// median of those differences moves less between runs than the difference of the medians (the target's measure).
static string Paired(string latency, string measure, List<double> direct, List<double> gateway, List<double> relay)
{
    var gatewayAdded = P([.. gateway.Zip(direct, (g, d) => g - d)], 50);
    var relayAdded = P([.. relay.Zip(direct, (r, d) => r - d)], 50);
    return $"| {latency} | {measure} | - | - | - | {gatewayAdded:+0.000;-0.000} ms added | {relayAdded:+0.000;-0.000} ms added | - | - |";
}

static string Row(string latency, string measure, double direct, double gateway, double relay, string difference, string relayDifference, string target, bool? met) =>
    $"| {latency} | {measure} | {direct:F3} | {gateway:F3} | {relay:F3} | {difference} | {relayDifference} | {target} | {(met is null ? "-" : met.Value ? "yes" : "NO")} |";

/// <summary>The stand-in provider's process, stopped when disposed (its stdin closes).</summary>
internal sealed record SpawnedProvider(Process Process, string BaseUrl) : IDisposable
{
    public void Dispose()
    {
        Process.StandardInput.Close();
        if (!Process.WaitForExit(5000))
        {
            Process.Kill();
        }

        Process.Dispose();
    }
}

/// <summary>The stand-in provider: a fixed short answer after a configurable wait (read from the model name).</summary>
internal sealed class FakeProvider : IAsyncDisposable
{
    private static readonly byte[] Chunk1 = """data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"},"finish_reason":null}]}"""u8.ToArray();
    private static readonly byte[] Chunk2 = """data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":" there"},"finish_reason":"stop"}]}"""u8.ToArray();
    private static readonly byte[] Usage = """data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14}}"""u8.ToArray();

    private readonly WebApplication _app;

    private FakeProvider(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static SpawnedProvider Spawn(params string[] mode)
    {
        var process = Process.Start(new ProcessStartInfo("dotnet", [typeof(FakeProvider).Assembly.Location, .. mode.Length == 0 ? ["fake-provider"] : mode])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var url = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The fake provider did not start.");
        return new SpawnedProvider(process, url);
    }

    public static Task<FakeProvider> StartAsync() => ServeAsync(app =>
    {
        var clock = new PreciseClock();
        app.Lifetime.ApplicationStopping.Register(clock.Dispose);
        app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            var arrived = Stopwatch.GetTimestamp();
            using var body = await JsonDocument.ParseAsync(http.Request.Body);
            var model = body.RootElement.GetProperty("model").GetString()!;
            var latency = model.StartsWith("bench-", StringComparison.Ordinal) ? int.Parse(model.Split('-')[1].TrimEnd('m', 's'), CultureInfo.InvariantCulture) : 0;
            if (latency > 0)
            {
                // The model's time counts from the request's arrival and ends on time for every caller alike.
                await clock.Until(arrived + latency * Stopwatch.Frequency / 1000);
            }

            if (body.RootElement.TryGetProperty("stream", out var stream) && stream.GetBoolean())
            {
                http.Response.ContentType = "text/event-stream";
                foreach (var chunk in new[] { Chunk1, Chunk2, Usage, "data: [DONE]"u8.ToArray() })
                {
                    await http.Response.Body.WriteAsync(chunk);
                    await http.Response.Body.WriteAsync("\n\n"u8.ToArray());
                    await http.Response.Body.FlushAsync();
                }

                return;
            }

            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"" + model
                + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":2,\"total_tokens\":14}}");
        });
    });

    /// <summary>The floor of any gateway in .NET: Kestrel in, the body passed on unread with HttpClient, the answer copied back.</summary>
    public static Task<FakeProvider> StartRelayAsync(string upstream) => ServeAsync(app =>
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 });
        app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            using var request = new HttpRequestMessage(HttpMethod.Post, upstream + "/chat/completions") { Content = new ByteArrayContent(buffer.ToArray()) };
            request.Content.Headers.ContentType = new("application/json");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
            http.Response.StatusCode = (int)response.StatusCode;
            http.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await using var body = await response.Content.ReadAsStreamAsync(http.RequestAborted);
            var chunk = new byte[16384];
            int read;
            while ((read = await body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                await http.Response.Body.WriteAsync(chunk.AsMemory(0, read), http.RequestAborted);
            }
        });
    });

    /// <summary>A slim Kestrel app on a free loopback port, with the routes <paramref name="map"/> adds.</summary>
    private static async Task<FakeProvider> ServeAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeProvider(app, address + "/v1");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>
/// Completes waits at their deadline to within a few microseconds. <c>Task.Delay</c> cannot stand in for a model's
/// time here: .NET's timers count in the kernel's coarse ticks (4 ms on this machine's 250 Hz kernel), so a 50 ms
/// delay lasts 50 to 54 ms depending on when it starts in a tick, and that phase follows the caller's own timing
/// (a call through the gateway arrives about 1 ms later in the tick than a direct one). One thread sleeps on the
/// monotonic clock (the one <see cref="Stopwatch"/> reads) until the next deadline, never longer than 1 ms so that a
/// new, earlier deadline is picked up.
/// </summary>
internal sealed partial class PreciseClock : IDisposable
{
    private const int ClockMonotonic = 1;
    private const int AbsoluteTime = 1;
    private static readonly long OneMillisecond = Stopwatch.Frequency / 1000;

    private readonly PriorityQueue<TaskCompletionSource, long> _due = new();
    private readonly Thread _thread;
    private volatile bool _stopped;

    public PreciseClock()
    {
        if (Stopwatch.Frequency != 1_000_000_000 || !OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The fake provider's clock needs Linux, where Stopwatch reads CLOCK_MONOTONIC in nanoseconds.");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "precise-clock", Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    /// <summary>Completes at <paramref name="deadline"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public Task Until(long deadline)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_due)
        {
            _due.Enqueue(done, deadline);
        }

        return done.Task;
    }

    public void Dispose() => _stopped = true;

    private void Run()
    {
        while (!_stopped)
        {
            var now = Stopwatch.GetTimestamp();
            long next;
            lock (_due)
            {
                while (_due.TryPeek(out var due, out var at) && at <= now)
                {
                    _due.Dequeue();
                    due.SetResult();
                }

                next = _due.TryPeek(out _, out var first) ? Math.Min(first, now + OneMillisecond) : now + OneMillisecond;
            }

            var until = new TimeSpec { Seconds = next / 1_000_000_000, Nanoseconds = next % 1_000_000_000 };
            _ = ClockNanosleep(ClockMonotonic, AbsoluteTime, in until, IntPtr.Zero);
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clock, int flags, in TimeSpec request, IntPtr remaining);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
