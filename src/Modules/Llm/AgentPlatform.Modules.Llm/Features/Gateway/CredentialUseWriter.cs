using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Modules.Llm.Features.Gateway;

/// <summary>Writes the uses of unlimited keys counted by the <see cref="CredentialPool"/>, every second and at shutdown.</summary>
internal sealed partial class CredentialUseWriter(CredentialPool pool, ILogger<CredentialUseWriter> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await FlushAsync(CancellationToken.None);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        try
        {
            await pool.FlushUsesAsync(ct);
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            LogFlushFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the credentials' use counts; they are kept for the next try")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
