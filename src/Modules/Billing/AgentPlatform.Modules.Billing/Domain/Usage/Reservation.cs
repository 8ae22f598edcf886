namespace AgentPlatform.Modules.Billing.Domain.Usage;

internal enum ReservationState
{
    Open,
    Settled,
    Released,
    Expired,
}

/// <summary>Money frozen for one request until it is settled, released or expires. Changed only under its account's lock.</summary>
internal sealed class Reservation : Entity
{
    private Reservation()
    {
    }

    public Guid AccountId { get; private set; }

    public Guid UserId { get; private set; }

    public string RequestId { get; private set; } = "";

    public decimal Amount { get; private set; }

    public ReservationState Status { get; private set; }

    public decimal? SettledAmount { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public static Reservation Open(Guid accountId, Guid userId, string requestId, decimal amount, DateTimeOffset expiresAt, DateTimeOffset now) =>
        new() { AccountId = accountId, UserId = userId, RequestId = requestId, Amount = amount, Status = ReservationState.Open, ExpiresAt = expiresAt, CreatedAt = now };

    public void Settle(decimal amount, DateTimeOffset now)
    {
        EnsureOpen();
        Status = ReservationState.Settled;
        SettledAmount = amount;
        ClosedAt = now;
    }

    public void Release(bool expired, DateTimeOffset now)
    {
        EnsureOpen();
        Status = expired ? ReservationState.Expired : ReservationState.Released;
        ClosedAt = now;
    }

    private void EnsureOpen()
    {
        if (Status != ReservationState.Open)
        {
            throw DomainException.Conflict("billing.reservation_closed", $"The reservation is already {Status.ToString().ToLowerInvariant()}.");
        }
    }
}
