using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Modules.Users.Domain.ApiKeys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace AgentPlatform.Modules.Users.Infrastructure.Auth;

/// <summary>An API key may read with the <c>read</c> scope and change things only with <c>write</c>.</summary>
internal sealed class ApiKeyScopeRequirement : IAuthorizationRequirement;

internal sealed class ApiKeyScopeHandler(IHttpContextAccessor accessor) : AuthorizationHandler<ApiKeyScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiKeyScopeRequirement requirement)
    {
        if (context.User.FindFirst(PlatformClaims.Method)?.Value != "api_key")
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        var method = accessor.HttpContext?.Request.Method ?? HttpMethods.Get;
        var needed = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) ? ApiKey.ReadScope : ApiKey.WriteScope;
        if (context.User.HasClaim(PlatformClaims.Scope, needed))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, $"The API key lacks the '{needed}' scope."));
        }

        return Task.CompletedTask;
    }
}
