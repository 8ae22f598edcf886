using AgentPlatform.Modules.Agents.Domain.Agents;

namespace AgentPlatform.UnitTests.Agents;

public sealed class SemanticVersionTests
{
    [Theory]
    [InlineData("1.10.0", "1.9.0")]
    [InlineData("2.0.0", "1.99.99")]
    [InlineData("1.0.10", "1.0.9")]
    [InlineData("0.1.0", "0.0.100")]
    public void Compares_number_by_number_not_as_text(string greater, string lesser)
    {
        SemanticVersion.Parse(greater).ShouldBeGreaterThan(SemanticVersion.Parse(lesser));
        (SemanticVersion.Parse(lesser) < SemanticVersion.Parse(greater)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.0.0.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-beta")]
    [InlineData("v1.0.0")]
    [InlineData(" 1.0.0")]
    [InlineData("1.0.99999999999")]
    [InlineData("")]
    public void Refuses_what_is_not_MAJOR_MINOR_PATCH(string text) => SemanticVersion.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void Prints_back_as_parsed() => SemanticVersion.Parse("10.20.30").ToString().ShouldBe("10.20.30");
}
