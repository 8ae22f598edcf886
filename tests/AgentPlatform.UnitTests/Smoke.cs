namespace AgentPlatform.UnitTests;

public sealed class Smoke
{
    [Fact]
    public void Runs() => (1 + 1).ShouldBe(2);
}
