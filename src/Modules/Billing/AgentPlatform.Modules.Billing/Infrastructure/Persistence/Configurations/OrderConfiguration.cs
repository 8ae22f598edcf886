using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Billing.Domain.Orders;
using AgentPlatform.Modules.Billing.Domain.Products;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentPlatform.Modules.Billing.Infrastructure.Persistence.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("orders", t =>
        {
            t.HasEnumCheck<Order, OrderType>("orders", "order_type");
            t.HasEnumCheck<Order, OrderStatus>("orders", "status");
            t.HasCheckConstraint("ck_orders_amount", "amount > 0");
            t.HasCheckConstraint("ck_orders_refund_amount", "refund_amount >= 0 AND refund_amount <= amount");
        });
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.OrderNo).HasMaxLength(100).IsRequired();
        builder.Property(x => x.OrderType).HasEnumText(20);
        builder.Property(x => x.Status).HasEnumText(20);
        builder.Property(x => x.Title).HasMaxLength(255).IsRequired();
        builder.Property(x => x.Amount).HasPrecision(20, 8);
        builder.Property(x => x.RefundAmount).HasPrecision(20, 8);
        builder.Property(x => x.Currency).HasMaxLength(10).IsRequired();
        builder.Property(x => x.PaymentProvider).HasMaxLength(50);
        builder.Ignore(x => x.Refundable);
        builder.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(x => x.OrderNo).IsUnique();
        builder.HasIndex(x => new { x.UserId, x.CreatedAt });
        builder.HasIndex(x => x.ExpiresAt).HasFilter("status = 'pending'");
    }
}

internal sealed class PaymentNotificationConfiguration : IEntityTypeConfiguration<PaymentNotification>
{
    public void Configure(EntityTypeBuilder<PaymentNotification> builder)
    {
        builder.ToTable("payment_notifications");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.Provider).HasMaxLength(50).IsRequired();
        builder.Property(x => x.NotificationId).HasMaxLength(200).IsRequired();
        builder.Property(x => x.Amount).HasPrecision(20, 8);
        builder.HasOne<Order>().WithMany().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(x => new { x.Provider, x.NotificationId }).IsUnique();
    }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("products", t =>
        {
            t.HasEnumCheck<Product, ProductType>("products", "type");
            t.HasEnumCheck<Product, PricingMode>("products", "pricing_mode");
            t.HasEnumCheck<Product, ProductStatus>("products", "status");
            t.HasCheckConstraint("ck_products_unit_price", "unit_price >= 0");
        });
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.Name).HasMaxLength(255).IsRequired();
        builder.Property(x => x.Type).HasEnumText(20);
        builder.Property(x => x.PricingMode).HasEnumText(20);
        builder.Property(x => x.Status).HasEnumText(20);
        builder.Property(x => x.UnitPrice).HasPrecision(20, 8);
        builder.Property(x => x.Currency).HasMaxLength(10).IsRequired();
        builder.Property(x => x.Metadata).HasColumnType("jsonb");
        builder.HasIndex(x => x.Status);
    }
}

internal sealed class PricingRuleConfiguration : IEntityTypeConfiguration<PricingRule>
{
    public void Configure(EntityTypeBuilder<PricingRule> builder)
    {
        builder.ToTable("pricing_rules", t =>
        {
            t.HasEnumCheck<PricingRule, PricingRuleKind>("pricing_rules", "kind");
            t.HasCheckConstraint("ck_pricing_rules_prices", "COALESCE(input_price_per1k, 0) >= 0 AND COALESCE(output_price_per1k, 0) >= 0 AND COALESCE(price_per_execution, 0) >= 0 AND COALESCE(markup_percent, 0) >= -100");
        });
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.Kind).HasEnumText(20);
        builder.Property(x => x.Target).HasMaxLength(200).IsRequired();
        builder.Property(x => x.InputPricePer1K).HasPrecision(20, 8);
        builder.Property(x => x.OutputPricePer1K).HasPrecision(20, 8);
        builder.Property(x => x.MarkupPercent).HasPrecision(10, 4);
        builder.Property(x => x.PricePerExecution).HasPrecision(20, 8);
        builder.HasIndex(x => new { x.Kind, x.Target }).IsUnique();
    }
}
