using AgentPlatform.BuildingBlocks.Messaging;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Llm.Domain.Gateway;
using Npgsql;
using NpgsqlTypes;

namespace AgentPlatform.Modules.Llm.Features.Gateway;

/// <summary>
/// Writes a finished call: its record and its usage event, as one statement (one round trip, one implicit
/// transaction), on the hot path of every gateway call. The statement inserts the event only if the record was
/// inserted, so a concurrent twin with the same request id leaves exactly one record and one event.
/// </summary>
/// <summary>A finished call's record and its usage event, written together.</summary>
internal sealed record CallRecord(GatewayRequest Request, OutboxMessage UsageEvent);

internal sealed class GatewayRecords(NpgsqlDataSource dataSource)
{
    private const string RecordSql = """
        WITH recorded AS (
          INSERT INTO llm.gateway_requests
            (id, user_id, request_id, request_hash, service, status, model_id, input_tokens, output_tokens, cost, latency_ms, response, error, created_at, completed_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
          ON CONFLICT (user_id, request_id) DO NOTHING
          RETURNING id)
        INSERT INTO llm.outbox_messages (id, type, content, occurred_at, next_attempt_at, attempts)
        SELECT $16, $17, $18, $19, $19, 0 FROM recorded
        """;

    /// <summary>True when this call is the one on record; false when a call with the same request id was recorded first.</summary>
    public async Task<bool> TryRecordAsync(CallRecord call, CancellationToken ct)
    {
        var (record, usageEvent) = call;
        await using var command = dataSource.CreateCommand(RecordSql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<Guid> { TypedValue = record.Id });
        p.Add(new NpgsqlParameter<Guid> { TypedValue = record.UserId });
        p.Add(new NpgsqlParameter<string> { TypedValue = record.RequestId });
        p.Add(new NpgsqlParameter<string> { TypedValue = record.RequestHash });
        p.Add(new NpgsqlParameter<string> { TypedValue = record.Service });
        p.Add(new NpgsqlParameter<string> { TypedValue = EnumText.Of(record.Status) });
        p.Add(new NpgsqlParameter { Value = (object?)record.ModelId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter<long> { TypedValue = record.InputTokens });
        p.Add(new NpgsqlParameter<long> { TypedValue = record.OutputTokens });
        p.Add(new NpgsqlParameter<decimal> { TypedValue = record.Cost });
        p.Add(new NpgsqlParameter<long> { TypedValue = record.LatencyMs });
        p.Add(new NpgsqlParameter { Value = (object?)record.Response ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new NpgsqlParameter { Value = (object?)record.Error ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = record.CreatedAt });
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = record.CompletedAt });
        p.Add(new NpgsqlParameter<Guid> { TypedValue = usageEvent.Id });
        p.Add(new NpgsqlParameter<string> { TypedValue = usageEvent.Type });
        p.Add(new NpgsqlParameter { Value = usageEvent.Content, NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = usageEvent.OccurredAt });
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }
}
