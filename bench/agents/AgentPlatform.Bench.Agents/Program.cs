// Benchmark of the Agents module's trace reads (bench/README.md, "Agents: trace reads").
// Seeds 100,000 run summaries and 1,000,000 steps with generate_series (once per database), then times,
// in the same process and the same run:
//   (1) a run's details: the GetRun handler through the mediator vs the same two statements on raw Npgsql;
//   (2) an agent's 30-day aggregates: the GetAgentRunStats handler vs its SQL on raw Npgsql.
// Usage: AgentPlatform.Bench.Agents CONNECTION_STRING [ITERATIONS=2000] [WARMUP=300]
using System.Diagnostics;
using System.Globalization;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Agents;
using AgentPlatform.Modules.Agents.Features.Runs;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: AgentPlatform.Bench.Agents CONNECTION_STRING [ITERATIONS] [WARMUP]");
    return 2;
}

var connectionString = args[0];
var iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
var warmup = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300;
const int Summaries = 100_000;
const int StepsPerRun = 10;
const int Users = 10;
const int Agents = 100;

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal) { ["ConnectionStrings:Platform"] = connectionString }).Build();
var services = new ServiceCollection();
services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None).AddSimpleConsole());
services.AddSingleton(TimeProvider.System);
services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
services.AddSingleton<MigrationState>();
services.AddScoped<ICurrentUser, NobodyCurrentUser>();
services.AddMediator((MediatorOptions o) =>
{
    o.ServiceLifetime = ServiceLifetime.Scoped;
    o.PipelineBehaviors = [typeof(LoggingBehavior<,>), typeof(ValidationBehavior<,>)];
});
services.AddAgentsModule(configuration);
await using var provider = services.BuildServiceProvider();
var dataSource = provider.GetRequiredService<NpgsqlDataSource>();

await DatabaseMigrator.MigrateAsync(provider, [], CancellationToken.None);
await SeedAsync(dataSource);

static Guid UserOf(int n) => Guid.Parse(string.Create(CultureInfo.InvariantCulture, $"00000000-0000-7000-8000-{n:x12}"));
static Guid AgentOf(int n) => Guid.Parse(string.Create(CultureInfo.InvariantCulture, $"00000000-0000-7000-9000-{n:x12}"));

// Run g belongs to agent g % 100, and agent a to user a % 10 (what the seed SQL writes).
var random = new Random(42);
(Guid User, string TraceId) RandomRun()
{
    var g = random.Next(1, Summaries + 1);
    return (UserOf(g % Agents % Users), "bench-" + g.ToString(CultureInfo.InvariantCulture));
}

(Guid User, Guid Agent) RandomAgent()
{
    var a = random.Next(0, Agents);
    return (UserOf(a % Users), AgentOf(a));
}

const string SummarySql = """
    SELECT trace_id, session_id, agent_id, execution_start_time, execution_end_time, total_execution_time, total_input_tokens,
           total_output_tokens, total_tokens, tool_call_count, total_tool_execution_time, total_cost, execution_success, error_phase, error_message
    FROM agents.agent_execution_summary WHERE trace_id = $1 AND user_id = $2 LIMIT 1
    """;
const string StepsSql = """
    SELECT sequence_no, step_type, message_content, message_type, model_id, provider_name, message_tokens, model_call_time, tool_name,
           tool_request_args, tool_response_data, tool_execution_time, tool_success, is_fallback_used, fallback_reason, fallback_from_model,
           fallback_to_model, step_cost, step_success, step_error_message, created_at
    FROM agents.agent_execution_details WHERE trace_id = $1 ORDER BY sequence_no
    """;

async Task<int> HandlerRun()
{
    var (user, trace) = RandomRun();
    await using var scope = provider.CreateAsyncScope();
    var details = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetRun(user, trace));
    return details.Steps.Count;
}

async Task<int> RawRun()
{
    var (user, trace) = RandomRun();
    await using var connection = await dataSource.OpenConnectionAsync();
    await using (var summary = new NpgsqlCommand(SummarySql, connection) { Parameters = { new() { Value = trace }, new() { Value = user } } })
    await using (var reader = await summary.ExecuteReaderAsync())
    {
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException("missing run " + trace);
        }

        ReadAll(reader);
    }

    var steps = 0;
    await using var command = new NpgsqlCommand(StepsSql, connection) { Parameters = { new() { Value = trace } } };
    await using var rows = await command.ExecuteReaderAsync();
    while (await rows.ReadAsync())
    {
        ReadAll(rows);
        steps++;
    }

    return steps;
}

async Task<int> HandlerStats()
{
    var (user, agent) = RandomAgent();
    await using var scope = provider.CreateAsyncScope();
    var stats = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetAgentRunStats(user, agent, null, null));
    return (int)stats.Runs;
}

async Task<int> RawStats()
{
    var (user, agent) = RandomAgent();
    var to = DateTimeOffset.UtcNow;
    await using var connection = await dataSource.OpenConnectionAsync();
    await using var command = new NpgsqlCommand(GetAgentRunStatsHandler.Sql, connection)
    {
        Parameters = { new() { Value = user }, new() { Value = agent }, new() { Value = to.AddDays(-30) }, new() { Value = to } },
    };
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    ReadAll(reader);
    return (int)reader.GetInt64(0);
}

// Sanity: both paths see the same data.
var check = await HandlerRun();
if (check != StepsPerRun || await RawRun() != StepsPerRun || await HandlerStats() == 0 || await RawStats() == 0)
{
    throw new InvalidOperationException("the seeded data is not what the benchmark expects");
}

await PrintPlanAsync(dataSource, "run details (steps)", StepsSql.Replace("$1", "'bench-4242'", StringComparison.Ordinal));
await PrintPlanAsync(dataSource, "30-day aggregates", GetAgentRunStatsHandler.Sql
    .Replace("$1", $"'{UserOf(2)}'", StringComparison.Ordinal).Replace("$2", $"'{AgentOf(42)}'", StringComparison.Ordinal)
    .Replace("$3", "now() - interval '30 days'", StringComparison.Ordinal).Replace("$4", "now()", StringComparison.Ordinal));

var results = new List<(string Name, double[] Ms)>();
foreach (var (name, body) in new (string, Func<Task<int>>)[]
{
    ("run details: GetRun handler", HandlerRun),
    ("run details: raw Npgsql", RawRun),
    ("30-day aggregates: GetAgentRunStats handler", HandlerStats),
    ("30-day aggregates: raw Npgsql", RawStats),
})
{
    for (var i = 0; i < warmup; i++)
    {
        await body();
    }

    var samples = new double[iterations];
    for (var i = 0; i < iterations; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await body();
        samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    Array.Sort(samples);
    results.Add((name, samples));
}

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

var lines = new List<string>
{
    $"Agents trace reads: {Summaries:N0} summaries, {Summaries * StepsPerRun:N0} steps; {iterations} timed calls each after {warmup} warm-up calls, one at a time.",
    "",
    "| path | p50 ms | p95 ms | p99 ms | p50 vs raw |",
    "|---|---|---|---|---|",
};
for (var i = 0; i < results.Count; i++)
{
    var (name, ms) = results[i];
    var baseline = i % 2 == 0 ? results[i + 1].Ms : ms;
    var ratio = Percentile(ms, 0.5) / Percentile(baseline, 0.5);
    lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {name} | {Percentile(ms, 0.5):F3} | {Percentile(ms, 0.95):F3} | {Percentile(ms, 0.99):F3} | {ratio:F2}x |"));
}

var handlersWithinTarget = Percentile(results[0].Ms, 0.5) <= 10 && Percentile(results[2].Ms, 0.5) <= 10;
lines.Add("");
lines.Add($"Target p50 <= 10 ms through the handlers: {(handlersWithinTarget ? "yes" : "NO")}");
foreach (var line in lines)
{
    Console.WriteLine(line);
}

var output = Environment.GetEnvironmentVariable("BENCH_AGENTS_OUTPUT");
if (!string.IsNullOrEmpty(output))
{
    await File.WriteAllLinesAsync(output, lines);
}

return handlersWithinTarget ? 0 : 1;

static void ReadAll(NpgsqlDataReader reader)
{
    for (var i = 0; i < reader.FieldCount; i++)
    {
        _ = reader.IsDBNull(i) ? null : reader.GetValue(i);
    }
}

static async Task SeedAsync(NpgsqlDataSource dataSource)
{
    await using var connection = await dataSource.OpenConnectionAsync();
    await using (var count = new NpgsqlCommand("SELECT count(*) FROM agents.agent_execution_details WHERE trace_id LIKE 'bench-%'", connection))
    {
        if ((long)(await count.ExecuteScalarAsync())! == Summaries * StepsPerRun)
        {
            Console.WriteLine("[bench] seed data present");
            await VacuumAsync(connection);
            return;
        }
    }

    Console.WriteLine("[bench] seeding 100,000 summaries and 1,000,000 steps...");
    var started = Stopwatch.StartNew();

    // Runs spread over the last 60 days, so a 30-day window holds about half of an agent's 1,000 runs.
    const string Seed = """
        DELETE FROM agents.agent_execution_details WHERE trace_id LIKE 'bench-%';
        DELETE FROM agents.agent_execution_summary WHERE trace_id LIKE 'bench-%';
        INSERT INTO agents.agent_execution_summary (id, trace_id, user_id, session_id, agent_id, execution_start_time, execution_end_time,
            total_execution_time, total_input_tokens, total_output_tokens, total_tokens, tool_call_count, total_tool_execution_time,
            total_cost, execution_success, error_phase, error_message, created_at, updated_at)
        SELECT gen_random_uuid(), 'bench-' || g,
               ('00000000-0000-7000-8000-' || lpad(to_hex(g % 100 % 10), 12, '0'))::uuid,
               gen_random_uuid(),
               ('00000000-0000-7000-9000-' || lpad(to_hex(g % 100), 12, '0'))::uuid,
               now() - (g % 60) * interval '1 day' - (g % 86400) * interval '1 second',
               now() - (g % 60) * interval '1 day' - (g % 86400) * interval '1 second' + (200 + g % 5000) * interval '1 millisecond',
               200 + g % 5000, 300 + g % 700, 100 + g % 300, 400 + g % 700 + g % 300, g % 4, (g % 4) * 120,
               round((g % 1000) * 0.00001234, 8), g % 17 <> 0,
               CASE WHEN g % 17 = 0 THEN 'model_call' END, CASE WHEN g % 17 = 0 THEN 'upstream timeout' END, now(), now()
        FROM generate_series(1, 100000) g;
        INSERT INTO agents.agent_execution_details (id, trace_id, sequence_no, step_type, message_content, message_type, model_id, provider_name,
            message_tokens, model_call_time, tool_name, tool_request_args, tool_response_data, tool_execution_time, tool_success,
            is_fallback_used, step_cost, step_success, created_at)
        SELECT gen_random_uuid(), 'bench-' || g, s,
               CASE WHEN s = 1 THEN 'user_message' WHEN s % 2 = 0 THEN 'tool_call' ELSE 'ai_response' END,
               CASE WHEN s % 2 = 1 THEN repeat('The quick brown fox jumps over the lazy dog. ', 4) || g END, 'text',
               CASE WHEN s % 2 = 1 THEN 'gpt-4o-mini' END, CASE WHEN s % 2 = 1 THEN 'openai' END,
               CASE WHEN s % 2 = 1 THEN 50 + s END, CASE WHEN s % 2 = 1 THEN 300 + s END,
               CASE WHEN s % 2 = 0 THEN 'weather' END, CASE WHEN s % 2 = 0 THEN '{"city":"Beijing"}' END,
               CASE WHEN s % 2 = 0 THEN '{"temp":3,"sky":"clear"}' END, CASE WHEN s % 2 = 0 THEN 80 END, CASE WHEN s % 2 = 0 THEN true END,
               false, 0.00001, true, now() - (g % 20) * interval '1 day'
        FROM generate_series(1, 100000) g, generate_series(1, 10) s;
        ANALYZE agents.agent_execution_summary;
        ANALYZE agents.agent_execution_details;
        """;
    await using (var seed = new NpgsqlCommand(Seed, connection) { CommandTimeout = 0 })
    {
        await seed.ExecuteNonQueryAsync();
    }

    await VacuumAsync(connection);
    Console.WriteLine($"[bench] seeded in {started.Elapsed.TotalSeconds:F1} s");
}

// VACUUM sets the visibility map, so the covering index answers the aggregates without visiting the table,
// as it does on a table autovacuum has seen.
static async Task VacuumAsync(NpgsqlConnection connection)
{
    foreach (var table in new[] { "agent_execution_summary", "agent_execution_details" })
    {
        await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE agents.{table}", connection) { CommandTimeout = 0 };
        await vacuum.ExecuteNonQueryAsync();
    }
}

static async Task PrintPlanAsync(NpgsqlDataSource dataSource, string title, string sql)
{
    await using var connection = await dataSource.OpenConnectionAsync();
    await using var command = new NpgsqlCommand("EXPLAIN (COSTS OFF) " + sql, connection);
    await using var reader = await command.ExecuteReaderAsync();
    Console.WriteLine($"[bench] plan of {title}:");
    while (await reader.ReadAsync())
    {
        Console.WriteLine("    " + reader.GetString(0));
    }
}

/// <summary>The trace reads take the user as an argument; nothing here asks who is signed in.</summary>
internal sealed class NobodyCurrentUser : ICurrentUser
{
    public bool IsAuthenticated => false;

    public Guid Id => throw new InvalidOperationException("No user in the benchmark.");

    public string Role => "";

    public bool IsAdmin => false;

    public AuthenticationMethod Method => AuthenticationMethod.None;

    public Guid? SessionId => null;

    public IReadOnlyList<string> Scopes => [];

    public string? IpAddress => null;
}
