using AgentPlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentPlatform.BuildingBlocks.Messaging;

/// <summary>Delivers one module's outbox.</summary>
public interface IOutboxDispatcher
{
    string Schema { get; }

    /// <summary>Delivers one batch of due messages; returns how many were taken.</summary>
    Task<int> DispatchBatchAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Takes due messages with <c>FOR UPDATE SKIP LOCKED</c> (so several Hosts never deliver the same
/// message at once), hands each to every subscribed consumer in its own scope, and records the outcome:
/// processed when every consumer succeeded, else a retry with exponential backoff. Consumers that already
/// succeeded skip the redelivery through their inbox.
/// </summary>
public sealed partial class OutboxDispatcher<TDbContext>(
    TDbContext db,
    IServiceScopeFactory scopes,
    IEnumerable<IntegrationEventSubscription> subscriptions,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher<TDbContext>> logger) : IOutboxDispatcher
    where TDbContext : ModuleDbContext
{
    public string Schema => db.Schema;

    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
#pragma warning disable EF1002 // the schema is the module's own constant, not input
        var batch = await db.OutboxMessages
            .FromSqlRaw(
                $"SELECT * FROM \"{db.Schema}\".outbox_messages WHERE processed_at IS NULL AND failed_at IS NULL AND next_attempt_at <= {{0}} ORDER BY occurred_at, id LIMIT {{1}} FOR UPDATE SKIP LOCKED",
                now,
                settings.BatchSize)
            .ToListAsync(cancellationToken);
#pragma warning restore EF1002
        if (batch.Count == 0)
        {
            return 0;
        }

        foreach (var message in batch)
        {
            var error = await DeliverAsync(message, cancellationToken);
            var at = clock.GetUtcNow();
            if (error is null)
            {
                message.ProcessedAt = at;
                message.LastError = null;
                continue;
            }

            message.Attempts++;
            message.LastError = error.Length > 2000 ? error[..2000] : error;
            if (message.Attempts >= settings.MaxAttempts)
            {
                message.FailedAt = at;
                LogGaveUp(logger, message.Id, message.Type, message.Attempts);
            }
            else
            {
                var delay = TimeSpan.FromTicks(Math.Min(settings.MaxRetryDelay.Ticks, settings.RetryBaseDelay.Ticks * (1L << Math.Min(message.Attempts - 1, 20))));
                message.NextAttemptAt = at + delay;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return batch.Count;
    }

    private async Task<string?> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        Contracts.IIntegrationEvent integrationEvent;
        try
        {
            integrationEvent = message.Deserialize();
        }
        catch (Exception ex)
        {
            LogUndeliverable(logger, ex, message.Id, message.Type);
            return $"Cannot read the event: {ex.GetType().Name}";
        }

        var eventType = integrationEvent.GetType();
        List<string>? errors = null;
        foreach (var subscription in subscriptions)
        {
            if (!subscription.EventType.IsAssignableFrom(eventType))
            {
                continue;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var handler = (IIntegrationEventHandler)scope.ServiceProvider.GetRequiredService(subscription.HandlerType);
                await handler.HandleAsync(integrationEvent, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogHandlerFailed(logger, ex, subscription.HandlerType.Name, message.Id);
                (errors ??= []).Add($"{subscription.HandlerType.Name}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        return errors is null ? null : string.Join("; ", errors);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Handler} failed on event {EventId}; it will be retried")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string handler, Guid eventId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} of type {Type} cannot be read")]
    private static partial void LogUndeliverable(ILogger logger, Exception exception, Guid eventId, string type);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up delivering event {EventId} ({Type}) after {Attempts} attempts")]
    private static partial void LogGaveUp(ILogger logger, Guid eventId, string type, int attempts);
}
