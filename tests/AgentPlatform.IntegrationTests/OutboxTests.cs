using AgentPlatform.IntegrationTests.Infrastructure.Probe;
using AgentPlatform.Modules.Users.Contracts;
using AgentPlatform.Modules.Users.Infrastructure.Persistence;

namespace AgentPlatform.IntegrationTests;

/// <summary>
/// Users publishes <see cref="UserRegisteredIntegrationEvent"/> through its outbox; the probe module consumes it
/// through the real Quartz-driven dispatcher and its own inbox.
/// </summary>
public sealed class OutboxTests(PlatformFixture platform)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_committed_event_reaches_the_consumer_exactly_once_even_when_it_fails_the_first_time()
    {
        var user = await Register("flaky");

        var records = await WaitFor(async () => await Records(user), r => r.Count > 0);
        records.Count.ShouldBe(1);
        var eventId = records[0].EventId;
        ProbeModule.Attempts[eventId].ShouldBe(2, "the first delivery failed and was retried");

        // The dispatcher marks the message after every consumer (Billing's too) has taken it: wait for the mark.
        var message = await WaitFor(() => OutboxMessage(eventId), m => m.ProcessedAt is not null);
        message.Attempts.ShouldBe(1, "one failed attempt recorded before the successful one");

        // Deliver it again, as a crashed dispatcher would after a restart: the inbox keeps it at one.
        await platform.Scoped(async sp => await sp.GetRequiredService<UsersDbContext>().OutboxMessages
            .Where(m => m.Id == eventId)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.ProcessedAt, (DateTimeOffset?)null), Ct));
        await WaitFor(async () => (await OutboxMessage(eventId)).ProcessedAt, processedAt => processedAt is not null);
        ProbeModule.Attempts[eventId].ShouldBe(2, "the inbox recognised the redelivery and skipped the handler");
        (await Records(user)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_healthy_consumer_gets_the_event_on_the_first_delivery()
    {
        var user = await Register("steady");
        var records = await WaitFor(async () => await Records(user), r => r.Count > 0);
        records.ShouldHaveSingleItem();
        ProbeModule.Attempts[records[0].EventId].ShouldBe(1);
        (await OutboxMessage(records[0].EventId)).Attempts.ShouldBe(0);
    }

    [Fact]
    public async Task An_event_in_a_rolled_back_transaction_never_reaches_anyone()
    {
        var userId = Guid.CreateVersion7();
        var eventId = Guid.CreateVersion7();
        await platform.Scoped(async sp =>
        {
            var db = sp.GetRequiredService<UsersDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            db.Publish(new UserRegisteredIntegrationEvent { EventId = eventId, OccurredAt = DateTimeOffset.UtcNow, UserId = userId, Username = "ghost", Email = "ghost@example.com" });
            await db.SaveChangesAsync(Ct);
            await transaction.RollbackAsync(Ct);
            return 0;
        });

        // Long enough for several dispatcher rounds (every 200 ms in tests), and for a control event to arrive.
        var control = await Register("control");
        await WaitFor(async () => await Records(control), r => r.Count > 0);
        await Task.Delay(1000, Ct);

        ProbeModule.Attempts.ContainsKey(eventId).ShouldBeFalse();
        (await platform.Scoped(async sp => await sp.GetRequiredService<ProbeDbContext>().Records.AnyAsync(r => r.UserId == userId, Ct))).ShouldBeFalse();
        (await platform.Scoped(async sp => await sp.GetRequiredService<UsersDbContext>().OutboxMessages.AnyAsync(m => m.Id == eventId, Ct))).ShouldBeFalse();
    }

    private async Task<Guid> Register(string prefix)
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..10];
        var response = await platform.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { username = name, email = $"{name}@example.com", password = "Passw0rd-1" }, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ProfileDto>(Ct))!.Id;
    }

    private Task<List<ProbeRecord>> Records(Guid userId) =>
        platform.Scoped(async sp => await sp.GetRequiredService<ProbeDbContext>().Records.AsNoTracking().Where(r => r.UserId == userId).ToListAsync(Ct));

    private Task<BuildingBlocks.Messaging.OutboxMessage> OutboxMessage(Guid id) =>
        platform.Scoped(async sp => await sp.GetRequiredService<UsersDbContext>().OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id, Ct));

    private static async Task<T> WaitFor<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(100, Ct);
        }
    }
}
