using AgentPlatform.BuildingBlocks.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AgentPlatform.BuildingBlocks.Persistence;

/// <summary>Work that must run once at start-up, after migrations, under the same lock (seeding a first admin...).</summary>
public interface IStartupSeeder
{
    Task SeedAsync(CancellationToken cancellationToken);
}

/// <summary>Whether this process finished migrating; read by the readiness check.</summary>
public sealed class MigrationState
{
    public bool Completed { get; private set; }

    public void MarkCompleted() => Completed = true;
}

/// <summary>
/// Applies every module's pending migrations, then the seeders, while holding a PostgreSQL advisory lock,
/// so several Hosts starting at once against one database take turns instead of racing.
/// </summary>
public static partial class DatabaseMigrator
{
    // Any constant works; it only has to be the same for every Host of the platform.
    private const long AdvisoryLockKey = 0x4167656e74506cL;

    public static async Task MigrateAsync(IServiceProvider services, IEnumerable<Type> extraDbContexts, CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("AgentPlatform.Migrations");
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            command.Parameters.AddWithValue("key", AdvisoryLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await EnsureExtensionsAsync(connection, logger, cancellationToken);
            var contexts = extraDbContexts.Concat(services.GetServices<ModuleDatabase>().Select(m => m.DbContextType)).Distinct();
            foreach (var contextType in contexts)
            {
                await using var scope = services.CreateAsyncScope();
                var db = (DbContext)scope.ServiceProvider.GetRequiredService(contextType);
                var applied = await db.GetService<IHistoryRepository>().ExistsAsync(cancellationToken)
                    ? (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Count()
                    : 0;
                var pending = db.Database.GetMigrations().Count() - applied;
                if (pending > 0)
                {
                    LogApplying(logger, contextType.Name, pending);
                    await db.Database.MigrateAsync(cancellationToken);
                }
            }

            // Types added by a migration (the vector type) are loaded on the next physical connection.
            await connection.ReloadTypesAsync(cancellationToken);

            await using (var scope = services.CreateAsyncScope())
            {
                foreach (var seeder in scope.ServiceProvider.GetServices<IStartupSeeder>())
                {
                    await seeder.SeedAsync(cancellationToken);
                }
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", AdvisoryLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }

        services.GetRequiredService<MigrationState>().MarkCompleted();
    }

    /// <summary>The extensions every module may rely on; db/init.sql creates them too, this covers a bare database.</summary>
    private static async Task EnsureExtensionsAsync(NpgsqlConnection connection, ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var extension in new[] { "vector", "pg_trgm" })
        {
            try
            {
                await using var command = new NpgsqlCommand($"CREATE EXTENSION IF NOT EXISTS {extension}", connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException ex)
            {
                LogExtensionMissing(logger, extension, ex.MessageText);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot create the extension {Extension}: {Reason}")]
    private static partial void LogExtensionMissing(ILogger logger, string extension, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s) of {Context}")]
    private static partial void LogApplying(ILogger logger, string context, int count);
}
