using System.Runtime.InteropServices;

namespace AgentPlatform.Modules.Billing.Domain.Usage;

internal enum UsageStatus
{
    /// <summary>The cost was taken from the account.</summary>
    Charged,

    /// <summary>The work already happened (an Llm usage event) but the account could not cover it: owed, not taken.</summary>
    Unpaid,
}

/// <summary>One billed unit of work (seed 004 usage_records), unique by request id: the idempotency key of the charge.</summary>
internal sealed class UsageRecord : Entity
{
    private UsageRecord()
    {
    }

    public Guid UserId { get; private set; }

    public string RequestId { get; private set; } = "";

    public string ServiceName { get; private set; } = "";

    public string? ModelName { get; private set; }

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public int Executions { get; private set; }

    public decimal Cost { get; private set; }

    public UsageStatus Status { get; private set; }

    public string? PricingRule { get; private set; }

    public string? Description { get; private set; }

    public Guid? ReservationId { get; private set; }

    public DateTimeOffset BilledAt { get; private set; }

    /// <summary>The UTC day of <see cref="BilledAt"/>, stored so usage aggregates by day on an index and partitions by month later.</summary>
    public DateOnly BilledOn { get; private set; }

    public static UsageRecord Create(Guid userId, string requestId, string service, UsageQuantity quantity, decimal cost, UsageStatus status,
        string? pricingRule, string? description, Guid? reservationId, DateTimeOffset now) => new()
        {
            UserId = userId,
            RequestId = requestId,
            ServiceName = service,
            ModelName = quantity.ModelName,
            InputTokens = quantity.InputTokens,
            OutputTokens = quantity.OutputTokens,
            Executions = quantity.Executions,
            Cost = cost,
            Status = status,
            PricingRule = pricingRule,
            Description = description,
            ReservationId = reservationId,
            BilledAt = now,
            BilledOn = DateOnly.FromDateTime(now.UtcDateTime),
        };
}

/// <summary>What was used, as stored with the usage record.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct UsageQuantity(string? ModelName, long InputTokens, long OutputTokens, int Executions);
