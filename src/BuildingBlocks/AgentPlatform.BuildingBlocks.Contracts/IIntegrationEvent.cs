namespace AgentPlatform.BuildingBlocks.Contracts;

/// <summary>
/// A fact one module announces to the others. Written to the publisher's outbox in the same
/// transaction as the change it describes and delivered after commit, at least once; consumers
/// are idempotent by <see cref="EventId"/>.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>Unique id of this occurrence; consumers deduplicate on it.</summary>
    Guid EventId { get; }

    /// <summary>When the fact happened (UTC).</summary>
    DateTimeOffset OccurredAt { get; }
}
