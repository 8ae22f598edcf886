using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Billing.Domain.Products;

namespace AgentPlatform.Modules.Billing.Features.Products;

/// <summary>Products, newest first; <c>ListedOnly</c> for users, everything for administrators.</summary>
internal sealed record ListProducts(bool ListedOnly, int? Page, int? PageSize) : IQuery<PagedResult<ProductDto>>, IPagedQuery;

internal sealed class ListProductsValidator : AbstractValidator<ListProducts>
{
    public ListProductsValidator() => this.ValidatePaging();
}

internal sealed class ListProductsHandler(BillingDbContext db) : IQueryHandler<ListProducts, PagedResult<ProductDto>>
{
    public async ValueTask<PagedResult<ProductDto>> Handle(ListProducts query, CancellationToken cancellationToken)
    {
        var products = db.Products.AsNoTracking();
        if (query.ListedOnly)
        {
            products = products.Where(p => p.Status == ProductStatus.Listed);
        }

        var page = await products.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id).ToPagedResultAsync(query, cancellationToken);
        return new PagedResult<ProductDto>([.. page.Items.Select(ProductMapping.ToDto)], page.Page, page.PageSize, page.Total);
    }
}
