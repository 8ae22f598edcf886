using AgentPlatform.Modules.Users.Contracts;
using AgentPlatform.Modules.Users.Domain.Users.Events;

namespace AgentPlatform.Modules.Users.Features.EventHandlers;

/// <summary>Turns the domain event into the integration event, in the same transaction as the new user.</summary>
internal sealed class PublishUserRegisteredHandler(UsersDbContext db) : INotificationHandler<UserRegistered>
{
    public ValueTask Handle(UserRegistered notification, CancellationToken cancellationToken)
    {
        db.Publish(new UserRegisteredIntegrationEvent
        {
            EventId = Guid.CreateVersion7(),
            OccurredAt = notification.OccurredAt,
            UserId = notification.UserId,
            Username = notification.Username,
            Email = notification.Email,
        });
        return ValueTask.CompletedTask;
    }
}
