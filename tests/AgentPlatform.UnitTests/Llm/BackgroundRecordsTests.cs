using AgentPlatform.Modules.Llm.Features.Gateway;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.UnitTests.Llm;

/// <summary>Records written after the answer: never lost by a graceful shutdown, never failing silently.</summary>
public sealed class BackgroundRecordsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stopping_waits_for_a_record_still_being_written()
    {
        var records = new BackgroundRecords(new ListLogger<BackgroundRecords>());
        var commit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = false;
        records.Write("req-1", async () =>
        {
            await commit.Task;
            written = true;
        });

        var stopping = records.StopAsync(Ct);
        await Task.Delay(50, Ct);
        stopping.IsCompleted.ShouldBeFalse("the Host may not stop while an answered call's record is being written");

        commit.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        written.ShouldBeTrue();
    }

    [Fact]
    public async Task A_record_that_cannot_be_written_is_logged_as_an_error_with_its_request_id()
    {
        var logger = new ListLogger<BackgroundRecords>();
        var records = new BackgroundRecords(logger);
        records.Write("req-lost", () => throw new TimeoutException("database gone"));
        records.Write("req-odd", () => throw new NotSupportedException("anything at all"));

        await records.StopAsync(Ct).WaitAsync(TimeSpan.FromSeconds(5), Ct);
        logger.Entries.Count.ShouldBe(2);
        logger.Entries.ShouldAllBe(e => e.Level == LogLevel.Error);
        logger.Entries.Select(e => e.Message).OrderBy(m => m, StringComparer.Ordinal).ShouldBe(
            ["Request req-lost was answered but its record and usage event could not be written", "Request req-odd was answered but its record and usage event could not be written"]);
    }

    private sealed class ListLogger<T> : ILogger<T>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
