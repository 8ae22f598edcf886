using System.Data.Common;

namespace AgentPlatform.Modules.Agents.Features.Runs;

/// <summary>Aggregates of the user's runs of one agent that started in [from, to): the last 30 days by default.</summary>
internal sealed record GetAgentRunStats(Guid UserId, Guid? AgentId, DateTimeOffset? From, DateTimeOffset? To) : IQuery<AgentRunStats>;

internal sealed record AgentRunStats(
    Guid AgentId,
    DateTimeOffset From,
    DateTimeOffset To,
    long Runs,
    long SuccessfulRuns,
    decimal? SuccessRate,
    long InputTokens,
    long OutputTokens,
    long TotalTokens,
    long ToolCalls,
    decimal TotalCost,
    double? P50LatencyMs,
    double? P95LatencyMs,
    double? AverageLatencyMs);

internal sealed class GetAgentRunStatsValidator : AbstractValidator<GetAgentRunStats>
{
    public GetAgentRunStatsValidator()
    {
        RuleFor(x => x.AgentId).NotNull().NotEqual(Guid.Empty).WithMessage("agentId is required.");
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null).WithMessage("to is after from.");
        RuleFor(x => x).Must(x => (x.To ?? DateTimeOffset.MaxValue) - (x.From ?? DateTimeOffset.MinValue) <= TimeSpan.FromDays(366) || x.From is null || x.To is null)
            .WithName("to").WithMessage("The range is at most 366 days.");
    }
}

internal sealed class GetAgentRunStatsHandler(AgentsDbContext db, TimeProvider clock) : IQueryHandler<GetAgentRunStats, AgentRunStats>
{
    // Percentiles are computed by PostgreSQL over the rows of the covering index; nothing is loaded into memory.
    internal const string Sql = """
        SELECT count(*),
               count(*) FILTER (WHERE execution_success),
               coalesce(sum(total_input_tokens), 0)::bigint,
               coalesce(sum(total_output_tokens), 0)::bigint,
               coalesce(sum(total_tokens), 0)::bigint,
               coalesce(sum(tool_call_count), 0)::bigint,
               coalesce(sum(total_cost), 0),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY total_execution_time),
               percentile_cont(0.95) WITHIN GROUP (ORDER BY total_execution_time),
               avg(total_execution_time)::float8
        FROM agents.agent_execution_summary
        WHERE user_id = $1 AND agent_id = $2 AND execution_start_time >= $3 AND execution_start_time < $4
        """;

    public async ValueTask<AgentRunStats> Handle(GetAgentRunStats query, CancellationToken cancellationToken)
    {
        // Npgsql writes timestamptz only from UTC offsets; a client may send any offset.
        var to = (query.To ?? clock.GetUtcNow()).ToUniversalTime();
        var from = query.From?.ToUniversalTime() ?? to.AddDays(-30);
        var agentId = query.AgentId!.Value;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Sql;
            Add(command, query.UserId);
            Add(command, agentId);
            Add(command, from);
            Add(command, to);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var runs = reader.GetInt64(0);
            var successful = reader.GetInt64(1);
            return new AgentRunStats(
                agentId,
                from,
                to,
                runs,
                successful,
                runs == 0 ? null : Math.Round((decimal)successful / runs, 4),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetInt64(4),
                reader.GetInt64(5),
                reader.GetDecimal(6),
                Milliseconds(reader, 7),
                Milliseconds(reader, 8),
                Milliseconds(reader, 9));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // Interpolated percentiles are binary floating point (954.9999999...); microseconds are precision enough.
    private static double? Milliseconds(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Math.Round(reader.GetDouble(ordinal), 3);

    private static void Add(DbCommand command, object value)
    {
        var parameter = command.CreateParameter();
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
