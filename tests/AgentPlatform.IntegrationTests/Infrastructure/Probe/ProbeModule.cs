using System.Collections.Concurrent;
using AgentPlatform.BuildingBlocks.Messaging;
using AgentPlatform.BuildingBlocks.Modules;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AgentPlatform.IntegrationTests.Infrastructure.Probe;

/// <summary>
/// A stand-in for "another module" that consumes the Users module's integration event through the real
/// outbox, dispatcher and inbox. It fails the first delivery of users whose name starts with "flaky".
/// </summary>
public static class ProbeModule
{
    public static readonly ConcurrentDictionary<Guid, int> Attempts = new();

    public static void Add(IServiceCollection services)
    {
        services.AddDbContext<ProbeDbContext>((sp, o) => o
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", ProbeDbContext.SchemaName))
            .UseSnakeCaseNamingConvention());
        services.AddIntegrationEventHandler<UserRegisteredIntegrationEvent, ProbeUserRegisteredHandler>();
    }

    public static async Task CreateTablesAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
        await db.GetService<IRelationalDatabaseCreator>().CreateTablesAsync();
    }
}

public sealed class ProbeDbContext(DbContextOptions<ProbeDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "probe";

    public override string Schema => SchemaName;

    public DbSet<ProbeRecord> Records => Set<ProbeRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<ProbeRecord>(b =>
        {
            b.ToTable("records");
            b.HasKey(x => x.Id);
        });
    }
}

public sealed class ProbeRecord
{
    public Guid Id { get; set; }

    public Guid EventId { get; set; }

    public Guid UserId { get; set; }
}

public sealed class ProbeUserRegisteredHandler(ProbeDbContext db, TimeProvider clock)
    : IntegrationEventHandler<UserRegisteredIntegrationEvent, ProbeDbContext>(db, clock)
{
    protected override Task Handle(UserRegisteredIntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        var attempt = ProbeModule.Attempts.AddOrUpdate(integrationEvent.EventId, 1, (_, n) => n + 1);
        if (attempt == 1 && integrationEvent.Username.StartsWith("flaky", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The probe fails the first delivery on purpose.");
        }

        Db.Records.Add(new ProbeRecord { Id = Guid.CreateVersion7(), EventId = integrationEvent.EventId, UserId = integrationEvent.UserId });
        return Task.CompletedTask;
    }
}
