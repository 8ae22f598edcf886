using System.Reflection;
using System.Runtime.CompilerServices;
using AgentPlatform.BuildingBlocks.Domain;
using AgentPlatform.Modules.Agents.Domain.Agents;
using AgentPlatform.Modules.Agents.Domain.Tasks;

namespace AgentPlatform.UnitTests.Agents;

public sealed class AgentDomainTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static Agent NewAgent(string name = "Helper") =>
        Agent.Create(Guid.CreateVersion7(), new AgentContent(name, null, "d", "prompt", null, [], [], "{}", false, ModelSettings.Default, AgentMode.Direct), enabled: true);

    [Fact]
    public void Publishing_requires_a_greater_version_number_each_time()
    {
        var agent = NewAgent();
        agent.Publish("1.9.0", null, Now).VersionNumber.ShouldBe("1.9.0");
        agent.Publish("1.10.0", null, Now).VersionNumber.ShouldBe("1.10.0");

        Should.Throw<DomainException>(() => agent.Publish("1.9.5", null, Now)).Code.ShouldBe("agents.version_not_greater");
        Should.Throw<DomainException>(() => agent.Publish("1.10.0", null, Now)).Code.ShouldBe("agents.version_not_greater");
        agent.LatestVersionNumber.ShouldBe("1.10.0");
    }

    [Fact]
    public void A_version_snapshots_the_draft_and_later_draft_edits_do_not_reach_it()
    {
        var agent = NewAgent("Before");
        var version = agent.Publish("1.0.0", "first", Now);
        agent.Update(agent.Content with { Name = "After", SystemPrompt = "changed" }, enabled: true);

        version.Name.ShouldBe("Before");
        version.SystemPrompt.ShouldBe("prompt");
        version.Status.ShouldBe(PublishStatus.Reviewing);
    }

    [Fact]
    public void Version_content_has_no_setter_callable_after_construction()
    {
        var review = new[] { nameof(AgentVersion.Status), nameof(AgentVersion.RejectReason), nameof(AgentVersion.ReviewedAt), nameof(AgentVersion.PublishedAt), nameof(AgentVersion.UpdatedAt), nameof(AgentVersion.CreatedAt), nameof(AgentVersion.Id) };
        var mutable = typeof(AgentVersion).GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.SetMethod is { } setter && !setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)))
            .Select(p => p.Name)
            .Except(review)
            .ToList();
        mutable.ShouldBeEmpty("content properties of a version are init-only");
    }

    [Fact]
    public void Review_moves_only_from_reviewing_and_delisting_only_from_published()
    {
        var agent = NewAgent();
        var version = agent.Publish("1.0.0", null, Now);
        Should.Throw<DomainException>(version.Delist).Code.ShouldBe("agents.illegal_review_transition");

        version.Approve(Now);
        agent.GoLive(version);
        agent.PublishedVersionId.ShouldBe(version.Id);
        Should.Throw<DomainException>(() => version.Approve(Now)).Code.ShouldBe("agents.illegal_review_transition");
        Should.Throw<DomainException>(() => version.Reject("no", Now)).Code.ShouldBe("agents.illegal_review_transition");

        version.Delist();
        agent.TakeOffline(version);
        agent.PublishedVersionId.ShouldBeNull();
        Should.Throw<DomainException>(() => agent.RollBackTo(version)).Code.ShouldBe("agents.version_not_published");
    }

    [Fact]
    public void A_rejected_version_cannot_go_live()
    {
        var agent = NewAgent();
        var version = agent.Publish("1.0.0", null, Now);
        version.Reject("unsafe prompt", Now);
        version.RejectReason.ShouldBe("unsafe prompt");
        Should.Throw<DomainException>(() => agent.GoLive(version)).Code.ShouldBe("agents.version_not_published");
    }

    [Fact]
    public void Workspace_override_replaces_only_the_fields_it_sets()
    {
        var model = Guid.CreateVersion7();
        var profile = Guid.CreateVersion7();
        var merged = new ModelSettings(ProfileId: profile, Temperature: 0.2m, MaxTokens: 100).With(new ModelSettings(ModelId: model, Temperature: 0.9m));
        merged.ShouldBe(new ModelSettings(ModelId: model, Temperature: 0.9m, MaxTokens: 100));
    }

    [Theory]
    [InlineData("pending", "running", true)]
    [InlineData("running", "paused", true)]
    [InlineData("paused", "running", true)]
    [InlineData("running", "completed", true)]
    [InlineData("failed", "running", true)]
    [InlineData("completed", "running", false)]
    [InlineData("stopped", "running", false)]
    [InlineData("pending", "completed", false)]
    [InlineData("paused", "completed", false)]
    public void Task_transitions(string from, string to, bool legal) =>
        AgentTask.CanMove(Enum.Parse<AgentTaskStatus>(from, ignoreCase: true), Enum.Parse<AgentTaskStatus>(to, ignoreCase: true)).ShouldBe(legal);

    [Fact]
    public void Retrying_a_failed_task_counts_the_retry_and_completing_sets_full_progress()
    {
        var task = AgentTask.Create(Guid.CreateVersion7(), Guid.CreateVersion7(), null, null, "t", null, null, Now);
        task.MoveTo(AgentTaskStatus.Running, Now);
        task.MoveTo(AgentTaskStatus.Failed, Now.AddSeconds(1));
        task.EndedAt.ShouldBe(Now.AddSeconds(1));
        task.MoveTo(AgentTaskStatus.Running, Now.AddSeconds(2));
        task.RetryCount.ShouldBe(1);
        task.EndedAt.ShouldBeNull();
        task.MoveTo(AgentTaskStatus.Completed, Now.AddSeconds(3));
        task.Progress.ShouldBe(100);
        Should.Throw<DomainException>(() => task.MoveTo(AgentTaskStatus.Running, Now)).Kind.ShouldBe(ErrorKind.Conflict);
        Should.Throw<DomainException>(() => task.ReportProgress(50)).Kind.ShouldBe(ErrorKind.Conflict);
        task.Events.Select(e => e.Message).ShouldBe(["created", "status: running", "status: failed", "status: running", "status: completed"]);
    }
}
