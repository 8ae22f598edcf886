using AgentPlatform.BuildingBlocks.Domain;
using AgentPlatform.Modules.Billing.Contracts;
using AgentPlatform.Modules.Billing.Domain.Orders;
using AgentPlatform.Modules.Billing.Domain.Products;
using AgentPlatform.Modules.Billing.Features.Shared;

namespace AgentPlatform.UnitTests.Billing;

public sealed class OrderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static Order NewOrder(decimal amount = 50m) =>
        Order.Create(Guid.CreateVersion7(), "BO1", Guid.CreateVersion7(), OrderType.Recharge, "Top-up", amount, "USD", Now.AddMinutes(30));

    [Fact]
    public void An_order_is_paid_once()
    {
        var order = NewOrder();
        order.MarkPaid("manual", Now);
        (order.Status, order.PaidAt, order.PaymentProvider).ShouldBe((OrderStatus.Paid, (DateTimeOffset?)Now, "manual"));
        Should.Throw<DomainException>(() => order.MarkPaid("manual", Now)).Code.ShouldBe("billing.order_not_pending");
        Should.Throw<DomainException>(() => order.Cancel(Now)).Kind.ShouldBe(ErrorKind.Conflict);
    }

    [Fact]
    public void Expired_and_cancelled_orders_cannot_be_paid()
    {
        var late = NewOrder();
        Should.Throw<DomainException>(() => late.MarkPaid("manual", Now.AddMinutes(30))).Code.ShouldBe("billing.order_expired");
        late.Expire(Now.AddMinutes(31));
        late.Status.ShouldBe(OrderStatus.Expired);

        var cancelled = NewOrder();
        cancelled.Cancel(Now);
        cancelled.Expire(Now.AddHours(1));
        cancelled.Status.ShouldBe(OrderStatus.Cancelled, "only a pending order expires");
        Should.Throw<DomainException>(() => cancelled.StartPayment("manual", Now)).Kind.ShouldBe(ErrorKind.Conflict);
    }

    [Fact]
    public void Refunds_add_up_to_at_most_the_amount_paid()
    {
        var order = NewOrder();
        Should.Throw<DomainException>(() => order.Refund(1m, Now)).Code.ShouldBe("billing.order_not_refundable");
        order.MarkPaid("manual", Now);

        order.Refund(20m, Now);
        (order.Status, order.Refundable).ShouldBe((OrderStatus.PartiallyRefunded, 30m));
        Should.Throw<DomainException>(() => order.Refund(30.00000001m, Now)).Kind.ShouldBe(ErrorKind.Validation);
        order.Refund(30m, Now);
        (order.Status, order.RefundAmount, order.Refundable).ShouldBe((OrderStatus.Refunded, 50m, 0m));
    }

    [Fact]
    public void Tokens_are_priced_at_the_models_prices_or_the_rules_with_the_markup()
    {
        var tokens = new TokenUsage("m", 1500, 500, 0.2m, 0.6m);
        var plain = UsagePricing.PriceTokens(tokens, null, 10m);
        plain.Cost.ShouldBe(0.66m, "(1.5 x 0.2 + 0.5 x 0.6) x 1.1");
        plain.Quantity.InputTokens.ShouldBe(1500);

        var rule = PricingRule.Create(PricingRuleKind.Model, "m");
        rule.Set(null, 1m, 0m, null);
        UsagePricing.PriceTokens(tokens, rule, 10m).Cost.ShouldBe(0.8m, "the rule's output price and its 0 % markup win");

        UsagePricing.PriceTokens(new TokenUsage("m", 1, 0, 0.001m, 0m), null, 0m).Cost.ShouldBe(0.00000100m);
        UsagePricing.PriceTokens(new TokenUsage("m", 1, 0, 0.000001m, 0m), null, 0m).Cost.ShouldBe(0.00000001m, "rounded up, never to zero");
    }
}
