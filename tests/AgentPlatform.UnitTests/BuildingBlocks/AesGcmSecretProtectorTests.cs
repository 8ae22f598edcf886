using System.Security.Cryptography;
using System.Text;
using AgentPlatform.BuildingBlocks.Security;
using Microsoft.Extensions.Options;

namespace AgentPlatform.UnitTests.BuildingBlocks;

public sealed class AesGcmSecretProtectorTests
{
    private const string Purpose = "llm.provider_credentials";

    private static readonly string KeyA = NewKey();
    private static readonly string KeyB = NewKey();

    [Theory]
    [InlineData("sk-live-0123456789abcdef")]
    [InlineData("pässwörd ✓ 密钥 🔑 ключ")]
    [InlineData("")]
    public void Unprotect_returns_what_Protect_was_given(string plaintext)
    {
        var protector = Protector(("a", KeyA));

        protector.Unprotect(protector.Protect(plaintext, Purpose), Purpose).ShouldBe(plaintext);
    }

    [Fact]
    public void Two_encryptions_of_the_same_text_differ()
    {
        var protector = Protector(("a", KeyA));

        protector.Protect("same text", Purpose).ShouldNotBe(protector.Protect("same text", Purpose));
    }

    [Fact]
    public void Ciphertext_does_not_contain_the_plaintext_in_clear_or_in_base64()
    {
        const string plaintext = "sk-ant-api03-very-secret-provider-key";
        var protector = Protector(("a", KeyA));

        var ciphertext = protector.Protect(plaintext, Purpose);

        ciphertext.ShouldStartWith("v1.a.");
        ciphertext.ShouldNotContain(plaintext);
        // The 12-byte nonce keeps base64 aligned, so a ciphertext that merely copied the bytes would show this.
        ciphertext.ShouldNotContain(Base64Url(Encoding.UTF8.GetBytes(plaintext))[..20]);
    }

    [Fact]
    public void A_value_encrypted_for_one_purpose_cannot_be_decrypted_as_another()
    {
        var protector = Protector(("a", KeyA));
        var ciphertext = protector.Protect("secret", "tools.credentials");

        Should.Throw<CryptographicException>(() => protector.Unprotect(ciphertext, "llm.provider_credentials"));
    }

    [Fact]
    public void A_tampered_ciphertext_is_rejected()
    {
        var protector = Protector(("a", KeyA));
        var ciphertext = protector.Protect("secret value", Purpose);
        var middle = ciphertext.LastIndexOf('.') + ((ciphertext.Length - ciphertext.LastIndexOf('.')) / 2);
        var tampered = string.Concat(ciphertext.AsSpan(0, middle), ciphertext[middle] == 'A' ? "B" : "A", ciphertext.AsSpan(middle + 1));

        tampered.ShouldNotBe(ciphertext);
        Should.Throw<CryptographicException>(() => protector.Unprotect(tampered, Purpose));
    }

    [Theory]
    [InlineData("not encrypted at all")]
    [InlineData("v2.a.AAAA")]
    [InlineData("v1.a.AAAA")]
    [InlineData("v1.unknown-key.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Malformed_truncated_or_foreign_values_are_rejected(string value)
    {
        var protector = Protector(("a", KeyA));

        Should.Throw<CryptographicException>(() => protector.Unprotect(value, Purpose));
    }

    [Fact]
    public void A_value_moved_to_another_key_id_is_rejected()
    {
        // Both keys are configured, but the key id is authenticated with the ciphertext.
        var protector = Protector(("a", KeyA), ("b", KeyA));
        var ciphertext = protector.Protect("secret", Purpose);

        Should.Throw<CryptographicException>(() => protector.Unprotect(ciphertext.Replace("v1.b.", "v1.a.", StringComparison.Ordinal), Purpose));
    }

    [Fact]
    public void Key_rotation_keeps_old_values_readable_and_reencrypts_them_under_the_new_key()
    {
        var underA = Protector(("a", KeyA)).Protect("rotate me", Purpose);
        var rotated = Protector(("a", KeyA), ("b", KeyB));

        rotated.Unprotect(underA, Purpose).ShouldBe("rotate me");
        rotated.NeedsReencryption(underA).ShouldBeTrue();

        var underB = rotated.Reencrypt(underA, Purpose);

        underB.ShouldStartWith("v1.b.");
        rotated.NeedsReencryption(underB).ShouldBeFalse();
        rotated.Unprotect(underB, Purpose).ShouldBe("rotate me");
        rotated.Reencrypt(underB, Purpose).ShouldBe(underB);

        var onlyB = Protector(("b", KeyB));
        onlyB.Unprotect(underB, Purpose).ShouldBe("rotate me");
        Should.Throw<CryptographicException>(() => onlyB.Unprotect(underA, Purpose));
    }

    [Fact]
    public void ActiveKeyId_selects_a_key_other_than_the_last()
    {
        var protector = Protector("a", ("a", KeyA), ("b", KeyB));

        var ciphertext = protector.Protect("secret", Purpose);

        ciphertext.ShouldStartWith("v1.a.");
        protector.NeedsReencryption(ciphertext).ShouldBeFalse();
        Protector(("a", KeyA)).Unprotect(ciphertext, Purpose).ShouldBe("secret");
    }

    [Theory]
    [InlineData("no keys")]
    [InlineData("key of 16 bytes")]
    [InlineData("key of 33 bytes")]
    [InlineData("key not base64")]
    [InlineData("unknown active key")]
    [InlineData("id with a dot")]
    [InlineData("empty id")]
    public void Bad_configuration_fails_at_construction(string problem)
    {
        var options = problem switch
        {
            "no keys" => Options(null),
            "key of 16 bytes" => Options(null, ("a", Convert.ToBase64String(new byte[16]))),
            "key of 33 bytes" => Options(null, ("a", Convert.ToBase64String(new byte[33]))),
            "key not base64" => Options(null, ("a", "this is not base64!")),
            "unknown active key" => Options("c", ("a", KeyA), ("b", KeyB)),
            "id with a dot" => Options(null, ("2026.01", KeyA)),
            "empty id" => Options(null, ("", KeyA)),
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };

        Should.Throw<InvalidOperationException>(() => new AesGcmSecretProtector(options));
    }

    private static AesGcmSecretProtector Protector(params (string Id, string Key)[] keys) => new(Options(null, keys));

    private static AesGcmSecretProtector Protector(string activeKeyId, params (string Id, string Key)[] keys) => new(Options(activeKeyId, keys));

    private static IOptions<SecurityOptions> Options(string? activeKeyId, params (string Id, string Key)[] keys) =>
        Microsoft.Extensions.Options.Options.Create(new SecurityOptions
        {
            EncryptionKeys = [.. keys.Select(k => new EncryptionKeyOptions { Id = k.Id, Key = k.Key })],
            ActiveKeyId = activeKeyId,
        });

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
