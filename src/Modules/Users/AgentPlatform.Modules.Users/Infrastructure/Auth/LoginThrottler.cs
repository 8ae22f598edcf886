using Microsoft.Extensions.Options;
using Npgsql;

namespace AgentPlatform.Modules.Users.Infrastructure.Auth;

internal sealed class LoginThrottleOptions
{
    public const string Section = "Auth:LoginThrottle";

    public int AccountFailures { get; set; } = 5;

    public int AddressFailures { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxLockDuration { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Counts failed logins per account name and per client address in PostgreSQL (so the limit holds
/// across Hosts) and locks either for a growing time. Unknown and known accounts are counted the same
/// way, so the answer never tells whether an account exists.
/// </summary>
internal sealed class LoginThrottler(NpgsqlDataSource dataSource, IOptions<LoginThrottleOptions> options, TimeProvider clock)
{
    public static string AccountKey(string login) => "account:" + login.Trim().ToLowerInvariant();

    public static string AddressKey(string? ip) => "address:" + (ip ?? "unknown");

    /// <summary>Throws 429 when either key is locked.</summary>
    public async Task EnsureAllowedAsync(string login, string? ip, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT max(locked_until) FROM users.login_throttles WHERE key = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [AccountKey(login), AddressKey(ip)] });
        var result = await command.ExecuteScalarAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (result is DateTime lockedUntil && new DateTimeOffset(lockedUntil, TimeSpan.Zero) > now)
        {
            throw TooMany(new DateTimeOffset(lockedUntil, TimeSpan.Zero) - now);
        }
    }

    public async Task RecordFailureAsync(string login, string? ip, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await RecordAsync(AccountKey(login), settings.AccountFailures, cancellationToken);
        await RecordAsync(AddressKey(ip), settings.AddressFailures, cancellationToken);
    }

    public async Task ResetAccountAsync(string login, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM users.login_throttles WHERE key = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = AccountKey(login) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static DomainException TooMany(TimeSpan retryAfter) =>
        DomainException.TooManyRequests("Too many failed sign-in attempts. Try again later.", retryAfter);

    private async Task RecordAsync(string key, int threshold, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();

        // One atomic statement: a new window starts when the old one is over; past the threshold each
        // further failure doubles the lock, up to the maximum.
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO users.login_throttles AS t (key, failures, window_started_at, locked_until)
            VALUES ($1, 1, $2, NULL)
            ON CONFLICT (key) DO UPDATE SET
              failures = CASE WHEN t.window_started_at < $3 THEN 1 ELSE t.failures + 1 END,
              window_started_at = CASE WHEN t.window_started_at < $3 THEN $2 ELSE t.window_started_at END
            RETURNING failures
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now - settings.Window });
        var failures = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (failures < threshold)
        {
            return;
        }

        var factor = 1L << Math.Min(failures - threshold, 16);
        var lockFor = TimeSpan.FromTicks(Math.Min(settings.MaxLockDuration.Ticks, settings.LockDuration.Ticks * factor));
        await using var lockCommand = dataSource.CreateCommand("UPDATE users.login_throttles SET locked_until = $2 WHERE key = $1");
        lockCommand.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        lockCommand.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now + lockFor });
        await lockCommand.ExecuteNonQueryAsync(cancellationToken);
    }
}
