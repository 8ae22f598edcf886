namespace AgentPlatform.Modules.Users.Domain.Users.Events;

internal sealed record UserRegistered(Guid UserId, string Username, string Email, DateTimeOffset OccurredAt) : IDomainEvent;
