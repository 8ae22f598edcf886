using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Llm.Domain.Gateway;
using AgentPlatform.Modules.Llm.Domain.Models;
using AgentPlatform.Modules.Llm.Domain.Profiles;
using AgentPlatform.Modules.Llm.Domain.Providers;

namespace AgentPlatform.Modules.Llm.Infrastructure.Persistence;

internal sealed class LlmDbContext(DbContextOptions<LlmDbContext> options) : ModuleDbContext(options)
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
}
