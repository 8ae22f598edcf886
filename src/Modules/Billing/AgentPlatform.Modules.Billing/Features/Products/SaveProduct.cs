using System.Text.Json;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Billing.Domain;
using AgentPlatform.Modules.Billing.Domain.Products;

namespace AgentPlatform.Modules.Billing.Features.Products;

internal sealed record ProductDto(Guid Id, string Name, string? Description, ProductType Type, PricingMode PricingMode, decimal UnitPrice, string Currency,
    JsonElement? Metadata, ProductStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Create (Id null) or replace a product. Enums arrive as the API spells them; metadata is a JSON object.</summary>
internal sealed record SaveProduct(Guid? Id, string? Name, string? Description, string? Type, string? PricingMode, decimal UnitPrice, string? Currency,
    JsonElement? Metadata, string? Status) : ICommand<ProductDto>;

/// <summary>The body of create and replace.</summary>
internal sealed record ProductRequest(string? Name, string? Description, string? Type, string? PricingMode, decimal UnitPrice, string? Currency, JsonElement? Metadata, string? Status);

internal sealed class SaveProductValidator : AbstractValidator<SaveProduct>
{
    public SaveProductValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(255);
        RuleFor(x => x.Description).MaximumLength(2000);
        RuleFor(x => x.Type).Must(EnumText.IsDefined<ProductType>).WithMessage($"type is one of: {string.Join(", ", EnumText.Names<ProductType>())}.");
        RuleFor(x => x.PricingMode).Must(EnumText.IsDefined<PricingMode>).WithMessage($"pricingMode is one of: {string.Join(", ", EnumText.Names<PricingMode>())}.");
        RuleFor(x => x.Status).Must(EnumText.IsDefined<ProductStatus>).When(x => x.Status is not null).WithMessage($"status is one of: {string.Join(", ", EnumText.Names<ProductStatus>())}.");
        RuleFor(x => x.UnitPrice).Must(Money.IsValidNonNegative).WithMessage($"unitPrice is at least 0 with at most {Money.Scale} decimals.");
        RuleFor(x => x.UnitPrice).GreaterThan(0).When(x => x.PricingMode == "fixed").WithMessage("A fixed-price product needs a unit price above 0.");
        RuleFor(x => x.Currency).NotEmpty().Matches("^[A-Z]{3}$").WithMessage("currency is a three-letter code such as USD.");
        RuleFor(x => x.Metadata).Must(m => m is null || m.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null).WithMessage("metadata is a JSON object.");
    }
}

internal sealed class SaveProductHandler(BillingDbContext db) : ICommandHandler<SaveProduct, ProductDto>
{
    public async ValueTask<ProductDto> Handle(SaveProduct command, CancellationToken cancellationToken)
    {
        var type = EnumText.Parse<ProductType>(command.Type!);
        var mode = EnumText.Parse<PricingMode>(command.PricingMode!);
        var status = command.Status is null ? ProductStatus.Listed : EnumText.Parse<ProductStatus>(command.Status);
        var metadata = command.Metadata is { ValueKind: JsonValueKind.Object } m ? m.GetRawText() : null;
        Product product;
        if (command.Id is { } id)
        {
            product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw DomainException.NotFound("Product", id);
            product.Update(command.Name!, command.Description, type, mode, command.UnitPrice, command.Currency!, metadata, status);
        }
        else
        {
            product = Product.Create(command.Name!, command.Description, type, mode, command.UnitPrice, command.Currency!, metadata, status);
            db.Products.Add(product);
        }

        await db.SaveChangesAsync(cancellationToken);
        return ProductMapping.ToDto(product);
    }
}
