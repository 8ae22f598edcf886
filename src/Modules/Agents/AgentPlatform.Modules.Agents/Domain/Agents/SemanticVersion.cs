using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace AgentPlatform.Modules.Agents.Domain.Agents;

/// <summary>
/// MAJOR.MINOR.PATCH (semver.org without pre-release or build parts, which a published snapshot does not need),
/// compared number by number: 1.10.0 is greater than 1.9.0.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly partial record struct SemanticVersion(int Major, int Minor, int Patch) : IComparable<SemanticVersion>
{
    public const int MaxLength = 20;

    public static bool TryParse(string? text, out SemanticVersion version)
    {
        version = default;
        if (text is null || text.Length > MaxLength)
        {
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success
            || !int.TryParse(match.Groups["major"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(match.Groups["minor"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || !int.TryParse(match.Groups["patch"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
        {
            return false;
        }

        version = new SemanticVersion(major, minor, patch);
        return true;
    }

    public static SemanticVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw DomainException.Invalid("versionNumber", "A version number is MAJOR.MINOR.PATCH, for example 1.2.0.");

    public int CompareTo(SemanticVersion other)
    {
        var major = Major.CompareTo(other.Major);
        if (major != 0)
        {
            return major;
        }

        var minor = Minor.CompareTo(other.Minor);
        return minor != 0 ? minor : Patch.CompareTo(other.Patch);
    }

    public static bool operator <(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");

    // No leading zeros (semver.org rule 2), so "1.01.0" and "1.1.0" cannot both exist.
    [GeneratedRegex(@"^(?<major>0|[1-9][0-9]{0,8})\.(?<minor>0|[1-9][0-9]{0,8})\.(?<patch>0|[1-9][0-9]{0,8})$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 100)]
    private static partial Regex Pattern();
}
