using Mediator;

namespace AgentPlatform.BuildingBlocks.Domain;

/// <summary>Something that happened inside a module; never leaves it (integration events do).</summary>
public interface IDomainEvent : INotification
{
    DateTimeOffset OccurredAt { get; }
}
