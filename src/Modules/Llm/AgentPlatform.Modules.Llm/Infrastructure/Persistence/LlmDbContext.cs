using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Llm.Domain.Gateway;
using AgentPlatform.Modules.Llm.Domain.Models;
using AgentPlatform.Modules.Llm.Domain.Profiles;
using AgentPlatform.Modules.Llm.Domain.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Modules.Llm.Infrastructure.Persistence;

internal sealed class LlmDbContext(DbContextOptions<LlmDbContext> options) : ModuleDbContext(options)
{
    private Features.Gateway.GatewayPlanCache? _plans;
    private Features.Gateway.CredentialPool? _credentials;

    internal const string SchemaName = "llm";

    public override string Schema => SchemaName;

    public DbSet<Provider> Providers => Set<Provider>();

    public DbSet<ProviderEndpoint> Endpoints => Set<ProviderEndpoint>();

    public DbSet<Credential> Credentials => Set<Credential>();

    public DbSet<Model> Models => Set<Model>();

    public DbSet<FallbackChain> FallbackChains => Set<FallbackChain>();

    public DbSet<Profile> Profiles => Set<Profile>();

    public DbSet<GatewayRequest> GatewayRequests => Set<GatewayRequest>();

    protected override void OnJoinedScope(IServiceProvider services)
    {
        _plans = services.GetService<Features.Gateway.GatewayPlanCache>();
        _credentials = services.GetService<Features.Gateway.CredentialPool>();
    }

    /// <summary>
    /// A change to the catalog (providers, endpoints, models, profiles, chains) clears this Host's plan cache; a
    /// change to a credential, this Host's view of the providers' keys.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var catalogChanged = _plans is not null && ChangeTracker.Entries().Any(e =>
            e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
            && e.Entity is Provider or ProviderEndpoint or Domain.Models.Model or Profile or FallbackChain);
        var credentialsChanged = _credentials is not null && ChangeTracker.Entries<Credential>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (catalogChanged)
        {
            _plans!.Clear();
        }

        if (credentialsChanged)
        {
            _credentials!.Forget();
        }

        return saved;
    }
}
