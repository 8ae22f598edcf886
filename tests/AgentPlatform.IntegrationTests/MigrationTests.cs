using AgentPlatform.Modules.Users.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace AgentPlatform.IntegrationTests;

public sealed class MigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Module_migrations_apply_forward_roll_back_and_apply_again()
    {
        var connectionString = await TestDatabase.CreateAsync("migrate");
        try
        {
            var options = new DbContextOptionsBuilder<UsersDbContext>()
                .UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__ef_migrations_history", UsersDbContext.SchemaName))
                .UseSnakeCaseNamingConvention()
                .Options;
            await using var db = new UsersDbContext(options);
            var migrator = db.GetService<IMigrator>();

            await migrator.MigrateAsync(cancellationToken: Ct);
            (await TableExists(connectionString, "users")).ShouldBeTrue();

            await migrator.MigrateAsync(Migration.InitialDatabase, cancellationToken: Ct);
            (await TableExists(connectionString, "users")).ShouldBeFalse("rolling back to the start removes the module's tables");
            (await db.Database.GetAppliedMigrationsAsync(Ct)).ShouldBeEmpty();

            await migrator.MigrateAsync(cancellationToken: Ct);
            (await TableExists(connectionString, "users")).ShouldBeTrue();
            (await db.Database.GetPendingMigrationsAsync(Ct)).ShouldBeEmpty();
        }
        finally
        {
            await TestDatabase.DropAsync(connectionString);
        }
    }

    private static async Task<bool> TableExists(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{UsersDbContext.SchemaName}.{table}" });
        return (bool)(await command.ExecuteScalarAsync(Ct))!;
    }
}
