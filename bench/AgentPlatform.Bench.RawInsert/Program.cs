// The database floor for a single-row write: N workers, each with its own connection and a prepared
// single-row INSERT run as its own autocommit statement, in a loop, for a fixed time.
//
// Usage: AgentPlatform.Bench.RawInsert CONNECTION_STRING CONCURRENCY DURATION [WARMUP]
//   DURATION and WARMUP are seconds ("10" or "10s"); WARMUP defaults to 3.
// Prints one line the bench script parses:
//   RESULT requests=N seconds=S rps=R p50_ms=A p99_ms=B errors=E
// and exits 1 when any insert failed (or nothing was measured).
using System.Diagnostics;
using System.Globalization;
using AgentPlatform.Bench.RawInsert;
using Npgsql;

if (args.Length is < 3 or > 4)
{
    await Console.Error.WriteLineAsync("usage: AgentPlatform.Bench.RawInsert CONNECTION_STRING CONCURRENCY DURATION [WARMUP]");
    return 2;
}

var connectionString = args[0];
var concurrency = int.Parse(args[1], NumberStyles.None, CultureInfo.InvariantCulture);
var duration = Arguments.Seconds(args[2]);
var warmup = args.Length > 3 ? Arguments.Seconds(args[3]) : TimeSpan.FromSeconds(3);
if (concurrency < 1 || duration <= TimeSpan.Zero)
{
    await Console.Error.WriteLineAsync("CONCURRENCY must be at least 1 and DURATION positive.");
    return 2;
}

var builder = new NpgsqlConnectionStringBuilder(connectionString)
{
    MaxPoolSize = Math.Max(concurrency + 1, 10),
    ApplicationName = "agentplatform-bench-rawinsert",
};
await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);

await using (var setup = dataSource.CreateCommand(
    "CREATE TABLE IF NOT EXISTS bench_raw(id uuid PRIMARY KEY, payload text, created_at timestamptz); TRUNCATE bench_raw;"))
{
    await setup.ExecuteNonQueryAsync();
}

var clock = Stopwatch.StartNew();
var measureFrom = warmup;
var measureTo = warmup + duration;
var workers = new Task<WorkerResult>[concurrency];
for (var i = 0; i < concurrency; i++)
{
    var worker = i;
    workers[i] = Task.Run(() => Worker.RunAsync(dataSource, worker, clock, measureFrom, measureTo));
}

var results = await Task.WhenAll(workers);

var latencies = results.SelectMany(r => r.LatenciesMs).ToArray();
Array.Sort(latencies);
var errors = results.Sum(r => r.Errors);
var seconds = duration.TotalSeconds;
var rps = latencies.Length / seconds;
var line = string.Create(
    CultureInfo.InvariantCulture,
    $"RESULT requests={latencies.Length} seconds={seconds:0.###} rps={rps:0.00} p50_ms={Percentile(latencies, 0.50):0.000} p99_ms={Percentile(latencies, 0.99):0.000} errors={errors}");
await Console.Out.WriteLineAsync(line);
foreach (var message in results.Select(r => r.FirstError).OfType<string>().Distinct(StringComparer.Ordinal).Take(3))
{
    await Console.Error.WriteLineAsync($"error: {message}");
}

return errors == 0 && latencies.Length > 0 ? 0 : 1;

// Nearest-rank percentile of a sorted array (NaN when empty).
static double Percentile(double[] sorted, double p) =>
    sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

namespace AgentPlatform.Bench.RawInsert
{
    internal static class Arguments
    {
        public static TimeSpan Seconds(string value) =>
            TimeSpan.FromSeconds(double.Parse(value.TrimEnd('s', 'S'), NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    internal sealed record WorkerResult(List<double> LatenciesMs, int Errors, string? FirstError);

    internal static class Worker
    {
        /// <summary>
        /// Inserts until <paramref name="measureTo"/>. An insert counts when it started at or after
        /// <paramref name="measureFrom"/> and finished by <paramref name="measureTo"/>; earlier ones are the warm-up.
        /// </summary>
        public static async Task<WorkerResult> RunAsync(NpgsqlDataSource dataSource, int worker, Stopwatch clock, TimeSpan measureFrom, TimeSpan measureTo)
        {
            var latencies = new List<double>(capacity: 1 << 16);
            var errors = 0;
            string? firstError = null;
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO bench_raw(id, payload, created_at) VALUES ($1, $2, $3)", connection);
            var id = new NpgsqlParameter<Guid>();
            var payload = new NpgsqlParameter<string>();
            var createdAt = new NpgsqlParameter<DateTime>();
            insert.Parameters.Add(id);
            insert.Parameters.Add(payload);
            insert.Parameters.Add(createdAt);
            await insert.PrepareAsync();

            long counter = 0;
            while (true)
            {
                var started = clock.Elapsed;
                if (started >= measureTo)
                {
                    break;
                }

                id.TypedValue = Guid.CreateVersion7();
                payload.TypedValue = string.Create(CultureInfo.InvariantCulture, $"w{worker}-{counter++}");
                createdAt.TypedValue = DateTime.UtcNow;
                try
                {
                    await insert.ExecuteNonQueryAsync();
                }
                catch (NpgsqlException ex)
                {
                    errors++;
                    firstError ??= ex.Message;
                    if (connection.State != System.Data.ConnectionState.Open)
                    {
                        break;
                    }

                    continue;
                }

                var finished = clock.Elapsed;
                if (started >= measureFrom && finished <= measureTo)
                {
                    latencies.Add((finished - started).TotalMilliseconds);
                }
            }

            return new WorkerResult(latencies, errors, firstError);
        }
    }
}
