
namespace AgentPlatform.Modules.Billing.Features.Orders;

/// <summary>One order; another user's is not found. UserId null: any user's (administrators).</summary>
internal sealed record GetOrder(Guid OrderId, Guid? UserId) : IQuery<OrderDto>;

internal sealed class GetOrderHandler(BillingDbContext db) : IQueryHandler<GetOrder, OrderDto>
{
    public async ValueTask<OrderDto> Handle(GetOrder query, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == query.OrderId && (query.UserId == null || o.UserId == query.UserId), cancellationToken)
            ?? throw DomainException.NotFound("Order", query.OrderId);
        return OrderPayments.ToDto(order);
    }
}
