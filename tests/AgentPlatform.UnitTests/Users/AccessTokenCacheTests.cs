using System.Security.Claims;
using AgentPlatform.Modules.Users.Infrastructure.Auth;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentPlatform.UnitTests.Users;

public sealed class AccessTokenCacheTests
{
    private static readonly SymmetricSecurityKey Key = new(new byte[32] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 });

    [Fact]
    public async Task A_valid_token_is_checked_once_and_refused_from_its_expiry_on()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = new CachingJsonWebTokenHandler(clock);
        var parameters = Parameters(clock);
        var token = Token(clock.GetUtcNow(), TimeSpan.FromMinutes(15));

        var first = await handler.ValidateTokenAsync(token, parameters);
        first.IsValid.ShouldBeTrue();
        (await handler.ValidateTokenAsync(token, parameters)).ShouldBeSameAs(first, "the second request reuses the verdict");

        clock.Advance(TimeSpan.FromMinutes(15));
        var expired = await handler.ValidateTokenAsync(token, parameters);
        expired.IsValid.ShouldBeFalse("a cached verdict is never served past the token's expiry");
        expired.Exception.ShouldBeOfType<SecurityTokenInvalidLifetimeException>();
    }

    [Fact]
    public async Task A_tampered_or_foreign_token_is_refused_every_time()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = new CachingJsonWebTokenHandler(clock);
        var parameters = Parameters(clock);
        var token = Token(clock.GetUtcNow(), TimeSpan.FromMinutes(15));
        (await handler.ValidateTokenAsync(token, parameters)).IsValid.ShouldBeTrue();

        var parts = token.Split('.');
        var otherPayload = Token(clock.GetUtcNow(), TimeSpan.FromMinutes(15), subject: "someone-else").Split('.')[1];
        var tampered = $"{parts[0]}.{otherPayload}.{parts[2]}";
        (await handler.ValidateTokenAsync(tampered, parameters)).IsValid.ShouldBeFalse();
        (await handler.ValidateTokenAsync(tampered, parameters)).IsValid.ShouldBeFalse("refusals are not cached as anything else");

        var foreign = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "issuer",
            Audience = "audience",
            Subject = new ClaimsIdentity([new Claim("sub", "x")]),
            Expires = clock.GetUtcNow().UtcDateTime.AddMinutes(15),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256),
        });
        (await handler.ValidateTokenAsync(foreign, parameters)).IsValid.ShouldBeFalse();
    }

    private static TokenValidationParameters Parameters(TimeProvider clock) => new()
    {
        ValidIssuer = "issuer",
        ValidAudience = "audience",
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.Zero,
        LifetimeValidator = (notBefore, expires, _, _) => expires > clock.GetUtcNow().UtcDateTime && (notBefore is null || notBefore <= clock.GetUtcNow().UtcDateTime),
    };

    private static string Token(DateTimeOffset now, TimeSpan lifetime, string subject = "user") => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "issuer",
        Audience = "audience",
        Subject = new ClaimsIdentity([new Claim("sub", subject)]),
        IssuedAt = now.UtcDateTime,
        NotBefore = now.UtcDateTime,
        Expires = now.Add(lifetime).UtcDateTime,
        SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
    });
}
