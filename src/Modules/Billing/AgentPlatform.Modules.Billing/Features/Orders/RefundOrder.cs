using System.Text.Json;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Billing.Domain;
using AgentPlatform.Modules.Users.Contracts;

namespace AgentPlatform.Modules.Billing.Features.Orders;

/// <summary>Refunds a paid order in full (no amount) or in part, never above what is left; each refund is a ledger row, audited.</summary>
internal sealed record RefundOrder(Guid OrderId, decimal? Amount, string? Reason) : ICommand<OrderDto>;

/// <summary>The body of the refund endpoint.</summary>
internal sealed record RefundRequest(decimal? Amount, string? Reason);

internal sealed class RefundOrderValidator : AbstractValidator<RefundOrder>
{
    public RefundOrderValidator()
    {
        RuleFor(x => x.Amount!.Value).Must(Money.IsValidPositive).When(x => x.Amount is not null).OverridePropertyName("amount")
            .WithMessage($"The amount must be more than 0 and at most {Money.MaxAmount}, with at most {Money.Scale} decimals.");
        RuleFor(x => x.Reason).NotEmpty().WithMessage("A reason is required.").MaximumLength(400);
    }
}

internal sealed class RefundOrderHandler(OrderPayments payments, ICurrentUser currentUser, ISender sender) : ICommandHandler<RefundOrder, OrderDto>
{
    public async ValueTask<OrderDto> Handle(RefundOrder command, CancellationToken cancellationToken)
    {
        var before = await sender.Send(new GetOrder(command.OrderId, null), cancellationToken);
        var order = await payments.RefundAsync(command.OrderId, command.Amount, command.Reason!, cancellationToken);
        var payload = JsonSerializer.Serialize(new { orderNo = order.OrderNo, amount = order.RefundAmount - before.RefundAmount, reason = command.Reason });
        await sender.Send(new RecordAuditEntry(currentUser.IsAuthenticated ? currentUser.Id : null, "billing.refund", "order", order.Id.ToString(), payload, currentUser.IpAddress), cancellationToken);
        return order;
    }
}
