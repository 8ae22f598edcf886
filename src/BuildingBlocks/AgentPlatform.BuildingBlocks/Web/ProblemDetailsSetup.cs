using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.BuildingBlocks.Web;

public static class ProblemDetailsSetup
{
    /// <summary>Problem details everywhere: exceptions, empty 4xx answers, and a trace id on each.</summary>
    public static IServiceCollection AddPlatformProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Type ??= $"https://httpstatuses.io/{problem.Status}";
            problem.Title ??= ProblemExceptionHandler.TitleOf(problem.Status ?? 500);
            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            problem.Extensions.Remove("exception");
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }
}
