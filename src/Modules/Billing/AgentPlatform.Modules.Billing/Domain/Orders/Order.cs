namespace AgentPlatform.Modules.Billing.Domain.Orders;

internal enum OrderType
{
    Recharge,
    Subscription,
}

internal enum OrderStatus
{
    Pending,
    Paid,
    PartiallyRefunded,
    Refunded,
    Cancelled,
    Expired,
}

/// <summary>
/// An order (seed 004 orders) and its status machine: pending, then paid (once), cancelled or expired; a paid order
/// is refunded in parts, never above what was paid. Money moves only under the owner's account lock.
/// </summary>
internal sealed class Order : AggregateRoot, IAuditable
{
    private Order()
    {
    }

    public Guid UserId { get; private set; }

    public string OrderNo { get; private set; } = "";

    public Guid ProductId { get; private set; }

    public OrderType OrderType { get; private set; }

    public string Title { get; private set; } = "";

    public decimal Amount { get; private set; }

    public string Currency { get; private set; } = "";

    public OrderStatus Status { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? PaidAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public DateTimeOffset? RefundedAt { get; private set; }

    public decimal RefundAmount { get; private set; }

    public string? PaymentProvider { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public decimal Refundable => Status is OrderStatus.Paid or OrderStatus.PartiallyRefunded ? Amount - RefundAmount : 0;

    public static Order Create(Guid userId, string orderNo, Guid productId, OrderType type, string title, decimal amount, string currency, DateTimeOffset expiresAt) =>
        new()
        {
            UserId = userId,
            OrderNo = orderNo,
            ProductId = productId,
            OrderType = type,
            Title = title,
            Amount = amount,
            Currency = currency,
            Status = OrderStatus.Pending,
            ExpiresAt = expiresAt,
        };

    /// <summary>Chooses how the order will be paid; only a payable order can be.</summary>
    public void StartPayment(string provider, DateTimeOffset now)
    {
        EnsurePayable(now);
        PaymentProvider = provider;
    }

    public void MarkPaid(string provider, DateTimeOffset now)
    {
        EnsurePayable(now);
        Status = OrderStatus.Paid;
        PaymentProvider = provider;
        PaidAt = now;
    }

    public void Cancel(DateTimeOffset now)
    {
        EnsurePayable(now);
        Status = OrderStatus.Cancelled;
        CancelledAt = now;
    }

    public void Expire(DateTimeOffset now)
    {
        if (Status == OrderStatus.Pending && ExpiresAt <= now)
        {
            Status = OrderStatus.Expired;
        }
    }

    public void Refund(decimal amount, DateTimeOffset now)
    {
        if (Status is not (OrderStatus.Paid or OrderStatus.PartiallyRefunded))
        {
            throw DomainException.Conflict("billing.order_not_refundable", $"Only a paid order can be refunded; this one is {Describe(Status)}.");
        }

        if (amount > Refundable)
        {
            throw DomainException.Invalid("amount", $"At most {Refundable} of this order can still be refunded.");
        }

        RefundAmount += amount;
        RefundedAt = now;
        Status = RefundAmount == Amount ? OrderStatus.Refunded : OrderStatus.PartiallyRefunded;
    }

    private void EnsurePayable(DateTimeOffset now)
    {
        if (Status == OrderStatus.Pending && ExpiresAt <= now)
        {
            throw DomainException.Conflict("billing.order_expired", "The order has expired; create a new one.");
        }

        if (Status != OrderStatus.Pending)
        {
            throw DomainException.Conflict("billing.order_not_pending", $"The order is {Describe(Status)}, not awaiting payment.");
        }
    }

    private static string Describe(OrderStatus status) => status switch
    {
        OrderStatus.PartiallyRefunded => "partially refunded",
        _ => status.ToString().ToLowerInvariant(),
    };
}

/// <summary>A payment provider's notification, kept so that the same notification credits once (unique per provider).</summary>
internal sealed class PaymentNotification : Entity
{
    private PaymentNotification()
    {
    }

    public PaymentNotification(string provider, string notificationId, Guid orderId, decimal amount, DateTimeOffset receivedAt)
    {
        Provider = provider;
        NotificationId = notificationId;
        OrderId = orderId;
        Amount = amount;
        ReceivedAt = receivedAt;
    }

    public string Provider { get; private set; } = "";

    public string NotificationId { get; private set; } = "";

    public Guid OrderId { get; private set; }

    public decimal Amount { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }
}
