using AgentPlatform.BuildingBlocks.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AgentPlatform.BuildingBlocks.Persistence;

/// <summary>
/// Publishes the domain events of tracked aggregates before the changes are saved, so whatever their
/// handlers change (including integration events they queue) is part of the same transaction. Stateless: the
/// publisher is the one the <see cref="ModuleDbContext"/> being saved carries (its request's scope).
/// </summary>
public sealed class DomainEventsInterceptor : SaveChangesInterceptor
{
    public static readonly DomainEventsInterceptor Instance = new();

    private const int MaxRounds = 10;

    private DomainEventsInterceptor()
    {
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is not null && PendingAggregates(eventData.Context).Any())
        {
            throw new InvalidOperationException("Aggregates with domain events must be saved with SaveChangesAsync.");
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is null)
        {
            return result;
        }

        var publisher = (eventData.Context as ModuleDbContext)?.DomainEvents;

        // Handlers may raise further events; bounded so a cycle fails loudly instead of spinning.
        for (var round = 0; round < MaxRounds; round++)
        {
            var events = PendingAggregates(eventData.Context).SelectMany(a => a.TakeDomainEvents()).ToList();
            if (events.Count == 0)
            {
                return result;
            }

            if (publisher is null)
            {
                throw new InvalidOperationException("This context has no mediator to publish its domain events; resolve it from a DI scope.");
            }

            foreach (var domainEvent in events)
            {
                await publisher.Publish(domainEvent, cancellationToken);
            }
        }

        throw new InvalidOperationException($"Domain events kept raising new events after {MaxRounds} rounds.");
    }

    private static IEnumerable<AggregateRoot> PendingAggregates(DbContext context) =>
        context.ChangeTracker.Entries<AggregateRoot>().Select(e => e.Entity).Where(a => a.DomainEvents.Count > 0);
}
