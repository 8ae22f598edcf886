using System.Runtime.InteropServices;

namespace AgentPlatform.Modules.Billing.Domain.Accounts;

/// <summary>
/// A user's money (seed 004 user_balance). Every change goes through <see cref="Post"/>, which writes the ledger
/// row and moves the balances together; callers hold the account's row lock (SELECT ... FOR UPDATE) for the whole
/// transaction, so <see cref="Version"/> numbers the ledger without gaps.
/// </summary>
internal sealed class Account : AggregateRoot, IAuditable
{
    private Account()
    {
    }

    public Guid UserId { get; private set; }

    public string Currency { get; private set; } = "";

    public decimal Balance { get; private set; }

    public decimal FrozenBalance { get; private set; }

    /// <summary>How far below zero the available balance may go (0: never).</summary>
    public decimal CreditLimit { get; private set; }

    /// <summary>The subscription product whose quota limits apply; null for the platform's defaults.</summary>
    public Guid? PlanProductId { get; private set; }

    /// <summary>The sequence number of the last ledger row.</summary>
    public long Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public decimal AvailableBalance => Balance - FrozenBalance;

    public static Account Open(Guid userId, string currency, DateTimeOffset now) =>
        new() { UserId = userId, Currency = currency, CreatedAt = now, UpdatedAt = now };

    /// <summary>
    /// Moves <paramref name="amount"/> into the balance and <paramref name="frozenChange"/> into the frozen balance,
    /// and returns the ledger row that records it. Taking money (a negative amount or more frozen) must leave the
    /// available balance at or above minus the credit limit.
    /// </summary>
    public LedgerEntry Post(TransactionType type, decimal amount, decimal frozenChange, LedgerLink link, string? description, DateTimeOffset now)
    {
        var balance = Balance + amount;
        var frozen = FrozenBalance + frozenChange;
        if (frozen < 0)
        {
            throw new InvalidOperationException("The frozen balance cannot go below zero; a reservation was released twice.");
        }

        if (balance > Money.MaxBalance)
        {
            throw DomainException.Conflict("billing.balance_limit", $"An account holds at most {Money.MaxBalance}.");
        }

        var takes = amount < 0 || frozenChange > 0;
        if (takes && balance - frozen < -CreditLimit)
        {
            throw new InsufficientFundsException(-(amount - frozenChange), AvailableBalance + CreditLimit);
        }

        var entry = new LedgerEntry(Id, UserId, Version + 1, type, amount, Balance, balance, frozenChange, frozen, link, description, now);
        Balance = balance;
        FrozenBalance = frozen;
        Version++;
        UpdatedAt = now;
        return entry;
    }

    /// <summary>Lets the available balance go down to minus <paramref name="creditLimit"/>; a lower limit must still cover what is already spent.</summary>
    public void SetCreditLimit(decimal creditLimit, DateTimeOffset now)
    {
        if (creditLimit < 0)
        {
            throw DomainException.Invalid("creditLimit", "The credit limit is 0 or more.");
        }

        if (AvailableBalance < -creditLimit)
        {
            throw DomainException.Conflict("billing.credit_in_use", $"The account already uses {-AvailableBalance} of credit; the limit cannot go below that.");
        }

        CreditLimit = creditLimit;
        UpdatedAt = now;
    }

    public void ChangePlan(Guid? productId, DateTimeOffset now)
    {
        PlanProductId = productId;
        UpdatedAt = now;
    }
}

/// <summary>What a ledger row belongs to.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct LedgerLink(Guid? OrderId = null, Guid? UsageRecordId = null, Guid? ReservationId = null);

/// <summary>Ledger row types (seed 004 transactions.type, extended with the reservation moves).</summary>
internal enum TransactionType
{
    Recharge,
    Deduction,
    Refund,
    Reservation,
    Release,
    Adjustment,
}

/// <summary>
/// One row of the ledger (seed 004 transactions): immutable. <c>balance_after = balance_before + amount</c> and the
/// rows of an account chain by <see cref="Sequence"/>; the database checks both.
/// </summary>
internal sealed class LedgerEntry : Entity
{
    private LedgerEntry()
    {
    }

    public LedgerEntry(Guid accountId, Guid userId, long sequence, TransactionType type, decimal amount, decimal balanceBefore, decimal balanceAfter,
        decimal frozenChange, decimal frozenAfter, LedgerLink link, string? description, DateTimeOffset createdAt)
    {
        AccountId = accountId;
        UserId = userId;
        Sequence = sequence;
        Type = type;
        Amount = amount;
        BalanceBefore = balanceBefore;
        BalanceAfter = balanceAfter;
        FrozenChange = frozenChange;
        FrozenAfter = frozenAfter;
        OrderId = link.OrderId;
        UsageRecordId = link.UsageRecordId;
        ReservationId = link.ReservationId;
        Description = description;
        CreatedAt = createdAt;
    }

    public Guid AccountId { get; private set; }

    public Guid UserId { get; private set; }

    public long Sequence { get; private set; }

    public TransactionType Type { get; private set; }

    public decimal Amount { get; private set; }

    public decimal BalanceBefore { get; private set; }

    public decimal BalanceAfter { get; private set; }

    public decimal FrozenChange { get; private set; }

    public decimal FrozenAfter { get; private set; }

    public Guid? OrderId { get; private set; }

    public Guid? UsageRecordId { get; private set; }

    public Guid? ReservationId { get; private set; }

    public string? Description { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
