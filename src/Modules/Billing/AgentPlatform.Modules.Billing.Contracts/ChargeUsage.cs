using Mediator;

namespace AgentPlatform.Modules.Billing.Contracts;

/// <summary>
/// Charges one unit of work to a user's account, idempotently by <see cref="RequestId"/>: a repeated request id
/// returns the first result and never charges twice; the same id with a different price is a conflict (409).
/// The usage record and its ledger row commit in one transaction of the Billing module. The account is opened
/// when the user has none yet. Exactly one way of pricing is given: an explicit <see cref="Amount"/>, LLM
/// <see cref="Tokens"/> (priced by Billing's rules with its markup), or <see cref="Executions"/> of a priced target.
/// </summary>
/// <param name="RequestId">The caller's idempotency key (at most 255 characters), unique across the platform.</param>
/// <param name="UserId">Whose account pays.</param>
/// <param name="Service">What was used, e.g. "chat", "workflow", "team" (at most 100 characters).</param>
/// <param name="Amount">An explicit cost (at least 0, at most 8 decimals), already priced by the caller.</param>
/// <param name="Tokens">LLM token usage to price.</param>
/// <param name="Executions">Runs of a target with a per-execution price.</param>
/// <param name="Description">A human description stored with the usage record.</param>
public sealed record ChargeUsage(
    string RequestId,
    Guid UserId,
    string Service,
    decimal? Amount = null,
    TokenUsage? Tokens = null,
    ExecutionUsage? Executions = null,
    string? Description = null) : ICommand<ChargeResult>;

/// <summary>LLM tokens of one call, with the model's prices at the time of the call.</summary>
/// <param name="ModelName">The provider's model id, e.g. "gpt-4o-mini"; a pricing rule for it overrides the prices.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="InputPricePer1K">The model's input price per 1,000 tokens.</param>
/// <param name="OutputPricePer1K">The model's output price per 1,000 tokens.</param>
public sealed record TokenUsage(string ModelName, long InputTokens, long OutputTokens, decimal InputPricePer1K, decimal OutputPricePer1K);

/// <summary>Runs of something priced per execution (a team, a workflow).</summary>
/// <param name="Target">The priced target, e.g. "team:0190..." or "workflow"; a pricing rule must exist for it.</param>
/// <param name="Count">How many runs (at least 1).</param>
public sealed record ExecutionUsage(string Target, int Count);

/// <summary>How a charge, reservation or settlement ended.</summary>
public enum ChargeStatus
{
    /// <summary>The money was taken now.</summary>
    Charged,

    /// <summary>The request id was charged before; nothing was taken this time and the first result is returned.</summary>
    AlreadyCharged,

    /// <summary>The available balance (plus any credit limit) does not cover the cost; nothing was written.</summary>
    InsufficientFunds,
}

/// <summary>The outcome of <see cref="ChargeUsage"/> or of settling a reservation.</summary>
/// <param name="Status">What happened.</param>
/// <param name="UsageRecordId">The usage record of the request id (null when funds were insufficient).</param>
/// <param name="Cost">The priced cost.</param>
/// <param name="Balance">The account's balance after the operation.</param>
/// <param name="AvailableBalance">Balance minus frozen (reserved) money after the operation.</param>
/// <param name="Currency">The account's currency.</param>
public sealed record ChargeResult(ChargeStatus Status, Guid? UsageRecordId, decimal Cost, decimal Balance, decimal AvailableBalance, string Currency)
{
    /// <summary>True unless funds were insufficient.</summary>
    public bool Succeeded => Status != ChargeStatus.InsufficientFunds;
}
