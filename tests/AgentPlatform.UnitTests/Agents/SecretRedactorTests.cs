using AgentPlatform.Modules.Agents.Domain.Traces;

namespace AgentPlatform.UnitTests.Agents;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("use sk-proj-abcdefghijklmnopqrstuvwx1234 now", "sk-proj-abcdefghijklmnopqrstuvwx1234")]
    [InlineData("key sk-ant-api03-abcdefghijklmnop_qrstu", "sk-ant-api03-abcdefghijklmnop_qrstu")]
    [InlineData("X-Api-Key: apk_0123456789abcdef", "apk_0123456789abcdef")]
    [InlineData("Authorization: Bearer abc.def-ghi_jkl12345", "abc.def-ghi_jkl12345")]
    [InlineData("https://x.test/?api_key=s3cr3tvalue&q=1", "s3cr3tvalue")]
    [InlineData("{\"apiKey\": \"k-123456789\"}", "k-123456789")]
    [InlineData("aws AKIAIOSFODNN7EXAMPLE id", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "eyJzdWIiOiIxMjM0NTY3ODkwIn0")]
    [InlineData("postgres://app:hunter2pass@db:5432/x", "hunter2pass")]
    [InlineData("password=\"p@ss w0rd\"", "p@ss")]
    public void Removes_key_like_strings(string text, string secret)
    {
        var redacted = SecretRedactor.Redact(text)!;
        redacted.ShouldNotContain(secret);
        redacted.ShouldContain(SecretRedactor.Mask);
    }

    [Theory]
    [InlineData("北京今天的天气怎么样？")]
    [InlineData("{\"max_tokens\": 2000, \"temperature\": 0.7}")]
    [InlineData("The task-runner finished in 35 ms.")]
    public void Leaves_ordinary_text_alone(string text) => SecretRedactor.Redact(text).ShouldBe(text);

    [Fact]
    public void Keeps_the_name_of_a_redacted_setting() =>
        SecretRedactor.Redact("api_key=abcdef123456").ShouldBe("api_key=" + SecretRedactor.Mask);
}
