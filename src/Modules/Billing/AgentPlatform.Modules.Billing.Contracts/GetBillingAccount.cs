using Mediator;

namespace AgentPlatform.Modules.Billing.Contracts;

/// <summary>A user's balances; null when the user has no account yet (it opens on registration or first use).</summary>
/// <param name="UserId">The user.</param>
public sealed record GetBillingAccount(Guid UserId) : IQuery<BillingAccountSnapshot?>;

/// <summary>What other modules may know of an account.</summary>
/// <param name="UserId">The owner.</param>
/// <param name="Balance">The balance.</param>
/// <param name="FrozenBalance">Money reserved for calls in progress.</param>
/// <param name="AvailableBalance">Balance minus frozen balance.</param>
/// <param name="CreditLimit">How far below zero the available balance may go.</param>
/// <param name="Currency">The account's currency.</param>
public sealed record BillingAccountSnapshot(Guid UserId, decimal Balance, decimal FrozenBalance, decimal AvailableBalance, decimal CreditLimit, string Currency);
