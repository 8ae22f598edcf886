using System.Text.Encodings.Web;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Modules.Users.Infrastructure.Auth;

/// <summary>Authenticates <c>X-Api-Key: apk_...</c> or <c>Authorization: Bearer apk_...</c>.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AuthStateReader state,
    AuthStateCache cache,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string HeaderName = "X-Api-Key";
    public const string KeyPrefix = "apk_";

    public static string? ReadKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrEmpty(header))
        {
            return header.ToString();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer " + KeyPrefix, StringComparison.Ordinal) ? authorization["Bearer ".Length..].Trim() : null;
    }

    /// <summary>The public prefix of a key (<c>apk_</c> + 12 characters) or null when malformed.</summary>
    public static string? PrefixOf(string key)
    {
        var parts = key.Split('_');
        return parts.Length == 3 && parts[0] == "apk" && parts[1].Length == 12 && parts[2].Length >= 32 ? $"apk_{parts[1]}" : null;
    }

    /// <summary>The key hashes to the stored hash; a key already checked against this cached state is not hashed again.</summary>
    private bool Matches(ApiKeyState found, string key)
    {
        if (cache.IsVerifiedKey(found, key))
        {
            return true;
        }

        if (!TokenService.HashEquals(key, found.KeyHash))
        {
            return false;
        }

        cache.KeyVerified(found, key);
        return true;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ReadKey(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        var prefix = PrefixOf(key);
        var found = prefix is null ? null : await state.GetApiKeyAsync(prefix, Context.RequestAborted);
        if (found is null || !Matches(found, key))
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        if (found.ExpiresAt is { } expiry && expiry <= clock.GetUtcNow())
        {
            return AuthenticateResult.Fail("The API key has expired.");
        }

        if (found.LastUsedAt is null || found.LastUsedAt < clock.GetUtcNow().AddMinutes(-1))
        {
            await state.TouchApiKeyAsync(found.KeyId, prefix!, Context.RequestAborted);
        }

        var principal = PlatformClaims.CreatePrincipal(found.UserId, found.Role, AuthenticationMethod.ApiKey, null, found.Scopes);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }
}
