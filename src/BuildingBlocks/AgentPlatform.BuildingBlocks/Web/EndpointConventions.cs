using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AgentPlatform.BuildingBlocks.Web;

public static class EndpointConventions
{
    /// <summary>Declares the problem responses an endpoint can give, so the OpenAPI document lists them.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            if (status == StatusCodes.Status400BadRequest)
            {
                builder.Produces<HttpValidationProblemDetails>(status, "application/problem+json");
            }
            else
            {
                builder.Produces<ProblemDetails>(status, "application/problem+json");
            }
        }

        return builder;
    }
}
