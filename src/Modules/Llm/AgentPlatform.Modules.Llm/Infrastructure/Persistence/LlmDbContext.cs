using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Llm.Domain.Gateway;
using AgentPlatform.Modules.Llm.Domain.Models;
using AgentPlatform.Modules.Llm.Domain.Profiles;
using AgentPlatform.Modules.Llm.Domain.Providers;

namespace AgentPlatform.Modules.Llm.Infrastructure.Persistence;

internal sealed class LlmDbContext(
    DbContextOptions<LlmDbContext> options, Features.Gateway.GatewayPlanCache? plans = null, Features.Gateway.CredentialPool? credentials = null)
    : ModuleDbContext(options)
{
    internal const string SchemaName = "llm";

    public override string Schema => SchemaName;

    public DbSet<Provider> Providers => Set<Provider>();

    public DbSet<ProviderEndpoint> Endpoints => Set<ProviderEndpoint>();

    public DbSet<Credential> Credentials => Set<Credential>();

    public DbSet<Model> Models => Set<Model>();

    public DbSet<FallbackChain> FallbackChains => Set<FallbackChain>();

    public DbSet<Profile> Profiles => Set<Profile>();

    public DbSet<GatewayRequest> GatewayRequests => Set<GatewayRequest>();

    /// <summary>
    /// A change to the catalog (providers, endpoints, models, profiles, chains) clears this Host's plan cache; a
    /// change to a credential, this Host's view of the providers' keys.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var catalogChanged = plans is not null && ChangeTracker.Entries().Any(e =>
            e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
            && e.Entity is Provider or ProviderEndpoint or Domain.Models.Model or Profile or FallbackChain);
        var credentialsChanged = credentials is not null && ChangeTracker.Entries<Credential>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (catalogChanged)
        {
            plans!.Clear();
        }

        if (credentialsChanged)
        {
            credentials!.Forget();
        }

        return saved;
    }
}
