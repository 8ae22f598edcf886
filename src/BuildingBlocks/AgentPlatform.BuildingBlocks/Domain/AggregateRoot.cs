namespace AgentPlatform.BuildingBlocks.Domain;

/// <summary>
/// The consistency boundary of a module. Domain events raised here are dispatched inside the module
/// before the transaction commits (see <c>DomainEventsInterceptor</c>), so their handlers' changes
/// commit or roll back with the aggregate's.
/// </summary>
public abstract class AggregateRoot : Entity
{
    private readonly List<IDomainEvent> _domainEvents = [];

    protected AggregateRoot()
    {
    }

    protected AggregateRoot(Guid id)
        : base(id)
    {
    }

    public IReadOnlyCollection<IDomainEvent> DomainEvents => _domainEvents;

    protected void Raise(IDomainEvent domainEvent) => _domainEvents.Add(domainEvent);

    public IReadOnlyList<IDomainEvent> TakeDomainEvents()
    {
        var events = _domainEvents.ToArray();
        _domainEvents.Clear();
        return events;
    }
}
