using System.Security.Claims;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Domain;
using Microsoft.AspNetCore.Http;

namespace AgentPlatform.BuildingBlocks.Web;

/// <summary>Claim names of the platform principal, whichever way the caller authenticated.</summary>
public static class PlatformClaims
{
    public const string UserId = "sub";
    public const string Role = "role";
    public const string Method = "amr";
    public const string SessionId = "sid";
    public const string Scope = "scope";

    public static ClaimsPrincipal CreatePrincipal(Guid userId, string role, AuthenticationMethod method, Guid? sessionId, IEnumerable<string> scopes)
    {
        var claims = new List<Claim>
        {
            new(UserId, userId.ToString()),
            new(Role, role),
            new(Method, method == AuthenticationMethod.ApiKey ? "api_key" : "jwt"),
        };
        if (sessionId is { } sid)
        {
            claims.Add(new Claim(SessionId, sid.ToString()));
        }

        claims.AddRange(scopes.Select(s => new Claim(Scope, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, method.ToString(), UserId, Role));
    }
}

/// <summary><see cref="ICurrentUser"/> read from the authenticated principal of the current request.</summary>
public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true;

    public Guid Id => IsAuthenticated && Guid.TryParse(Principal!.FindFirstValue(PlatformClaims.UserId), out var id)
        ? id
        : throw DomainException.Unauthorized("unauthenticated", "Authentication is required.");

    public string Role => Principal?.FindFirstValue(PlatformClaims.Role) ?? Roles.User;

    public bool IsAdmin => IsAuthenticated && string.Equals(Role, Roles.Admin, StringComparison.Ordinal);

    public AuthenticationMethod Method => !IsAuthenticated
        ? AuthenticationMethod.None
        : Principal!.FindFirstValue(PlatformClaims.Method) == "api_key" ? AuthenticationMethod.ApiKey : AuthenticationMethod.Jwt;

    public Guid? SessionId => Guid.TryParse(Principal?.FindFirstValue(PlatformClaims.SessionId), out var sid) ? sid : null;

    public IReadOnlyList<string> Scopes => Principal?.FindAll(PlatformClaims.Scope).Select(c => c.Value).ToArray() ?? [];

    public string? IpAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();
}
