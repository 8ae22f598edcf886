using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Modules.Billing.Contracts;
using AgentPlatform.Modules.Billing.Features.Orders;
using AgentPlatform.Modules.Billing.Features.Products;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Billing.Features.Accounts;

/// <summary>The signed-in user's own billing: account, ledger, usage, quota, products and orders.</summary>
internal static class BillingEndpoints
{
    public static void Map(RouteGroupBuilder billing)
    {
        billing.MapGet("/account", async (ICurrentUser user, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetAccount(user.Id), ct)))
            .WithName("GetBillingAccount")
            .WithSummary("The caller's balance, frozen (reserved) balance and currency; the account opens on first use.")
            .Produces<AccountDto>()
            .ProducesProblems(401, 403);

        billing.MapGet("/transactions", async (int? page, int? pageSize, string? type, DateTimeOffset? from, DateTimeOffset? to, ICurrentUser user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListTransactions(user.Id, page, pageSize, type, from, to), ct)))
            .WithName("ListBillingTransactions")
            .WithSummary("The caller's ledger, newest first; filter by type and by a time range (from inclusive, to exclusive).")
            .Produces<PagedResult<TransactionDto>>()
            .ProducesProblems(400, 401, 403);

        billing.MapGet("/usage", async (DateOnly? from, DateOnly? to, int? page, int? pageSize, ICurrentUser user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetUsageSummary(user.Id, from, to, page, pageSize), ct)))
            .WithName("GetBillingUsage")
            .WithSummary("The caller's usage aggregated by UTC day, service and model (default: the last 30 days).")
            .Produces<PagedResult<UsageSummaryRow>>()
            .ProducesProblems(400, 401, 403);

        billing.MapGet("/quota", async (ICurrentUser user, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new CheckQuota(user.Id), ct)))
            .WithName("GetBillingQuota")
            .WithSummary("The caller's request and token counters against the limits of their plan.")
            .Produces<QuotaDecision>()
            .ProducesProblems(401, 403);

        billing.MapGet("/products", async (int? page, int? pageSize, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListProducts(true, page, pageSize), ct)))
            .WithName("ListBillingProducts")
            .WithSummary("Products on sale.")
            .Produces<PagedResult<ProductDto>>()
            .ProducesProblems(400, 401, 403);

        billing.MapGet("/orders", async (int? page, int? pageSize, string? status, ICurrentUser user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListOrders(user.Id, page, pageSize, status), ct)))
            .WithName("ListBillingOrders")
            .WithSummary("The caller's orders, newest first.")
            .Produces<PagedResult<OrderDto>>()
            .ProducesProblems(400, 401, 403);

        billing.MapPost("/orders", async (CreateOrderRequest body, ICurrentUser user, ISender sender, CancellationToken ct) =>
            {
                var order = await sender.Send(new CreateOrder(user.Id, body.ProductId, body.Quantity, body.Amount), ct);
                return TypedResults.Created($"/api/v1/billing/orders/{order.Id}", order);
            })
            .WithName("CreateBillingOrder")
            .WithSummary("Orders a listed product; the order waits for payment until it expires.")
            .Produces<OrderDto>(StatusCodes.Status201Created)
            .ProducesProblems(400, 401, 403, 404, 409);

        billing.MapGet("/orders/{id:guid}", async (Guid id, ICurrentUser user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetOrder(id, user.Id), ct)))
            .WithName("GetBillingOrder")
            .Produces<OrderDto>()
            .ProducesProblems(401, 403, 404);

        billing.MapPost("/orders/{id:guid}/pay", async (Guid id, PayOrderRequest? body, ICurrentUser user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new PayOrder(user.Id, id, body?.Provider), ct)))
            .WithName("PayBillingOrder")
            .WithSummary("Chooses the payment provider of a pending order ('manual' or a configured gateway); the money is credited when the payment is confirmed.")
            .Produces<PaymentInstructions>()
            .ProducesProblems(400, 401, 403, 404, 409);

        billing.MapPost("/orders/{id:guid}/cancel", async (Guid id, ICurrentUser user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new CancelOrder(user.Id, id), ct)))
            .WithName("CancelBillingOrder")
            .Produces<OrderDto>()
            .ProducesProblems(401, 403, 404, 409);
    }

    /// <summary>Payment gateways call this without a user; the HMAC signature over the raw body is their proof.</summary>
    public static void MapWebhooks(RouteGroupBuilder webhooks) =>
        webhooks.MapPost("/{provider}", async (string provider, HttpRequest request, ISender sender, CancellationToken ct) =>
            {
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer, ct);
                var receipt = await sender.Send(new ReceivePaymentWebhook(provider, buffer.ToArray(), request.Headers["X-Signature"].FirstOrDefault()), ct);
                return TypedResults.Ok(receipt);
            })
            .AllowAnonymous()
            .Accepts<PaymentWebhookPayload>("application/json")
            .WithName("ReceiveBillingWebhook")
            .WithSummary("A payment gateway's notification, signed with X-Signature: sha256=<hex HMAC-SHA256 of the raw body>; the same notification id credits once.")
            .Produces<WebhookReceipt>()
            .ProducesProblems(400, 401, 404, 409);
}
