using System.Text.RegularExpressions;

namespace AgentPlatform.Modules.Agents.Domain.Traces;

/// <summary>
/// Removes key-like strings from trace text before it is stored (seed 001 §5: LLM traces may hold secrets).
/// Errs on the side of redacting: a trace that loses a token-looking word is better than a leaked key.
/// </summary>
internal static partial class SecretRedactor
{
    public const string Mask = "[REDACTED]";

    public static string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        try
        {
            var result = Jwt().Replace(text, Mask);
            result = Bearer().Replace(result, "${keep}" + Mask);
            result = KnownKey().Replace(result, Mask);
            result = NamedSecret().Replace(result, "${keep}" + Mask);
            return UrlCredentials().Replace(result, "${keep}" + Mask + "@");
        }
        catch (RegexMatchTimeoutException)
        {
            // Text too hostile to scan in time is not stored at all rather than stored unscanned.
            return Mask;
        }
    }

    // Three base64url parts, the first a JSON header ("eyJ" is '{"' encoded).
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 200)]
    private static partial Regex Jwt();

    [GeneratedRegex(@"(?<keep>\b(?:Bearer|Basic|Token)\s+)[A-Za-z0-9\-._~+/]{8,}=*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 200)]
    private static partial Regex Bearer();

    // OpenAI/Anthropic/DeepSeek (sk-, sk-proj-, sk-ant-), this platform's API keys (apk_), AWS access key ids,
    // Google API keys, GitHub and Slack tokens.
    [GeneratedRegex(
        @"\b(?:sk-[A-Za-z0-9_\-]{16,}|apk_[A-Za-z0-9_\-]{8,}|(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}|AIza[0-9A-Za-z_\-]{35}|gh[pousr]_[A-Za-z0-9]{30,}|xox[abposr]-[A-Za-z0-9\-]{10,})",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
        200)]
    private static partial Regex KnownKey();

    // api_key=..., "apiKey": "...", password: ..., aws_secret_access_key = ..., client_secret, access_token...
    [GeneratedRegex(
        @"(?<keep>(?:[A-Za-z0-9]+[_\-]?)?(?:api[_\-]?key|apikey|secret(?:[_\-]?access)?[_\-]?key|secret|password|passwd|pwd|access[_\-]?token|refresh[_\-]?token|auth[_\-]?token|token|private[_\-]?key|credential)[""']?\s*[:=]\s*[""']?)[^\s""'&,;}\]]{3,}",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
        200)]
    private static partial Regex NamedSecret();

    [GeneratedRegex(@"(?<keep>\b[a-z][a-z0-9+.\-]*://[^\s:/@]+:)[^\s@/]+@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 200)]
    private static partial Regex UrlCredentials();
}
