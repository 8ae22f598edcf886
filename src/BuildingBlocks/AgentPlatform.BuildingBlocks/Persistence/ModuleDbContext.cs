using System.Linq.Expressions;
using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Domain;
using AgentPlatform.BuildingBlocks.Messaging;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.BuildingBlocks.Persistence;

/// <summary>
/// Base of every module's DbContext: the module's own schema, its outbox and inbox tables, and the
/// soft-delete filter for every <see cref="ISoftDeletable"/> entity. Contexts are pooled, so what a context needs
/// from the request it serves (the mediator its domain events go to, caches to clear) it takes in
/// <see cref="JoinScope"/>, each time a DI scope gets it from the pool.
/// </summary>
public abstract class ModuleDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>The mediator of the scope this context serves; null when it was made outside one (then saving an
    /// aggregate with pending domain events fails).</summary>
    internal IPublisher? DomainEvents { get; private set; }

    /// <summary>Called when a DI scope takes this context from the pool.</summary>
    public void JoinScope(IServiceProvider services)
    {
        DomainEvents = services.GetService<IPublisher>();
        OnJoinedScope(services);
    }

    /// <summary>Takes the services a module's context needs from the scope it now serves.</summary>
    protected virtual void OnJoinedScope(IServiceProvider services)
    {
    }

    /// <summary>The PostgreSQL schema the module owns (its name in lower case).</summary>
    public abstract string Schema { get; }

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    /// <summary>Queues an integration event; it is written by the same SaveChanges as the change it announces.</summary>
    public void Publish(IIntegrationEvent integrationEvent) => OutboxMessages.Add(OutboxMessage.From(integrationEvent));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfiguration(new OutboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new InboxMessageConfiguration());
        modelBuilder.ApplyConfigurationsFromAssembly(GetType().Assembly);
        ApplySoftDeleteFilters(modelBuilder);
    }

    private static void ApplySoftDeleteFilters(ModelBuilder modelBuilder)
    {
        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            if (entityType.BaseType is null && typeof(ISoftDeletable).IsAssignableFrom(entityType.ClrType))
            {
                var parameter = Expression.Parameter(entityType.ClrType, "e");
                var deletedAt = Expression.Property(parameter, nameof(ISoftDeletable.DeletedAt));
                var filter = Expression.Lambda(Expression.Equal(deletedAt, Expression.Constant(null, typeof(DateTimeOffset?))), parameter);
                modelBuilder.Entity(entityType.ClrType).HasQueryFilter(filter);
            }
        }
    }
}
