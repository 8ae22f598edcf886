using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Billing.Domain.Orders;

namespace AgentPlatform.Modules.Billing.Features.Orders;

/// <summary>A user's orders, newest first; status as the API spells it.</summary>
internal sealed record ListOrders(Guid UserId, int? Page, int? PageSize, string? Status) : IQuery<PagedResult<OrderDto>>, IPagedQuery;

internal sealed class ListOrdersValidator : AbstractValidator<ListOrders>
{
    public ListOrdersValidator()
    {
        this.ValidatePaging();
        RuleFor(x => x.Status).Must(EnumText.IsDefined<OrderStatus>).When(x => x.Status is not null)
            .WithMessage($"status is one of: {string.Join(", ", EnumText.Names<OrderStatus>())}.");
    }
}

internal sealed class ListOrdersHandler(BillingDbContext db) : IQueryHandler<ListOrders, PagedResult<OrderDto>>
{
    public async ValueTask<PagedResult<OrderDto>> Handle(ListOrders query, CancellationToken cancellationToken)
    {
        var orders = db.Orders.AsNoTracking().Where(o => o.UserId == query.UserId);
        if (query.Status is not null)
        {
            var status = EnumText.Parse<OrderStatus>(query.Status);
            orders = orders.Where(o => o.Status == status);
        }

        var page = await orders.OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id).ToPagedResultAsync(query, cancellationToken);
        return new PagedResult<OrderDto>([.. page.Items.Select(OrderPayments.ToDto)], page.Page, page.PageSize, page.Total);
    }
}
