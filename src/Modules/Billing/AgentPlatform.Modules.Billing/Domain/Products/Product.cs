namespace AgentPlatform.Modules.Billing.Domain.Products;

internal enum ProductType
{
    Recharge,
    Subscription,
}

internal enum PricingMode
{
    /// <summary>The order amount is the unit price times the quantity.</summary>
    Fixed,

    /// <summary>The buyer chooses the amount (a top-up of any size).</summary>
    PayAsYouGo,
}

internal enum ProductStatus
{
    Listed,
    Unlisted,
}

/// <summary>Something a user can order (seed 004 products).</summary>
internal sealed class Product : AggregateRoot, IAuditable
{
    private Product()
    {
    }

    public string Name { get; private set; } = "";

    public string? Description { get; private set; }

    public ProductType Type { get; private set; }

    public PricingMode PricingMode { get; private set; }

    public decimal UnitPrice { get; private set; }

    public string Currency { get; private set; } = "";

    /// <summary>A JSON object; subscriptions may carry <c>requestsPerMinute</c> and <c>tokensPerDay</c> limits.</summary>
    public string? Metadata { get; private set; }

    public ProductStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static Product Create(string name, string? description, ProductType type, PricingMode mode, decimal unitPrice, string currency, string? metadata, ProductStatus status)
    {
        var product = new Product();
        product.Update(name, description, type, mode, unitPrice, currency, metadata, status);
        return product;
    }

    public void Update(string name, string? description, ProductType type, PricingMode mode, decimal unitPrice, string currency, string? metadata, ProductStatus status)
    {
        Name = name;
        Description = description;
        Type = type;
        PricingMode = mode;
        UnitPrice = unitPrice;
        Currency = currency;
        Metadata = metadata;
        Status = status;
    }
}
