using AgentPlatform.Modules.Billing.Domain.Accounts;
using AgentPlatform.Modules.Billing.Domain.Orders;
using AgentPlatform.Modules.Billing.Infrastructure;

namespace AgentPlatform.Modules.Billing.Features.Orders;

internal sealed record OrderDto(Guid Id, string OrderNo, Guid ProductId, OrderType OrderType, string Title, decimal Amount, string Currency, OrderStatus Status,
    DateTimeOffset ExpiresAt, DateTimeOffset? PaidAt, DateTimeOffset? CancelledAt, DateTimeOffset? RefundedAt, decimal RefundAmount, string? PaymentProvider, DateTimeOffset CreatedAt);

/// <summary>
/// Order changes that touch money, each in one transaction under the owner's account lock: the order is read after
/// the lock, so a payment and a cancel, a refund or a second payment of the same order cannot interleave.
/// </summary>
internal sealed class OrderPayments(BillingDbContext db, AccountLedger ledger, TimeProvider clock)
{
    public const string NotificationIndex = "ix_payment_notifications_provider_notification_id";

    /// <summary>Marks the order paid and credits it exactly once (a recharge), or makes its product the account's plan (a subscription).</summary>
    public Task<OrderDto> PayAsync(Guid orderId, Guid? userId, string provider, PaymentNotification? notification, CancellationToken cancellationToken) =>
        WithLockedOrderAsync(orderId, userId, async (account, order) =>
        {
            var now = clock.GetUtcNow();
            order.MarkPaid(provider, now);
            if (order.OrderType == OrderType.Recharge)
            {
                db.Transactions.Add(account.Post(TransactionType.Recharge, order.Amount, 0, new LedgerLink(OrderId: order.Id), $"order {order.OrderNo} paid via {provider}", now));
            }
            else
            {
                account.ChangePlan(order.ProductId, now);
            }

            if (notification is not null)
            {
                db.PaymentNotifications.Add(notification);
            }
        }, cancellationToken);

    public Task<OrderDto> RefundAsync(Guid orderId, decimal? amount, string reason, CancellationToken cancellationToken) =>
        WithLockedOrderAsync(orderId, null, (account, order) =>
        {
            var now = clock.GetUtcNow();
            var refund = amount ?? order.Refundable;
            order.Refund(refund, now);
            if (order.OrderType == OrderType.Recharge)
            {
                // The money goes back to the payer, so it leaves the balance; money already spent cannot be refunded (402).
                db.Transactions.Add(account.Post(TransactionType.Refund, -refund, 0, new LedgerLink(OrderId: order.Id), $"refund of order {order.OrderNo}: {reason}", now));
            }
            else if (order.Status == OrderStatus.Refunded && account.PlanProductId == order.ProductId)
            {
                account.ChangePlan(null, now);
            }

            return Task.CompletedTask;
        }, cancellationToken);

    public Task<OrderDto> StartPaymentAsync(Guid orderId, Guid userId, string provider, CancellationToken cancellationToken) =>
        WithLockedOrderAsync(orderId, userId, (_, order) =>
        {
            order.StartPayment(provider, clock.GetUtcNow());
            return Task.CompletedTask;
        }, cancellationToken);

    public Task<OrderDto> CancelAsync(Guid orderId, Guid userId, CancellationToken cancellationToken) =>
        WithLockedOrderAsync(orderId, userId, (_, order) =>
        {
            order.Cancel(clock.GetUtcNow());
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Expires the order if it is still pending past its expiry; false when there was nothing to do.</summary>
    public async Task<bool> ExpireAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var result = await WithLockedOrderAsync(orderId, null, (_, order) =>
        {
            order.Expire(clock.GetUtcNow());
            return Task.CompletedTask;
        }, cancellationToken);
        return result.Status == OrderStatus.Expired;
    }

    private async Task<OrderDto> WithLockedOrderAsync(Guid orderId, Guid? userId, Func<Account, Order, Task> change, CancellationToken cancellationToken)
    {
        var owner = await db.Orders.AsNoTracking().Where(o => o.Id == orderId && (userId == null || o.UserId == userId)).Select(o => (Guid?)o.UserId).FirstOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("Order", orderId);
        return await ledger.InTransactionAsync(
            async () =>
            {
                var account = await ledger.LockAsync(owner, cancellationToken);
                var order = await db.Orders.FirstAsync(o => o.Id == orderId, cancellationToken);
                await change(account, order);
                await db.SaveChangesAsync(cancellationToken);
                return ToDto(order);
            },
            cancellationToken);
    }

    public static OrderDto ToDto(Order o) => new(o.Id, o.OrderNo, o.ProductId, o.OrderType, o.Title, o.Amount, o.Currency, o.Status, o.ExpiresAt, o.PaidAt, o.CancelledAt,
        o.RefundedAt, o.RefundAmount, o.PaymentProvider, o.CreatedAt);
}
