using AgentPlatform.Modules.Agents.Features.Runs;

namespace AgentPlatform.UnitTests.Agents;

public sealed class RunCursorTests
{
    [Fact]
    public void A_cursor_reads_back_as_written_and_is_url_safe()
    {
        var at = new DateTimeOffset(2026, 11, 24, 10, 30, 15, 123, TimeSpan.Zero).AddTicks(4567);
        var id = Guid.CreateVersion7();
        var text = RunCursor.Format(at, id);

        text.ShouldNotContain("+");
        text.ShouldNotContain("/");
        text.ShouldNotContain("=");
        RunCursor.TryParse(text, out var cursor).ShouldBeTrue();
        cursor.ShouldBe(new RunCursor(at, id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage!")]
    [InlineData("MTIzOm5vdC1hLWd1aWQ")]
    [InlineData("LTE6MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA")]
    public void Anything_else_is_refused(string text) => RunCursor.TryParse(text, out _).ShouldBeFalse();
}
