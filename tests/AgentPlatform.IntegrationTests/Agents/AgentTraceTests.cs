using AgentPlatform.Modules.Agents.Contracts;
using AgentPlatform.Modules.Agents.Features.PurgeTraceDetails;
using Mediator;
using Npgsql;

namespace AgentPlatform.IntegrationTests.Agents;

public sealed class AgentTraceTests(PlatformFixture platform)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed record RunDto(string TraceId, Guid AgentId, DateTimeOffset ExecutionStartTime, int? TotalExecutionTime, int TotalTokens, decimal TotalCost, bool ExecutionSuccess, string? ErrorMessage);

    public sealed record StepDto(int SequenceNo, string StepType, string? MessageContent, string? ToolName, string? ToolRequestArgs, string? ToolResponseData, decimal? StepCost, bool IsFallbackUsed, string? FallbackToModel);

    public sealed record DetailsDto(RunDto Summary, List<StepDto> Steps);

    public sealed record CursorDto<T>(List<T> Items, string? NextCursor);

    public sealed record StatsDto(Guid AgentId, long Runs, long SuccessfulRuns, decimal? SuccessRate, long TotalTokens, decimal TotalCost, double? P50LatencyMs, double? P95LatencyMs);

    [Fact]
    public async Task A_trace_is_stored_once_per_sequence_number_and_read_in_order()
    {
        var user = await platform.RegisterAsync("trace");
        var agentId = Guid.CreateVersion7();
        var summary = Summary("t-" + Guid.NewGuid().ToString("N"), user.Id, agentId, DateTimeOffset.UtcNow.AddMinutes(-1), 1200, cost: 0.00012345m);
        var steps = new[]
        {
            new ExecutionTraceStep(2, ExecutionStepType.ToolCall, ToolName: "weather", ToolArguments: """{"city":"北京"}""", ToolResponse: """{"temp":3}""", ToolTimeMs: 80, ToolSuccess: true, StepCost: 0.0001m),
            new ExecutionTraceStep(1, ExecutionStepType.UserMessage, Content: "北京天气？"),
        };

        (await Record(summary, steps)).ShouldBe(new RecordExecutionTraceResult(2, 0));
        var replay = await Record(summary, steps);
        replay.ShouldBe(new RecordExecutionTraceResult(0, 2), "a retried write changes nothing");
        var third = new ExecutionTraceStep(3, ExecutionStepType.AiResponse, Content: "3°C", ModelId: "gpt-4o-mini", ProviderName: "openai", Tokens: 20,
            FallbackUsed: true, FallbackReason: "rate limited", FallbackFromModel: "gpt-4o", FallbackToModel: "gpt-4o-mini", StepCost: 0.00002345m);
        (await Record(summary with { EndedAt = summary.StartedAt.AddSeconds(2) }, [steps[0], third])).ShouldBe(new RecordExecutionTraceResult(1, 1));

        var details = await user.Client.GetOk<DetailsDto>($"/api/v1/agents/runs/{summary.TraceId}");
        details.Steps.Select(s => s.SequenceNo).ShouldBe([1, 2, 3]);
        details.Steps.Select(s => s.StepType).ShouldBe(["user_message", "tool_call", "ai_response"]);
        details.Steps[1].ToolRequestArgs.ShouldBe("""{"city":"北京"}""");
        details.Steps[2].IsFallbackUsed.ShouldBeTrue();
        details.Steps[2].StepCost.ShouldBe(0.00002345m);
        details.Summary.TotalCost.ShouldBe(0.00012345m);
        await CountRows($"SELECT count(*) FROM agents.agent_execution_details WHERE trace_id = '{summary.TraceId}'").ShouldBeAsync(3);
    }

    [Fact]
    public async Task Secrets_are_redacted_before_they_are_stored()
    {
        var user = await platform.RegisterAsync("trace");
        var traceId = "t-" + Guid.NewGuid().ToString("N");
        await Record(Summary(traceId, user.Id, Guid.CreateVersion7(), DateTimeOffset.UtcNow, 10, success: false, error: "401 for key sk-abcdefghijklmnopqrstuvwxyz123456"), [
            new ExecutionTraceStep(1, ExecutionStepType.UserMessage, Content: "my key is sk-proj-ABCDEFGHIJKLMNOPQRSTUVWX and apk_abcdef0123456789"),
            new ExecutionTraceStep(2, ExecutionStepType.ToolCall, ToolName: "http", ToolArguments: """{"url":"https://api.test/x?api_key=topsecretvalue","headers":{"Authorization":"Bearer abcdefghijklmnop.qrstuv"}}""",
                ToolResponse: "AKIAIOSFODNN7EXAMPLE eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"),
        ]);

        await using var connection = new NpgsqlConnection(platform.Factory.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand($"""
            SELECT string_agg(coalesce(message_content, '') || coalesce(tool_request_args, '') || coalesce(tool_response_data, ''), ' ')
                   || (SELECT error_message FROM agents.agent_execution_summary WHERE trace_id = '{traceId}')
            FROM agents.agent_execution_details WHERE trace_id = '{traceId}'
            """, connection);
        var stored = (string)(await command.ExecuteScalarAsync(Ct))!;
        foreach (var secret in new[] { "sk-abcdefghijklmnopqrstuvwxyz123456", "sk-proj-ABCDEFGHIJKLMNOPQRSTUVWX", "apk_abcdef0123456789", "topsecretvalue", "abcdefghijklmnop.qrstuv", "AKIAIOSFODNN7EXAMPLE", "eyJzdWIiOiIxMjM0NTY3ODkwIn0" })
        {
            stored.ShouldNotContain(secret);
        }

        stored.ShouldContain("[REDACTED]");
        stored.ShouldContain("my key is");
    }

    [Fact]
    public async Task A_trace_id_of_another_user_is_refused_and_bad_traces_are_validation_errors()
    {
        var owner = await platform.RegisterAsync("trace");
        var other = await platform.RegisterAsync("trace");
        var summary = Summary("t-" + Guid.NewGuid().ToString("N"), owner.Id, Guid.CreateVersion7(), DateTimeOffset.UtcNow, 5);
        await Record(summary, []);
        var error = await Should.ThrowAsync<AgentPlatform.BuildingBlocks.Domain.DomainException>(() => Record(summary with { UserId = other.Id }, []));
        error.Code.ShouldBe("agents.trace_id_taken");

        var invalid = await Should.ThrowAsync<AgentPlatform.BuildingBlocks.Domain.DomainException>(() =>
            Record(summary with { TraceId = "has spaces", TotalCost = -1 }, [new ExecutionTraceStep(0, ExecutionStepType.UserMessage), new ExecutionTraceStep(0, ExecutionStepType.AiResponse)]));
        invalid.Errors!.Keys.ShouldContain("summary.traceId");
        invalid.Errors.Keys.ShouldContain("summary.totalCost");
        invalid.Errors.Keys.ShouldContain("steps");
        invalid.Errors.Keys.ShouldContain("steps[0].sequenceNo");

        (await other.Client.GetAsync($"/api/v1/agents/runs/{summary.TraceId}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await owner.Client.GetAsync($"/api/v1/agents/runs/{summary.TraceId}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Runs_are_listed_by_cursor_with_filters_and_aggregated_with_percentiles()
    {
        var user = await platform.RegisterAsync("trace");
        var agent = Guid.CreateVersion7();
        var otherAgent = Guid.CreateVersion7();
        var start = DateTimeOffset.UtcNow.AddDays(-5);
        for (var i = 1; i <= 10; i++)
        {
            await Record(Summary($"r-{Guid.NewGuid():N}", user.Id, agent, start.AddMinutes(i), latency: i * 100, tokens: 10, cost: 0.5m, success: i % 5 != 0), []);
        }

        await Record(Summary($"r-{Guid.NewGuid():N}", user.Id, otherAgent, start, latency: 1, tokens: 1, cost: 1m), []);
        await Record(Summary($"r-{Guid.NewGuid():N}", user.Id, agent, DateTimeOffset.UtcNow.AddDays(-40), latency: 99_999, tokens: 1, cost: 1m), []);

        var seen = new List<RunDto>();
        string? cursor = null;
        do
        {
            var page = await user.Client.GetOk<CursorDto<RunDto>>($"/api/v1/agents/runs?agentId={agent}&limit=4" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        seen.Count.ShouldBe(11);
        seen.Select(r => r.ExecutionStartTime).ShouldBeInOrder(SortDirection.Descending);
        seen.Select(r => r.TraceId).Distinct().Count().ShouldBe(11);

        (await user.Client.GetOk<CursorDto<RunDto>>($"/api/v1/agents/runs?agentId={agent}&success=false&limit=100")).Items.Count.ShouldBe(2);
        var from = Uri.EscapeDataString(start.AddMinutes(5).ToString("O"));
        (await user.Client.GetOk<CursorDto<RunDto>>($"/api/v1/agents/runs?from={from}&limit=100")).Items.Count.ShouldBe(6);

        var stats = await user.Client.GetOk<StatsDto>($"/api/v1/agents/runs/stats?agentId={agent}");
        stats.Runs.ShouldBe(10, "the default range is the last 30 days");
        stats.SuccessfulRuns.ShouldBe(8);
        stats.SuccessRate.ShouldBe(0.8m);
        stats.TotalTokens.ShouldBe(100);
        stats.TotalCost.ShouldBe(5m);
        stats.P50LatencyMs.ShouldBe(550);
        stats.P95LatencyMs.ShouldBe(955);

        var stranger = await platform.RegisterAsync("trace");
        (await stranger.Client.GetOk<StatsDto>($"/api/v1/agents/runs/stats?agentId={agent}")).Runs.ShouldBe(0);
        (await stranger.Client.GetOk<CursorDto<RunDto>>($"/api/v1/agents/runs?agentId={agent}")).Items.ShouldBeEmpty();

        // Times with any offset are accepted (the database keeps UTC).
        var fromBeijing = Uri.EscapeDataString(start.AddMinutes(5).ToOffset(TimeSpan.FromHours(8)).ToString("O"));
        (await user.Client.GetOk<CursorDto<RunDto>>($"/api/v1/agents/runs?from={fromBeijing}&limit=100")).Items.Count.ShouldBe(6);
        (await user.Client.GetOk<StatsDto>($"/api/v1/agents/runs/stats?agentId={agent}&from={fromBeijing}")).Runs.ShouldBe(6);
        var offsetRun = Summary($"r-{Guid.NewGuid():N}", user.Id, otherAgent, DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(-5)), latency: 1);
        (await Record(offsetRun, [])).StepsWritten.ShouldBe(0);

        (await user.Client.GetAsync("/api/v1/agents/runs/stats", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await user.Client.GetAsync("/api/v1/agents/runs?cursor=garbage!", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await user.Client.GetAsync("/api/v1/agents/runs?limit=1000", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await user.Client.GetAsync("/api/v1/agents/runs?from=yesterday", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Retention_deletes_exactly_the_expired_steps_in_batches()
    {
        var user = await platform.RegisterAsync("trace");
        var expired = "old-" + Guid.NewGuid().ToString("N");
        var kept = "new-" + Guid.NewGuid().ToString("N");
        await Record(Summary(expired, user.Id, Guid.CreateVersion7(), DateTimeOffset.UtcNow, 1), [.. Enumerable.Range(1, 5).Select(i => new ExecutionTraceStep(i, ExecutionStepType.AiResponse))]);
        await Record(Summary(kept, user.Id, Guid.CreateVersion7(), DateTimeOffset.UtcNow, 1), [.. Enumerable.Range(1, 3).Select(i => new ExecutionTraceStep(i, ExecutionStepType.AiResponse))]);

        // Far in the past, so that no other test's rows are on either side of the cutoff.
        var cutoff = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await Execute($"""
            UPDATE agents.agent_execution_details SET created_at = '2000-12-31T23:59:59Z' WHERE trace_id = '{expired}';
            UPDATE agents.agent_execution_details SET created_at = '2001-01-01T00:00:00Z' WHERE trace_id = '{kept}';
            """);

        var deleted = await platform.Scoped(async sp => await sp.GetRequiredService<ISender>().Send(new PurgeExpiredTraceDetails(cutoff, BatchSize: 2), Ct));

        deleted.ShouldBe(5);
        await CountRows($"SELECT count(*) FROM agents.agent_execution_details WHERE trace_id = '{expired}'").ShouldBeAsync(0);
        await CountRows($"SELECT count(*) FROM agents.agent_execution_details WHERE trace_id = '{kept}'").ShouldBeAsync(3);
        await CountRows($"SELECT count(*) FROM agents.agent_execution_summary WHERE trace_id = '{expired}'").ShouldBeAsync(1);
    }

    [Fact]
    public async Task The_retention_job_is_scheduled_on_the_clustered_store()
    {
        await using var connection = new NpgsqlConnection(platform.Factory.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "SELECT cron_expression FROM quartz.qrtz_cron_triggers WHERE trigger_name = 'purge-expired-trace-details' AND trigger_group = 'agents'", connection);
        (await command.ExecuteScalarAsync(Ct)).ShouldBe(PurgeExpiredTraceDetailsJob.Schedule);
    }

    private static ExecutionTraceSummary Summary(string traceId, Guid userId, Guid agentId, DateTimeOffset start, int latency, int tokens = 0, decimal cost = 0m, bool success = true, string? error = null) =>
        new(traceId, userId, Guid.CreateVersion7(), agentId, start, start.AddMilliseconds(latency), latency, tokens / 2, tokens - (tokens / 2), tokens, 0, 0, cost, success, success ? null : "model_call", error);

    private Task<RecordExecutionTraceResult> Record(ExecutionTraceSummary summary, IReadOnlyList<ExecutionTraceStep> steps) =>
        platform.Scoped(async sp => await sp.GetRequiredService<ISender>().Send(new RecordExecutionTrace(summary, steps), Ct));

    private async Task<long> CountRows(string sql)
    {
        await using var connection = new NpgsqlConnection(platform.Factory.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(platform.Factory.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}

internal static class TaskLongExtensions
{
    public static async Task ShouldBeAsync(this Task<long> task, long expected) => (await task).ShouldBe(expected);
}
