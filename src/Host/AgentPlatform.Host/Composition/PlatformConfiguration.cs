using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentPlatform.Host.Composition;

internal static class PlatformConfiguration
{
    public const string EnvironmentPrefix = "AGENTPLATFORM_";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Adds <c>AGENTPLATFORM_*</c> environment variables, and fills the keys nobody configured
    /// (encryption key ring, JWT signing key) from a local file generated on first run in the data
    /// directory. That file is git-ignored and never leaves the machine; a multi-Host deployment
    /// configures its keys instead, so that every Host shares them.
    /// </summary>
    public static void AddPlatformConfiguration(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);

        var dataDirectory = DataDirectory(builder.Configuration, builder.Environment);
        var missing = new Dictionary<string, string?>(StringComparer.Ordinal);
        var needsEncryptionKey = !builder.Configuration.GetSection("Security:EncryptionKeys").GetChildren().Any();
        var needsSigningKey = string.IsNullOrEmpty(builder.Configuration["Jwt:SigningKey"]);
        if (!needsEncryptionKey && !needsSigningKey)
        {
            return;
        }

        var secrets = LoadOrCreateLocalSecrets(Path.Combine(dataDirectory, "local-secrets.json"));
        if (needsEncryptionKey)
        {
            missing["Security:EncryptionKeys:0:Id"] = secrets["encryptionKeyId"]!.GetValue<string>();
            missing["Security:EncryptionKeys:0:Key"] = secrets["encryptionKey"]!.GetValue<string>();
        }

        if (needsSigningKey)
        {
            missing["Jwt:SigningKey"] = secrets["jwtSigningKey"]!.GetValue<string>();
        }

        builder.Configuration.AddInMemoryCollection(missing);
    }

    public static string DataDirectory(IConfiguration configuration, IHostEnvironment environment) =>
        Path.GetFullPath(configuration["Platform:DataDirectory"] ?? Path.Combine(environment.ContentRootPath, ".local", "data"));

    private static JsonObject LoadOrCreateLocalSecrets(string path)
    {
        if (File.Exists(path))
        {
            return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secrets = new JsonObject
        {
            ["encryptionKeyId"] = $"local-{TimeProvider.System.GetUtcNow():yyyyMMdd}",
            ["encryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["jwtSigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
        };

        // Create-new: when two Hosts start at once, the loser reads the winner's file.
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            JsonSerializer.Serialize(stream, secrets, Indented);
        }
        catch (IOException) when (File.Exists(path))
        {
            Thread.Sleep(200);
            return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        }

        return secrets;
    }
}
