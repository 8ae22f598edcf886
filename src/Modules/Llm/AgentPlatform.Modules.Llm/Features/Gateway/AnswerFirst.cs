using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Modules.Llm.Features.Gateway;

/// <summary>
/// Set by the OpenAI-compatible routes for their request: the call may be answered before its record (and usage
/// event) is committed. The gateway leaves the write here; the route releases it to <see cref="BackgroundRecords"/>
/// once the answer is sent (and the end of the request releases anything left), so the write never competes with
/// sending the answer. Only under a request id the gateway generated: an Idempotency-Key promises that a retry finds
/// the first answer, so such a call is committed before it is answered. In-process callers (other modules) never
/// set it: they get their answer once it is on record.
/// </summary>
internal sealed class AnswerFirst(BackgroundRecords background) : IDisposable
{
    private readonly List<(string RequestId, Func<Task> Write)> _pending = [];

    public bool Enabled { get; set; }

    public bool Accepts(bool freshRequestId) => Enabled && freshRequestId;

    public void Defer(string requestId, Func<Task> write) => _pending.Add((requestId, write));

    /// <summary>The answer is out: start the writes left here.</summary>
    public void Release()
    {
        foreach (var (requestId, write) in _pending)
        {
            background.Write(requestId, write);
        }

        _pending.Clear();
    }

    public void Dispose() => Release();
}

/// <summary>
/// Writes call records next to the answer instead of before it, so an HTTP caller does not wait for the commit (one
/// round trip and a WAL flush). Each write is one statement, so it lands whole or not at all; the Host's shutdown
/// waits for the writes still running. A write that fails is logged as an error with its request id: the caller has
/// its answer, and that call is then not counted or charged.
/// </summary>
internal sealed partial class BackgroundRecords(ILogger<BackgroundRecords> logger) : IHostedService
{
    private readonly ConcurrentDictionary<Task, bool> _running = new();

    public void Write(string requestId, Func<Task> write)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _running[done.Task] = true;
        // Queued behind the answer's send (Kestrel queues it to the shared queue when the response is flushed):
        // Task.Run would put the write on this thread's own queue, which it runs first, before the send.
        _ = Task.Factory.StartNew(async () =>
        {
            try
            {
                await write();
            }
            catch (Exception exception)
            {
                // Nothing may escape unobserved: whatever went wrong, say which answered call is not on record.
                LogWriteFailed(logger, requestId, exception);
            }
            finally
            {
                _running.TryRemove(done.Task, out _);
                done.SetResult();
            }
        }, CancellationToken.None, TaskCreationOptions.PreferFairness | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.WhenAll(_running.Keys).WaitAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {RequestId} was answered but its record and usage event could not be written")]
    private static partial void LogWriteFailed(ILogger logger, string requestId, Exception exception);
}
