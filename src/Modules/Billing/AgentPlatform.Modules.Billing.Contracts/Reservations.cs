using Mediator;

namespace AgentPlatform.Modules.Billing.Contracts;

/// <summary>
/// Before an expensive call, moves an estimated maximum from the available balance to the frozen balance, so
/// concurrent callers cannot spend it. Idempotent by <see cref="RequestId"/>: reserving again returns the first
/// reservation. Settle it with <see cref="SettleReservation"/> or give it back with <see cref="ReleaseReservation"/>;
/// one left open past its expiry is released by a job. The Llm usage event of the same request id settles it too.
/// </summary>
/// <param name="RequestId">The request the money is reserved for (at most 255 characters); the settlement's usage record gets this id.</param>
/// <param name="UserId">Whose account.</param>
/// <param name="Amount">The estimated maximum (more than 0, at most 8 decimals).</param>
/// <param name="Lifetime">How long the reservation holds; default 15 minutes, at most 24 hours.</param>
public sealed record ReserveFunds(string RequestId, Guid UserId, decimal Amount, TimeSpan? Lifetime = null) : ICommand<ReservationResult>;

/// <summary>The state of a reservation as an answer to its commands.</summary>
public enum ReservationStatus
{
    /// <summary>The money is frozen for the request.</summary>
    Open,

    /// <summary>The actual cost was charged and the rest released.</summary>
    Settled,

    /// <summary>Released in full by its caller.</summary>
    Released,

    /// <summary>Released in full by the expiry job.</summary>
    Expired,

    /// <summary>Not reserved: the available balance does not cover the amount; nothing was written.</summary>
    InsufficientFunds,
}

/// <summary>A reservation as its caller sees it.</summary>
/// <param name="Status">Its state (or <see cref="ReservationStatus.InsufficientFunds"/>).</param>
/// <param name="ReservationId">Its id; null when funds were insufficient.</param>
/// <param name="Amount">The reserved amount.</param>
/// <param name="ExpiresAt">When an open reservation is released by the job.</param>
/// <param name="AvailableBalance">The account's available balance after the operation.</param>
public sealed record ReservationResult(ReservationStatus Status, Guid? ReservationId, decimal Amount, DateTimeOffset? ExpiresAt, decimal AvailableBalance);

/// <summary>
/// Charges the actual cost of a reserved call and releases the rest, in one transaction; a reservation is settled
/// at most once (settling again returns the first result; a different amount is a conflict). A cost above the
/// reservation takes the difference from the available balance, or answers InsufficientFunds and leaves it open.
/// </summary>
/// <param name="UserId">Whose reservation (another user's is not found).</param>
/// <param name="ReservationId">The reservation.</param>
/// <param name="Amount">The actual cost (at least 0, at most 8 decimals).</param>
/// <param name="Service">What was used, for the usage record.</param>
/// <param name="Tokens">Optional token counts and model for the usage record (not priced: the amount is the cost).</param>
/// <param name="Description">Optional description of the usage.</param>
public sealed record SettleReservation(Guid UserId, Guid ReservationId, decimal Amount, string Service, TokenUsage? Tokens = null, string? Description = null)
    : ICommand<ChargeResult>;

/// <summary>Gives a reservation back in full (nothing is charged). Releasing a closed reservation changes nothing and returns its state.</summary>
/// <param name="UserId">Whose reservation.</param>
/// <param name="ReservationId">The reservation.</param>
public sealed record ReleaseReservation(Guid UserId, Guid ReservationId) : ICommand<ReservationResult>;
