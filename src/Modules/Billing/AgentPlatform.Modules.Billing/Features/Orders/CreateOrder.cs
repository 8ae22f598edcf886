using System.Globalization;
using System.Security.Cryptography;
using AgentPlatform.Modules.Billing.Domain;
using AgentPlatform.Modules.Billing.Domain.Orders;
using AgentPlatform.Modules.Billing.Domain.Products;
using AgentPlatform.Modules.Billing.Features.Accounts;
using AgentPlatform.Modules.Billing.Infrastructure;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Modules.Billing.Features.Orders;

/// <summary>Orders a listed product: a fixed price times the quantity, or the amount the buyer chooses (pay as you go).</summary>
internal sealed record CreateOrder(Guid UserId, Guid ProductId, int? Quantity, decimal? Amount) : ICommand<OrderDto>;

/// <summary>The body of order creation.</summary>
internal sealed record CreateOrderRequest(Guid ProductId, int? Quantity, decimal? Amount);

internal sealed class CreateOrderValidator : AbstractValidator<CreateOrder>
{
    public CreateOrderValidator()
    {
        RuleFor(x => x.ProductId).NotEmpty();
        RuleFor(x => x.Quantity).InclusiveBetween(1, 1000).When(x => x.Quantity is not null);
        RuleFor(x => x.Amount!.Value).Must(Money.IsValidPositive).When(x => x.Amount is not null).OverridePropertyName("amount")
            .WithMessage($"The amount must be more than 0 and at most {Money.MaxAmount}, with at most {Money.Scale} decimals.");
    }
}

internal sealed class CreateOrderHandler(BillingDbContext db, ISender sender, IOptions<BillingOptions> options, TimeProvider clock) : ICommandHandler<CreateOrder, OrderDto>
{
    public async ValueTask<OrderDto> Handle(CreateOrder command, CancellationToken cancellationToken)
    {
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == command.ProductId && p.Status == ProductStatus.Listed, cancellationToken)
            ?? throw DomainException.NotFound("Product", command.ProductId);
        decimal amount;
        if (product.PricingMode == PricingMode.PayAsYouGo)
        {
            amount = command.Amount ?? throw DomainException.Invalid("amount", "This product is pay as you go: give the amount.");
        }
        else
        {
            if (command.Amount is not null)
            {
                throw DomainException.Invalid("amount", "This product has a fixed price: give a quantity, not an amount.");
            }

            amount = product.UnitPrice * (command.Quantity ?? 1);
            if (amount > Money.MaxAmount)
            {
                throw DomainException.Invalid("quantity", $"An order is at most {Money.MaxAmount}.");
            }
        }

        var account = await sender.Send(new GetAccount(command.UserId), cancellationToken);
        if (!string.Equals(account.Currency, product.Currency, StringComparison.Ordinal))
        {
            throw DomainException.Conflict("billing.currency_mismatch", $"The product is sold in {product.Currency} but the account is in {account.Currency}.");
        }

        var now = clock.GetUtcNow();
        var type = product.Type == ProductType.Recharge ? OrderType.Recharge : OrderType.Subscription;
        var title = command.Quantity is > 1 ? $"{product.Name} x {command.Quantity}" : product.Name;
        var order = Order.Create(command.UserId, NewOrderNo(now), product.Id, type, title, amount, product.Currency, now + options.Value.OrderPaymentWindow);
        db.Orders.Add(order);
        await db.SaveChangesAsync(cancellationToken);
        return OrderPayments.ToDto(order);
    }

    /// <summary>Readable and unique: the UTC time, then 10 random digits (the unique index catches the astronomically rare clash).</summary>
    private static string NewOrderNo(DateTimeOffset now) =>
        "BO" + now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + RandomNumberGenerator.GetInt32(0, 100_000).ToString("D5", CultureInfo.InvariantCulture)
        + RandomNumberGenerator.GetInt32(0, 100_000).ToString("D5", CultureInfo.InvariantCulture);
}
