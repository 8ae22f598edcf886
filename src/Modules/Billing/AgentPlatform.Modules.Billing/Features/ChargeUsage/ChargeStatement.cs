using System.Data.Common;
using AgentPlatform.Modules.Billing.Features.Shared;
using Npgsql;

namespace AgentPlatform.Modules.Billing.Features.ChargeUsage;

/// <summary>
/// The hot path of a charge as one autocommit statement: a conditional UPDATE takes the account's row lock and
/// re-checks the available balance on the latest row version (READ COMMITTED re-evaluates the WHERE after waiting for
/// the lock), and the same statement inserts the usage record and the ledger row from the row it returned. The lock
/// is held for one statement instead of several round trips; the unique request id, the ledger's (account, sequence)
/// key and the CHECK constraints make a duplicate or a broken invariant fail the whole statement.
/// Same rules as <c>Account.Post</c> (see ADR 0100).
/// </summary>
internal static class ChargeStatement
{
    private const string Sql = """
        WITH account AS (
            UPDATE billing.accounts
               SET balance = balance - @cost, version = version + 1, updated_at = @now
             WHERE user_id = @user_id AND balance - frozen_balance - @cost >= -credit_limit
            RETURNING id, balance, frozen_balance, version, currency
        ), usage AS (
            INSERT INTO billing.usage_records (id, user_id, request_id, service_name, model_name, input_tokens, output_tokens, executions, cost, status, pricing_rule, description, billed_at, billed_on)
            SELECT @usage_id, @user_id, @request_id, @service, @model, @input_tokens, @output_tokens, @executions, @cost, 'charged', @pricing_rule, @description, @now, @billed_on
              FROM account
        ), ledger AS (
            INSERT INTO billing.transactions (id, account_id, user_id, sequence, type, amount, balance_before, balance_after, frozen_change, frozen_after, usage_record_id, description, created_at)
            SELECT @transaction_id, account.id, @user_id, account.version, 'deduction', -@cost, account.balance + @cost, account.balance, 0, account.frozen_balance, @usage_id, @ledger_description, @now
              FROM account
        )
        SELECT balance, frozen_balance, currency FROM account
        """;

    /// <summary>The balances after the charge, or null when the account is missing or cannot cover the cost (nothing written).</summary>
    public static async Task<(decimal Balance, decimal Frozen, string Currency)?> TryAsync(DbConnection connection, Guid usageId, Guid userId, string requestId, string service,
        PricedUsage priced, string? description, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = (NpgsqlCommand)connection.CreateCommand();
        command.CommandText = Sql;
        var p = command.Parameters;
        p.AddWithValue("cost", priced.Cost);
        p.AddWithValue("now", now);
        p.AddWithValue("user_id", userId);
        p.AddWithValue("usage_id", usageId);
        p.AddWithValue("request_id", requestId);
        p.AddWithValue("service", service);
        p.AddWithValue("model", (object?)priced.Quantity.ModelName ?? DBNull.Value).NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar;
        p.AddWithValue("input_tokens", priced.Quantity.InputTokens);
        p.AddWithValue("output_tokens", priced.Quantity.OutputTokens);
        p.AddWithValue("executions", priced.Quantity.Executions);
        p.AddWithValue("pricing_rule", priced.PricingRule);
        p.AddWithValue("description", (object?)description ?? DBNull.Value).NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar;
        p.AddWithValue("billed_on", DateOnly.FromDateTime(now.UtcDateTime));
        p.AddWithValue("transaction_id", Guid.CreateVersion7());
        p.AddWithValue("ledger_description", UsageCharger.Describe(service, description));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return (reader.GetDecimal(0), reader.GetDecimal(1), reader.GetString(2));
    }

    public static bool IsDuplicateRequest(PostgresException exception) =>
        exception.SqlState == PostgresErrorCodes.UniqueViolation && exception.ConstraintName == UsageCharger.RequestIdIndex;
}
