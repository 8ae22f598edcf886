using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Users.Domain.AuditLogs;
using AgentPlatform.Modules.Users.Domain.Users;
using AgentPlatform.Modules.Users.Infrastructure.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Modules.Users.Features.Bootstrap;

internal sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public string AdminUsername { get; set; } = "admin";

    public string AdminEmail { get; set; } = "admin@localhost";

    /// <summary>When empty, a random password is generated and printed once.</summary>
    public string? AdminPassword { get; set; }
}

/// <summary>Creates the first administrator when the platform has none. Runs under the migration lock.</summary>
internal sealed partial class AdminBootstrapper(
    UsersDbContext db,
    PasswordHashing passwords,
    IOptions<BootstrapOptions> options,
    TimeProvider clock,
    ILogger<AdminBootstrapper> logger) : IStartupSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(u => u.Role == UserRole.Admin, cancellationToken))
        {
            return;
        }

        var settings = options.Value;
        var username = settings.AdminUsername.Trim();
        if (await db.Users.AnyAsync(u => u.NormalizedUsername == User.Normalize(username), cancellationToken))
        {
            LogNameTaken(logger, username);
            return;
        }

        var generated = string.IsNullOrEmpty(settings.AdminPassword);
        var password = generated ? TokenService.RandomString(16) + "9a" : settings.AdminPassword!;
        var admin = User.Register(username, settings.AdminEmail, passwords.Hash(password), UserRole.Admin, clock.GetUtcNow());
        db.Users.Add(admin);
        db.AuditLogs.Add(AuditLog.Record(null, AuditActions.UserRegistered, "user", admin.Id.ToString(), null, """{"bootstrap":true}""", clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);

        LogCreated(logger, username);
        if (generated)
        {
            // Printed to the console once, not logged: log pipelines keep and ship what they see.
            await Console.Out.WriteLineAsync($"""

                ==================================================================
                 First administrator created.
                   username: {username}
                   password: {password}
                 This password is shown once. Change it after signing in, or set
                 Bootstrap__AdminPassword before the first start next time.
                ==================================================================

                """);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first administrator '{Username}'")]
    private static partial void LogCreated(ILogger logger, string username);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No administrator exists, and the bootstrap name '{Username}' belongs to a regular user; none was created")]
    private static partial void LogNameTaken(ILogger logger, string username);
}
