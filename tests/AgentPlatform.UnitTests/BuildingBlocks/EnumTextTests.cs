using AgentPlatform.BuildingBlocks.Persistence;

namespace AgentPlatform.UnitTests.BuildingBlocks;

public sealed class EnumTextTests
{
    private enum RunState
    {
        Pending,
        TimedOut,
        WaitingForHumanInput,
    }

    [Fact]
    public void Of_writes_snake_case_lower()
    {
        EnumText.Of(RunState.Pending).ShouldBe("pending");
        EnumText.Of(RunState.TimedOut).ShouldBe("timed_out");
        EnumText.Of(RunState.WaitingForHumanInput).ShouldBe("waiting_for_human_input");
    }

    [Fact]
    public void Parse_reads_what_Of_writes_for_every_value()
    {
        foreach (var value in Enum.GetValues<RunState>())
        {
            EnumText.Parse<RunState>(EnumText.Of(value)).ShouldBe(value);
        }
    }

    [Fact]
    public void Parse_rejects_an_unknown_value() =>
        Should.Throw<ArgumentException>(() => EnumText.Parse<RunState>("cancelled"));

    [Fact]
    public void CheckSql_admits_exactly_the_values_of_the_enum() =>
        EnumText.CheckSql<RunState>("state").ShouldBe("state IN ('pending', 'timed_out', 'waiting_for_human_input')");
}
