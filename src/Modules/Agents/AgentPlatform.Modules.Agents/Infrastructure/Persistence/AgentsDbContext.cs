using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Agents.Domain.Agents;
using AgentPlatform.Modules.Agents.Domain.Tasks;
using AgentPlatform.Modules.Agents.Domain.Traces;
using AgentPlatform.Modules.Agents.Domain.Workspace;

namespace AgentPlatform.Modules.Agents.Infrastructure.Persistence;

internal sealed class AgentsDbContext(DbContextOptions<AgentsDbContext> options) : ModuleDbContext(options)
{
    internal const string SchemaName = "agents";

    public override string Schema => SchemaName;

    public DbSet<Agent> Agents => Set<Agent>();

    public DbSet<AgentVersion> Versions => Set<AgentVersion>();

    public DbSet<WorkspaceEntry> Workspace => Set<WorkspaceEntry>();

    public DbSet<AgentTask> Tasks => Set<AgentTask>();

    public DbSet<ExecutionSummary> ExecutionSummaries => Set<ExecutionSummary>();

    public DbSet<ExecutionDetail> ExecutionDetails => Set<ExecutionDetail>();
}
