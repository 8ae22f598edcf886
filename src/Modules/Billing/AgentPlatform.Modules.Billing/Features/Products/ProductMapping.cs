using System.Text.Json;
using AgentPlatform.Modules.Billing.Domain.Products;

namespace AgentPlatform.Modules.Billing.Features.Products;

internal static class ProductMapping
{
    public static ProductDto ToDto(Product p) => new(p.Id, p.Name, p.Description, p.Type, p.PricingMode, p.UnitPrice, p.Currency,
        p.Metadata is null ? null : JsonDocument.Parse(p.Metadata).RootElement.Clone(), p.Status, p.CreatedAt, p.UpdatedAt);
}
