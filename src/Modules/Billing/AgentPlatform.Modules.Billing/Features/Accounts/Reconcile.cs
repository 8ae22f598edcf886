namespace AgentPlatform.Modules.Billing.Features.Accounts;

/// <summary>One account whose stored balances disagree with its ledger (there must never be one).</summary>
internal sealed record ReconciliationMismatch(Guid UserId, decimal Balance, decimal LedgerBalance, decimal FrozenBalance, decimal LedgerFrozen, long Version, long Entries, long ChainBreaks);

internal sealed record ReconciliationReport(int AccountsChecked, IReadOnlyList<ReconciliationMismatch> Mismatches);

/// <summary>
/// Recomputes every account from its ledger: the sums of amounts and frozen changes must equal the stored balances,
/// the rows must be numbered 1..version without gaps, and each row must start where the previous one ended.
/// </summary>
internal sealed record Reconcile : IQuery<ReconciliationReport>;

internal sealed class ReconcileHandler(BillingDbContext db) : IQueryHandler<Reconcile, ReconciliationReport>
{
    public async ValueTask<ReconciliationReport> Handle(Reconcile query, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<ReconciliationRow>(
            $"""
            WITH chained AS (
                SELECT account_id, amount, frozen_change, sequence,
                       balance_before, lag(balance_after) OVER w AS previous_after,
                       frozen_after - frozen_change AS frozen_before, lag(frozen_after) OVER w AS previous_frozen,
                       row_number() OVER w AS position
                FROM billing.transactions
                WINDOW w AS (PARTITION BY account_id ORDER BY sequence)
            ), ledger AS (
                SELECT account_id,
                       sum(amount) AS balance,
                       sum(frozen_change) AS frozen,
                       count(*) AS entries,
                       count(*) FILTER (WHERE sequence <> position
                                           OR balance_before <> coalesce(previous_after, 0)
                                           OR frozen_before <> coalesce(previous_frozen, 0)) AS chain_breaks
                FROM chained GROUP BY account_id
            )
            SELECT a.user_id, a.balance, coalesce(l.balance, 0) AS ledger_balance, a.frozen_balance, coalesce(l.frozen, 0) AS ledger_frozen,
                   a.version, coalesce(l.entries, 0) AS entries, coalesce(l.chain_breaks, 0) AS chain_breaks
            FROM billing.accounts a LEFT JOIN ledger l ON l.account_id = a.id
            """).ToListAsync(cancellationToken);

        var mismatches = rows
            .Where(r => r.Balance != r.LedgerBalance || r.FrozenBalance != r.LedgerFrozen || r.Version != r.Entries || r.ChainBreaks != 0)
            .Select(r => new ReconciliationMismatch(r.UserId, r.Balance, r.LedgerBalance, r.FrozenBalance, r.LedgerFrozen, r.Version, r.Entries, r.ChainBreaks))
            .ToList();
        return new ReconciliationReport(rows.Count, mismatches);
    }
}

internal sealed class ReconciliationRow
{
    public Guid UserId { get; set; }

    public decimal Balance { get; set; }

    public decimal LedgerBalance { get; set; }

    public decimal FrozenBalance { get; set; }

    public decimal LedgerFrozen { get; set; }

    public long Version { get; set; }

    public long Entries { get; set; }

    public long ChainBreaks { get; set; }
}
