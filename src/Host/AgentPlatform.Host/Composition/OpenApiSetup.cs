using AgentPlatform.BuildingBlocks.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace AgentPlatform.Host.Composition;

internal static class OpenApiSetup
{
    public static void AddPlatformOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "AgentPlatform API",
                    Version = "v1",
                    Description = "Build, run and bill AI agents. Authenticate with a JWT access token (POST /api/v1/auth/login) or an API key.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An access token from /api/v1/auth/login, or an API key (apk_...).",
                };
                document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "X-Api-Key",
                    Description = "An API key created at /api/v1/users/me/api-keys.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var anonymous = metadata.OfType<IAllowAnonymous>().Any();
                if (!anonymous && metadata.OfType<IAuthorizeData>().Any())
                {
                    operation.Security =
                    [
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", context.Document)] = [] },
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", context.Document)] = [] },
                    ];
                    var responses = operation.Responses ??= [];
                    responses.TryAdd("401", new OpenApiResponse { Description = "Not authenticated (problem details)." });
                    if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy == AuthorizationPolicies.Admin))
                    {
                        responses.TryAdd("403", new OpenApiResponse { Description = "Not an administrator (problem details)." });
                    }
                }

                return Task.CompletedTask;
            });
        });
}
