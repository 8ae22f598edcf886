using System.Security.Cryptography;
using System.Text;
using AgentPlatform.BuildingBlocks.Web;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentPlatform.Modules.Users.Infrastructure.Auth;

internal sealed record IssuedTokens(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType = "Bearer");

/// <summary>Signs access tokens and mints opaque refresh tokens and API keys (kept only as hashes).</summary>
internal sealed class TokenService(IOptions<JwtOptions> options, TimeProvider clock)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public JwtOptions Options => options.Value;

    public IssuedTokens Issue(Guid userId, string role, Guid sessionId, string refreshToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + settings.AccessTokenLifetime).UtcDateTime,
            Claims = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                [PlatformClaims.UserId] = userId.ToString(),
                [PlatformClaims.SessionId] = sessionId.ToString(),
                [PlatformClaims.Role] = role,
                ["jti"] = Guid.CreateVersion7().ToString(),
            },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(settings.SigningKeyBytes()), SecurityAlgorithms.HmacSha256),
        };
        return new IssuedTokens(Handler.CreateToken(descriptor), refreshToken, (int)settings.AccessTokenLifetime.TotalSeconds);
    }

    /// <summary>256 random bits, URL-safe.</summary>
    public static string NewRefreshToken() => "rt_" + RandomString(43);

    /// <summary>SHA-256, hex: enough for high-entropy secrets (refresh tokens, API keys), which cannot be guessed.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool HashEquals(string secret, string expectedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(expectedHash));

    public static string RandomString(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return RandomNumberGenerator.GetString(alphabet, length);
    }
}
