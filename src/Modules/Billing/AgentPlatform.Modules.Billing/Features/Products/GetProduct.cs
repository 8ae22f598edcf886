using AgentPlatform.Modules.Billing.Domain.Products;

namespace AgentPlatform.Modules.Billing.Features.Products;

internal sealed record GetProduct(Guid Id, bool ListedOnly) : IQuery<ProductDto>;

internal sealed class GetProductHandler(BillingDbContext db) : IQueryHandler<GetProduct, ProductDto>
{
    public async ValueTask<ProductDto> Handle(GetProduct query, CancellationToken cancellationToken)
    {
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == query.Id && (!query.ListedOnly || p.Status == ProductStatus.Listed), cancellationToken)
            ?? throw DomainException.NotFound("Product", query.Id);
        return ProductMapping.ToDto(product);
    }
}
