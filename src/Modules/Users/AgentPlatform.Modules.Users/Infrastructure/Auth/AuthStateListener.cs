using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AgentPlatform.Modules.Users.Infrastructure.Auth;

/// <summary>
/// Keeps one connection LISTENing for <see cref="Channel"/> and evicts the users it names from the
/// <see cref="AuthStateCache"/>. While it is not connected the cache is off and every request asks the database.
/// </summary>
internal sealed partial class AuthStateListener(NpgsqlDataSource dataSource, AuthStateCache cache, ILogger<AuthStateListener> logger)
    : BackgroundService
{
    public const string Channel = "users_auth_changed";

    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                cache.SetListening(false);
                LogLost(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // The Host is stopping (Npgsql reports its own cancellation, not the stopping token's).
                return;
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, e) =>
        {
            if (Guid.TryParse(e.Payload, out var userId))
            {
                cache.Evict(userId);
            }
        };
        try
        {
            await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
            {
                await listen.ExecuteNonQueryAsync(stoppingToken);
            }

            // Without the triggers (migrations not applied yet) nothing would ever evict: leave the cache off.
            await using (var triggers = new NpgsqlCommand(
                "SELECT count(*) FROM pg_trigger WHERE tgname IN ('tr_users_auth_changed', 'tr_user_sessions_auth_changed', 'tr_api_keys_auth_changed')", connection))
            {
                if ((long)(await triggers.ExecuteScalarAsync(stoppingToken))! != 3)
                {
                    throw new InvalidOperationException("The auth-change triggers are missing; apply the Users module's migrations.");
                }
            }

            cache.SetListening(true);
            while (!stoppingToken.IsCancellationRequested)
            {
                // A silently dropped connection would never deliver again: ping it when quiet.
                if (!await connection.WaitAsync(PingInterval, stoppingToken))
                {
                    await using var ping = new NpgsqlCommand("SELECT 1", connection);
                    await ping.ExecuteScalarAsync(stoppingToken);
                    cache.Prune();
                }
            }
        }
        finally
        {
            cache.SetListening(false);
            if (connection.State == System.Data.ConnectionState.Open)
            {
                // The connection goes back to the pool without a reset: leave no registration behind.
                await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
                await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the auth-change listener; the auth cache is off until it reconnects")]
    private static partial void LogLost(ILogger logger, Exception exception);
}
