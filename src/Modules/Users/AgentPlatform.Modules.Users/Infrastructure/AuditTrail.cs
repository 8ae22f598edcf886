using System.Text.Json;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Users.Domain.AuditLogs;

namespace AgentPlatform.Modules.Users.Infrastructure;

/// <summary>Adds audit entries to the caller's unit of work; they commit with the change they describe.</summary>
internal sealed class AuditTrail(UsersDbContext db, ICurrentUser currentUser, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Record(string action, string? targetType, object? targetId, object? payload = null, Guid? actorUserId = null)
    {
        var actor = actorUserId ?? (currentUser.IsAuthenticated ? currentUser.Id : null);
        db.AuditLogs.Add(AuditLog.Record(
            actor,
            action,
            targetType,
            targetId?.ToString(),
            currentUser.IpAddress,
            payload is null ? null : JsonSerializer.Serialize(payload, Json),
            clock.GetUtcNow()));
    }
}
