using System.Text.Json;

namespace AgentPlatform.IntegrationTests.Agents;

public sealed class AgentTaskTests(PlatformFixture platform)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed record TaskDto(Guid Id, Guid SessionId, Guid? ParentTaskId, string Name, string Status, int Progress, int RetryCount, DateTimeOffset? StartTime, DateTimeOffset? EndTime, string? Result, JsonElement? Input, JsonElement? Output, List<EventDto> Events);

    public sealed record EventDto(DateTimeOffset At, string Message);

    public sealed record NodeDto(TaskDto Task, List<NodeDto> Children);

    [Fact]
    public async Task A_task_tree_is_built_and_read_whole()
    {
        var user = await platform.RegisterAsync("task");
        var session = Guid.CreateVersion7();
        var root = await Create(user, session, null, "Plan trip", new { city = "北京" });
        var a = await Create(user, session, root.Id, "Book flight");
        var b = await Create(user, session, root.Id, "Book hotel");
        var a1 = await Create(user, session, a.Id, "Compare prices");
        await Create(user, Guid.CreateVersion7(), null, "Other session");

        var tree = await user.Client.GetOk<NodeDto>($"/api/v1/agents/tasks/{root.Id}");
        tree.Task.Name.ShouldBe("Plan trip");
        tree.Task.Input!.Value.GetProperty("city").GetString().ShouldBe("北京");
        tree.Children.Select(c => c.Task.Id).ShouldBe([a.Id, b.Id]);
        tree.Children[0].Children.Single().Task.Id.ShouldBe(a1.Id);

        var subtree = await user.Client.GetOk<NodeDto>($"/api/v1/agents/tasks/{a.Id}");
        subtree.Children.Single().Task.Id.ShouldBe(a1.Id);

        var forest = await user.Client.GetOk<List<NodeDto>>($"/api/v1/agents/tasks?sessionId={session}");
        forest.Single().Task.Id.ShouldBe(root.Id);
    }

    [Fact]
    public async Task Status_moves_only_along_legal_transitions()
    {
        var user = await platform.RegisterAsync("task");
        var task = await Create(user, Guid.CreateVersion7(), null, "Work");

        var running = await Patch(user, task.Id, new { status = "running", progress = 10 });
        running.Status.ShouldBe("running");
        running.StartTime.ShouldNotBeNull();
        (await Patch(user, task.Id, new { progress = 60, @event = "half way" })).Progress.ShouldBe(60);
        (await Patch(user, task.Id, new { status = "paused" })).Status.ShouldBe("paused");
        (await Patch(user, task.Id, new { status = "running" })).Status.ShouldBe("running");
        var done = await Patch(user, task.Id, new { status = "completed", result = "ok", output = new { answer = 42 } });
        done.Progress.ShouldBe(100);
        done.EndTime.ShouldNotBeNull();
        done.Output!.Value.GetProperty("answer").GetInt32().ShouldBe(42);

        var back = await user.Client.PatchAsJsonAsync($"/api/v1/agents/tasks/{task.Id}", new { status = "running" }, Ct);
        (await back.ProblemAsync(HttpStatusCode.Conflict)).Code.ShouldBe("agents.illegal_task_transition");
        var after = (await user.Client.GetOk<NodeDto>($"/api/v1/agents/tasks/{task.Id}")).Task;
        after.Status.ShouldBe("completed");
        after.Events.Select(e => e.Message).ShouldBe(["created", "status: running", "half way", "status: paused", "status: running", "status: completed"]);
    }

    [Fact]
    public async Task A_failed_task_can_be_retried_and_the_retry_is_counted()
    {
        var user = await platform.RegisterAsync("task");
        var task = await Create(user, Guid.CreateVersion7(), null, "Flaky");
        await Patch(user, task.Id, new { status = "running" });
        await Patch(user, task.Id, new { status = "failed", error = "timeout" });
        (await Patch(user, task.Id, new { status = "running" })).RetryCount.ShouldBe(1);
        var skip = await user.Client.PatchAsJsonAsync($"/api/v1/agents/tasks/{task.Id}", new { status = "pending" }, Ct);
        await skip.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Bad_input_is_400_and_other_users_tasks_are_404()
    {
        var user = await platform.RegisterAsync("task");
        var session = Guid.CreateVersion7();
        var missing = await user.Client.PostAsJsonAsync("/api/v1/agents/tasks", new { name = "" }, Ct);
        (await missing.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.ShouldBe(["sessionId", "name"], ignoreOrder: true);
        var task = await Create(user, session, null, "Mine");
        var badPatch = await user.Client.PatchAsJsonAsync($"/api/v1/agents/tasks/{task.Id}", new { status = "exploded", progress = 101 }, Ct);
        (await badPatch.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.ShouldBe(["status", "progress"], ignoreOrder: true);
        var otherSession = await user.Client.PostAsJsonAsync("/api/v1/agents/tasks", new { sessionId = Guid.CreateVersion7(), parentTaskId = task.Id, name = "x" }, Ct);
        (await otherSession.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.ShouldContain("parentTaskId");

        var stranger = await platform.RegisterAsync("task");
        (await stranger.Client.GetAsync($"/api/v1/agents/tasks/{task.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Client.PatchAsJsonAsync($"/api/v1/agents/tasks/{task.Id}", new { status = "running" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Client.PostAsJsonAsync("/api/v1/agents/tasks", new { sessionId = session, parentTaskId = task.Id, name = "child" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Client.GetOk<List<NodeDto>>($"/api/v1/agents/tasks?sessionId={session}")).ShouldBeEmpty();
        (await user.Client.GetOk<NodeDto>($"/api/v1/agents/tasks/{task.Id}")).Task.Status.ShouldBe("pending");
    }

    private static async Task<TaskDto> Create(TestUser user, Guid session, Guid? parent, string name, object? input = null)
    {
        var response = await user.Client.PostAsJsonAsync("/api/v1/agents/tasks", new { sessionId = session, parentTaskId = parent, name, input }, Ct);
        await response.ShouldBeAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<TaskDto>(Ct))!;
    }

    private static async Task<TaskDto> Patch(TestUser user, Guid id, object body)
    {
        var response = await user.Client.PatchAsJsonAsync($"/api/v1/agents/tasks/{id}", body, Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<TaskDto>(Ct))!;
    }
}
