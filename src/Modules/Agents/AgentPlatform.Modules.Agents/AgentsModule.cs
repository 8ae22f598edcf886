using AgentPlatform.BuildingBlocks.Modules;
using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Modules.Agents.Features.Marketplace;
using AgentPlatform.Modules.Agents.Features.PurgeTraceDetails;
using AgentPlatform.Modules.Agents.Features.ReviewVersion;
using AgentPlatform.Modules.Agents.Features.Runs;
using AgentPlatform.Modules.Agents.Features.Shared;
using AgentPlatform.Modules.Agents.Features.Tasks;
using AgentPlatform.Modules.Agents.Features.Workspace;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace AgentPlatform.Modules.Agents;

/// <summary>
/// Agents: editable drafts with immutable, reviewed versions, the marketplace, user workspaces, task trees and
/// execution traces (with their retention).
/// </summary>
public static class AgentsModule
{
    public static IServiceCollection AddAgentsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<AgentsDbContext>(AgentsDbContext.SchemaName);
        services.AddModuleValidators(typeof(AgentsModule).Assembly);
        services.AddOptions<AgentsOptions>().Bind(configuration.GetSection(AgentsOptions.Section))
            .Validate(o => o.TraceRetentionDays >= 1, "Agents:TraceRetentionDays is at least 1.")
            .Validate(o => o.TraceRetentionBatchSize is >= 1 and <= 100_000, "Agents:TraceRetentionBatchSize is between 1 and 100000.")
            .ValidateOnStart();
        return services;
    }

    public static IEndpointRouteBuilder MapAgentsEndpoints(this IEndpointRouteBuilder app)
    {
        var agents = app.MapGroup("/api/v1/agents").RequireAuthorization();
        AgentEndpoints.Map(agents.MapGroup("").WithTags("Agents"));
        MarketplaceEndpoints.Map(agents);
        WorkspaceEndpoints.Map(agents.MapGroup("/workspace").WithTags("Agent workspace"));
        TaskEndpoints.Map(agents.MapGroup("/tasks").WithTags("Agent tasks"));
        RunEndpoints.Map(agents.MapGroup("/runs").WithTags("Agent runs"));

        var admin = app.MapGroup("/api/v1/admin/agent-versions").WithTags("Admin: agent versions").RequireAuthorization(AuthorizationPolicies.Admin);
        AdminVersionEndpoints.Map(admin);
        return app;
    }

    /// <summary>The module's scheduled jobs; each only sends a command.</summary>
    public static IQuartzBuilder AddAgentsJobs(this IQuartzBuilder quartz)
    {
        quartz.AddJob<PurgeExpiredTraceDetailsJob>(j => j.WithIdentity(PurgeExpiredTraceDetailsJob.Key).StoreDurably());
        quartz.AddTrigger(t => t
            .ForJob(PurgeExpiredTraceDetailsJob.Key)
            .WithIdentity(PurgeExpiredTraceDetailsJob.Key.Name, PurgeExpiredTraceDetailsJob.Key.Group)
            .WithCronSchedule(PurgeExpiredTraceDetailsJob.Schedule, c => c.InTimeZone(TimeZoneInfo.Utc)));
        return quartz;
    }
}
