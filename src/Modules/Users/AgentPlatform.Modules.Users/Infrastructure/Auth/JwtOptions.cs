namespace AgentPlatform.Modules.Users.Infrastructure.Auth;

internal sealed class JwtOptions
{
    public const string Section = "Jwt";

    public string Issuer { get; set; } = "agentplatform";

    public string Audience { get; set; } = "agentplatform";

    /// <summary>HMAC-SHA256 key, base64, at least 32 bytes. Every Host of one platform needs the same one.</summary>
    public string SigningKey { get; set; } = "";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    public byte[] SigningKeyBytes()
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(SigningKey);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException("Jwt:SigningKey must be base64.", ex);
        }

        return bytes.Length >= 32 ? bytes : throw new InvalidOperationException("Jwt:SigningKey must be at least 32 bytes.");
    }
}
