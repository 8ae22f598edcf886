using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AgentPlatform.BuildingBlocks.Security;

public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Keys by id; the newest (or <see cref="ActiveKeyId"/>) encrypts, every listed key decrypts.</summary>
    public List<EncryptionKeyOptions> EncryptionKeys { get; set; } = [];

    public string? ActiveKeyId { get; set; }
}

public sealed class EncryptionKeyOptions
{
    public string Id { get; set; } = "";

    /// <summary>32 random bytes, base64.</summary>
    public string Key { get; set; } = "";
}

/// <summary>Encrypts secrets at rest (provider API keys, tool credentials...).</summary>
public interface ISecretProtector
{
    /// <summary>Encrypts with the active key. <paramref name="purpose"/> is bound to the ciphertext: a value
    /// encrypted for one purpose cannot be decrypted as another (it cannot be moved between columns).</summary>
    string Protect(string plaintext, string purpose);

    string Unprotect(string ciphertext, string purpose);

    /// <summary>True when the value was encrypted with a key other than the active one.</summary>
    bool NeedsReencryption(string ciphertext);

    /// <summary>Decrypts with whatever key wrote it and encrypts again with the active key.</summary>
    string Reencrypt(string ciphertext, string purpose);
}

/// <summary>
/// AES-256-GCM with a 96-bit random nonce and a 128-bit tag. Text form:
/// <c>v1.{keyId}.{base64url(nonce | ciphertext | tag)}</c>, so rotation only needs the key id.
/// </summary>
public sealed class AesGcmSecretProtector : ISecretProtector
{
    private const string Version = "v1";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _activeKeyId;

    public AesGcmSecretProtector(IOptions<SecurityOptions> options)
    {
        var settings = options.Value;
        if (settings.EncryptionKeys.Count == 0)
        {
            throw new InvalidOperationException("No encryption key is configured (Security:EncryptionKeys).");
        }

        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in settings.EncryptionKeys)
        {
            if (string.IsNullOrWhiteSpace(key.Id) || key.Id.Contains('.', StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Every encryption key needs an id without dots.");
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(key.Key);
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException($"Encryption key '{key.Id}' is not base64.", ex);
            }

            if (bytes.Length != 32)
            {
                throw new InvalidOperationException($"Encryption key '{key.Id}' must be 32 bytes (AES-256), it is {bytes.Length}.");
            }

            _keys[key.Id] = bytes;
        }

        _activeKeyId = settings.ActiveKeyId ?? settings.EncryptionKeys[^1].Id;
        if (!_keys.ContainsKey(_activeKeyId))
        {
            throw new InvalidOperationException($"The active key '{_activeKeyId}' is not among the configured keys.");
        }
    }

    public string Protect(string plaintext, string purpose)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[_activeKeyId], TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length), AssociatedData(_activeKeyId, purpose));
        CryptographicOperations.ZeroMemory(plain);
        return $"{Version}.{_activeKeyId}.{Base64Url(output)}";
    }

    public string Unprotect(string ciphertext, string purpose)
    {
        var (keyId, data) = Parse(ciphertext);
        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new CryptographicException($"The secret was encrypted with key '{keyId}', which is not configured.");
        }

        if (data.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The encrypted secret is truncated.");
        }

        var plain = new byte[data.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, plain.Length), data.AsSpan(NonceSize + plain.Length), plain, AssociatedData(keyId, purpose));
        return Encoding.UTF8.GetString(plain);
    }

    public bool NeedsReencryption(string ciphertext) => !string.Equals(Parse(ciphertext).KeyId, _activeKeyId, StringComparison.Ordinal);

    public string Reencrypt(string ciphertext, string purpose) =>
        NeedsReencryption(ciphertext) ? Protect(Unprotect(ciphertext, purpose), purpose) : ciphertext;

    private static (string KeyId, byte[] Data) Parse(string ciphertext)
    {
        var parts = ciphertext.Split('.');
        if (parts.Length != 3 || parts[0] != Version)
        {
            throw new CryptographicException("The value is not an encrypted secret of a known format.");
        }

        return (parts[1], FromBase64Url(parts[2]));
    }

    private static byte[] AssociatedData(string keyId, string purpose)
    {
        var bytes = Encoding.UTF8.GetBytes($"{Version}|{keyId}|{purpose}");
        return bytes;
    }

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException ex)
        {
            throw new CryptographicException("The encrypted secret is not valid base64.", ex);
        }
    }
}

/// <summary>A module that stores secrets re-encrypts them with the active key when asked (key rotation).</summary>
public interface ISecretReencryptor
{
    string Name { get; }

    /// <summary>Re-encrypts every value not under the active key; returns how many changed.</summary>
    Task<int> ReencryptAllAsync(CancellationToken cancellationToken);
}
