using AgentPlatform.BuildingBlocks.Modules;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Llm.Features.Bootstrap;
using AgentPlatform.Modules.Llm.Features.Gateway;
using AgentPlatform.Modules.Llm.Features.Models;
using AgentPlatform.Modules.Llm.Features.OpenAICompatible;
using AgentPlatform.Modules.Llm.Features.Providers;
using AgentPlatform.Modules.Llm.Infrastructure.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Modules.Llm;

/// <summary>
/// Llm: providers, endpoints, encrypted credentials, models, parameter profiles and fallback chains; and the model
/// gateway every module calls (Contracts: CompleteChat, StreamChat, Embed), also served as an OpenAI-compatible API.
/// </summary>
public static class LlmModule
{
    public static IServiceCollection AddLlmModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<LlmDbContext>(LlmDbContext.SchemaName);
        services.AddModuleValidators(typeof(LlmModule).Assembly);
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.Section));

        services.AddSingleton<ProviderClients>();
        services.AddSingleton<CircuitBreakers>();
        services.AddSingleton<TokenCounter>();
        services.AddSingleton<GatewayPlanCache>();
        services.AddSingleton<CredentialPool>();
        services.AddHostedService<CredentialUseWriter>();
        services.AddSingleton<GatewayRecords>();
        services.AddScoped<GatewayPlanner>();
        services.AddScoped<ModelGateway>();
        services.AddScoped<AnswerFirst>();
        services.AddSingleton<BackgroundRecords>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundRecords>());
        services.AddScoped<IStartupSeeder, LocalProviderSeeder>();
        return services;
    }

    public static IEndpointRouteBuilder MapLlmEndpoints(this IEndpointRouteBuilder app)
    {
        var llm = app.MapGroup("/api/v1/llm").RequireAuthorization();
        ProviderRoutes.Map(llm.MapGroup("/providers").WithTags("LLM: providers"));
        ModelRoutes.Map(llm.MapGroup("/models").WithTags("LLM: models"));
        ModelRoutes.MapProfiles(llm.MapGroup("/profiles").WithTags("LLM: profiles"));
        ModelRoutes.MapFallbackChains(llm.MapGroup("/fallback-chains").WithTags("LLM: fallback chains"));

        OpenAIRoutes.Map(app.MapGroup("/v1").WithTags("OpenAI-compatible").RequireAuthorization());
        return app;
    }
}
