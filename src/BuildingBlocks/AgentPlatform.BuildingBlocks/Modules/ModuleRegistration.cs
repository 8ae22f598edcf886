using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Messaging;
using AgentPlatform.BuildingBlocks.Persistence;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AgentPlatform.BuildingBlocks.Modules;

/// <summary>A module's database, as the start-up migrator and the outbox job see it.</summary>
public sealed record ModuleDatabase(string Schema, Type DbContextType);

public static class ModuleRegistration
{
    /// <summary>
    /// Registers a module's DbContext on the platform's shared data source: own schema and migrations
    /// history table, snake_case names, auditing and domain-event interceptors; plus its outbox dispatcher.
    /// Contexts are pooled (options and EF's internal services are built once, not per request); a scope gets one
    /// from the pool, joined to that scope (<see cref="ModuleDbContext.JoinScope"/>), and gives it back when it ends.
    /// </summary>
    public static IServiceCollection AddModuleDbContext<TDbContext>(this IServiceCollection services, string schema)
        where TDbContext : ModuleDbContext
    {
        services.AddPooledDbContextFactory<TDbContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql
                .MigrationsHistoryTable("__ef_migrations_history", schema)
                .UseVector())
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(new AuditingInterceptor(sp.GetRequiredService<TimeProvider>()), DomainEventsInterceptor.Instance));
        services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<TDbContext>>().CreateDbContext();
            db.JoinScope(sp);
            return db;
        });
        services.AddSingleton(new ModuleDatabase(schema, typeof(TDbContext)));
        services.AddScoped<IOutboxDispatcher, OutboxDispatcher<TDbContext>>();
        return services;
    }

    /// <summary>
    /// Registers a module's validators (internal ones included) as singletons: they are stateless rule sets,
    /// costly to build and safe to share. Checks that need the database belong in the handler, not here.
    /// </summary>
    public static IServiceCollection AddModuleValidators(this IServiceCollection services, System.Reflection.Assembly assembly) =>
        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, includeInternalTypes: true);

    /// <summary>Subscribes a consumer to an integration event published by any module.</summary>
    public static IServiceCollection AddIntegrationEventHandler<TEvent, THandler>(this IServiceCollection services)
        where TEvent : IIntegrationEvent
        where THandler : class, IIntegrationEventHandler
    {
        services.AddScoped<THandler>();
        services.AddSingleton(new IntegrationEventSubscription(typeof(TEvent), typeof(THandler)));
        return services;
    }
}
