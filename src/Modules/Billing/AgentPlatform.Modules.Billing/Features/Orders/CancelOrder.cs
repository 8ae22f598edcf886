
namespace AgentPlatform.Modules.Billing.Features.Orders;

internal sealed record CancelOrder(Guid UserId, Guid OrderId) : ICommand<OrderDto>;

internal sealed class CancelOrderHandler(OrderPayments payments) : ICommandHandler<CancelOrder, OrderDto>
{
    public async ValueTask<OrderDto> Handle(CancelOrder command, CancellationToken cancellationToken) =>
        await payments.CancelAsync(command.OrderId, command.UserId, cancellationToken);
}
