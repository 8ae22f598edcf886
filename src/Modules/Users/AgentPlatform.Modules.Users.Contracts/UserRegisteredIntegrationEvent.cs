using AgentPlatform.BuildingBlocks.Contracts;

namespace AgentPlatform.Modules.Users.Contracts;

/// <summary>A new user account exists (Billing opens an account on it).</summary>
public sealed record UserRegisteredIntegrationEvent : IIntegrationEvent
{
    /// <inheritdoc />
    public required Guid EventId { get; init; }

    /// <inheritdoc />
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The new user's id.</summary>
    public required Guid UserId { get; init; }

    /// <summary>The user's login name.</summary>
    public required string Username { get; init; }

    /// <summary>The user's email address.</summary>
    public required string Email { get; init; }
}
