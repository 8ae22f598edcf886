
namespace AgentPlatform.Modules.Billing.Features.Orders;

/// <summary>An administrator confirms that a manual payment arrived: the order is paid and credited once.</summary>
internal sealed record ConfirmManualPayment(Guid OrderId) : ICommand<OrderDto>;

internal sealed class ConfirmManualPaymentHandler(OrderPayments payments) : ICommandHandler<ConfirmManualPayment, OrderDto>
{
    public async ValueTask<OrderDto> Handle(ConfirmManualPayment command, CancellationToken cancellationToken) =>
        await payments.PayAsync(command.OrderId, null, Infrastructure.Payments.ManualPaymentProvider.ProviderName, null, cancellationToken);
}
