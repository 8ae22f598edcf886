using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentPlatform.Modules.Users.Infrastructure.Auth;

/// <summary>
/// Validates an access token's signature, issuer, audience and lifetime once per Host, not once per request: a
/// token's verdict cannot change before it expires (it is signed, and its text is the key), so a valid result is kept
/// until the token's expiry and never served after it. Whether the session is still live and the user still active
/// is not part of this verdict: that is checked on every request (see <see cref="AuthStateReader"/>). Only valid
/// tokens are kept, at most <see cref="MaxEntries"/> (the cache starts over when full).
/// </summary>
internal sealed class CachingJsonWebTokenHandler(TimeProvider clock) : JsonWebTokenHandler
{
    public const int MaxEntries = 20_000;

    private readonly ConcurrentDictionary<string, TokenValidationResult> _valid = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_valid.TryGetValue(token, out var cached))
        {
            if (cached.SecurityToken.ValidTo > now)
            {
                return cached;
            }

            _valid.TryRemove(token, out _);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken.ValidTo > now)
        {
            if (_valid.Count >= MaxEntries)
            {
                _valid.Clear();
            }

            _valid[token] = result;
        }

        return result;
    }
}
