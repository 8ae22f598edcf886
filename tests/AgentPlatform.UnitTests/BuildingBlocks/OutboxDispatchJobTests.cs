using AgentPlatform.BuildingBlocks.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.UnitTests.BuildingBlocks;

public sealed class OutboxDispatchJobTests
{
    [Fact]
    public async Task A_run_drains_each_outbox_up_to_its_bound()
    {
        var (job, dispatchers) = JobWith(new BusyOutbox("users"), new BusyOutbox("llm", due: 3));

        await job.Execute(null!, TestContext.Current.CancellationToken);

        dispatchers[0].Batches.ShouldBe(20, "a busy outbox gets at most 20 batches per run");
        dispatchers[1].Batches.ShouldBe(4, "an outbox is left once a batch finds nothing due");
    }

    [Fact]
    public async Task A_stopping_host_ends_the_run_between_batches_instead_of_draining_the_backlog()
    {
        using var stopping = new CancellationTokenSource();
        var (job, dispatchers) = JobWith(new BusyOutbox("users", afterBatch: n => { if (n == 2) { stopping.Cancel(); } }), new BusyOutbox("llm"));

        await job.Execute(null!, stopping.Token);

        dispatchers[0].Batches.ShouldBe(2);
        dispatchers[1].Batches.ShouldBe(0, "the next module's outbox waits for the next run, on this Host or another");
    }

    private static (OutboxDispatchJob Job, List<BusyOutbox> Dispatchers) JobWith(params BusyOutbox[] outboxes)
    {
        var services = new ServiceCollection();
        foreach (var outbox in outboxes)
        {
            services.AddScoped<IOutboxDispatcher>(_ => outbox);
        }

        return (new OutboxDispatchJob(services.BuildServiceProvider().GetRequiredService<IServiceScopeFactory>()), [.. outboxes]);
    }

    /// <summary>An outbox with <paramref name="due"/> full batches waiting (unbounded when null).</summary>
    private sealed class BusyOutbox(string schema, int? due = null, Action<int>? afterBatch = null) : IOutboxDispatcher
    {
        public int Batches { get; private set; }

        public string Schema => schema;

        public Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
        {
            Batches++;
            afterBatch?.Invoke(Batches);
            return Task.FromResult(due is { } n && Batches > n ? 0 : 50);
        }
    }
}
