using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.BuildingBlocks.Messaging;

/// <summary>A consumer of an integration event, resolved per delivery in its own DI scope.</summary>
public interface IIntegrationEventHandler
{
    Task HandleAsync(IIntegrationEvent integrationEvent, CancellationToken cancellationToken);
}

/// <summary>
/// Base of idempotent consumers: the consumer's work and its inbox row commit in one transaction of
/// the consumer's own module, so a redelivered event is recognised and skipped.
/// </summary>
public abstract class IntegrationEventHandler<TEvent, TDbContext>(TDbContext db, TimeProvider clock) : IIntegrationEventHandler
    where TEvent : IIntegrationEvent
    where TDbContext : ModuleDbContext
{
    protected TDbContext Db { get; } = db;

    /// <summary>Stable name of this consumer in the inbox.</summary>
    protected virtual string ConsumerName => GetType().FullName!;

    public async Task HandleAsync(IIntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        await using var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
        var consumer = ConsumerName;
        if (await Db.InboxMessages.AnyAsync(m => m.EventId == integrationEvent.EventId && m.Consumer == consumer, cancellationToken))
        {
            return;
        }

        await Handle((TEvent)integrationEvent, cancellationToken);
        Db.InboxMessages.Add(new InboxMessage(integrationEvent.EventId, consumer, clock.GetUtcNow()));
        await Db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    protected abstract Task Handle(TEvent integrationEvent, CancellationToken cancellationToken);
}

/// <summary>Which handler type consumes which event type; registered once per subscription.</summary>
public sealed record IntegrationEventSubscription(Type EventType, Type HandlerType);
