using Npgsql;
using Testcontainers.PostgreSql;

namespace AgentPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// A real PostgreSQL with pgvector: the server named by AGENTPLATFORM_TEST_DB (what ./test.sh starts),
/// else a Testcontainers pgvector container when a Docker engine answers. Each caller gets a database of its own.
/// </summary>
public static class TestDatabase
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _server;

    public static async Task<string> CreateAsync(string purpose)
    {
        var server = new NpgsqlConnectionStringBuilder(await ServerAsync());
        var name = $"ap_{purpose}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        server.Database = name;
        server.Pooling = true;
        server.MaxPoolSize = 40;
        return server.ConnectionString;
    }

    public static async Task DropAsync(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        NpgsqlConnection.ClearAllPools();
        var server = new NpgsqlConnectionStringBuilder(await ServerAsync());
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{target.Database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> ServerAsync()
    {
        if (_server is not null)
        {
            return _server;
        }

        await Gate.WaitAsync();
        try
        {
            if (_server is not null)
            {
                return _server;
            }

            var configured = Environment.GetEnvironmentVariable("AGENTPLATFORM_TEST_DB");
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return _server = configured;
            }

            if (File.Exists("/var/run/docker.sock") || Environment.GetEnvironmentVariable("DOCKER_HOST") is not null)
            {
                var container = new PostgreSqlBuilder("pgvector/pgvector:pg15").Build();
                await container.StartAsync();
                return _server = container.GetConnectionString();
            }

            throw new InvalidOperationException(
                "No test database: run ./test.sh (it starts a local PostgreSQL with pgvector and sets AGENTPLATFORM_TEST_DB), " +
                "or set AGENTPLATFORM_TEST_DB to a PostgreSQL 15+ server with the vector extension available.");
        }
        finally
        {
            Gate.Release();
        }
    }
}
