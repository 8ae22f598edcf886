using Quartz;

namespace AgentPlatform.Modules.Users.Features.PurgeExpiredAuthData;

/// <summary>Deletes what sign-in no longer needs: long-ended sessions (with their refresh tokens) and stale throttle counters.</summary>
internal sealed record PurgeExpiredAuthData : ICommand<PurgeResult>;

internal sealed record PurgeResult(int Sessions, int Throttles);

internal sealed class PurgeExpiredAuthDataHandler(UsersDbContext db, TimeProvider clock) : ICommandHandler<PurgeExpiredAuthData, PurgeResult>
{
    /// <summary>Ended sessions stay this long, so a replayed refresh token is still recognised as reuse.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public async ValueTask<PurgeResult> Handle(PurgeExpiredAuthData command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - Retention;
        var sessions = await db.Sessions
            .Where(s => s.ExpiresAt < cutoff || (s.RevokedAt != null && s.RevokedAt < cutoff))
            .ExecuteDeleteAsync(cancellationToken);
        var throttles = await db.LoginThrottles
            .Where(t => t.WindowStartedAt < now.AddDays(-1) && (t.LockedUntil == null || t.LockedUntil < now))
            .ExecuteDeleteAsync(cancellationToken);
        return new PurgeResult(sessions, throttles);
    }
}

/// <summary>Runs the purge nightly; any Host of the cluster may run it, and running it twice is harmless.</summary>
[DisallowConcurrentExecution]
internal sealed class PurgeExpiredAuthDataJob(ISender sender) : IJob
{
    public static readonly JobKey Key = new("purge-expired-auth-data", "users");

    /// <summary>03:15 UTC every day (Quartz cron: seconds first).</summary>
    public const string Schedule = "0 15 3 * * ?";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await sender.Send(new PurgeExpiredAuthData(), cancellationToken);
}
