using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Modules.Billing.Features.Orders;
using AgentPlatform.Modules.Billing.Features.Products;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Billing.Features.Accounts;

/// <summary>Administration: products, pricing rules, any user's billing, adjustments, refunds, manual payments and reconciliation.</summary>
internal static class AdminBillingEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/products", async (int? page, int? pageSize, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListProducts(false, page, pageSize), ct)))
            .WithName("AdminListBillingProducts")
            .Produces<PagedResult<ProductDto>>()
            .ProducesProblems(400, 401, 403);

        admin.MapPost("/products", async (ProductRequest body, ISender sender, CancellationToken ct) =>
            {
                var product = await sender.Send(ToCommand(null, body), ct);
                return TypedResults.Created($"/api/v1/admin/billing/products/{product.Id}", product);
            })
            .WithName("AdminCreateBillingProduct")
            .Produces<ProductDto>(StatusCodes.Status201Created)
            .ProducesProblems(400, 401, 403);

        admin.MapGet("/products/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetProduct(id, false), ct)))
            .WithName("AdminGetBillingProduct")
            .Produces<ProductDto>()
            .ProducesProblems(401, 403, 404);

        admin.MapPut("/products/{id:guid}", async (Guid id, ProductRequest body, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(ToCommand(id, body), ct)))
            .WithName("AdminUpdateBillingProduct")
            .WithSummary("Replaces a product; set status 'unlisted' to stop selling it.")
            .Produces<ProductDto>()
            .ProducesProblems(400, 401, 403, 404);

        admin.MapGet("/pricing-rules", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListPricingRules(), ct)))
            .WithName("AdminListBillingPricingRules")
            .Produces<IReadOnlyList<PricingRuleDto>>()
            .ProducesProblems(401, 403);

        admin.MapPut("/pricing-rules", async (SetPricingRule body, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(body, ct)))
            .WithName("AdminSetBillingPricingRule")
            .WithSummary("Creates or replaces the rule of a kind ('model' or 'execution') and target (a model name, or an execution target).")
            .Produces<PricingRuleDto>()
            .ProducesProblems(400, 401, 403);

        admin.MapDelete("/pricing-rules/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new DeletePricingRule(id), ct);
                return TypedResults.NoContent();
            })
            .WithName("AdminDeleteBillingPricingRule")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(401, 403, 404);

        var account = admin.MapGroup("/accounts/{userId:guid}");
        account.MapGet("/", async (Guid userId, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetAccount(userId), ct)))
            .WithName("AdminGetBillingAccount")
            .Produces<AccountDto>()
            .ProducesProblems(401, 403, 404);

        account.MapGet("/transactions", async (Guid userId, int? page, int? pageSize, string? type, DateTimeOffset? from, DateTimeOffset? to, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListTransactions(userId, page, pageSize, type, from, to), ct)))
            .WithName("AdminListBillingTransactions")
            .Produces<PagedResult<TransactionDto>>()
            .ProducesProblems(400, 401, 403);

        account.MapGet("/usage", async (Guid userId, DateOnly? from, DateOnly? to, int? page, int? pageSize, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetUsageSummary(userId, from, to, page, pageSize), ct)))
            .WithName("AdminGetBillingUsage")
            .Produces<PagedResult<UsageSummaryRow>>()
            .ProducesProblems(400, 401, 403);

        account.MapGet("/orders", async (Guid userId, int? page, int? pageSize, string? status, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListOrders(userId, page, pageSize, status), ct)))
            .WithName("AdminListBillingOrders")
            .Produces<PagedResult<OrderDto>>()
            .ProducesProblems(400, 401, 403);

        account.MapPost("/adjustments", async (Guid userId, AdjustmentRequest body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new AdjustBalance(userId, body.Amount, body.Reason), ct)))
            .WithName("AdminAdjustBillingBalance")
            .WithSummary("Credits (positive) or debits (negative) an account with a reason: a ledger row, audited. A debit beyond the available balance is 402.")
            .Produces<AdjustmentResult>()
            .ProducesProblems(400, 401, 402, 403, 404);

        account.MapPut("/credit-limit", async (Guid userId, CreditLimitRequest body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new SetCreditLimit(userId, body.CreditLimit), ct)))
            .WithName("AdminSetBillingCreditLimit")
            .WithSummary("Sets how far below zero the account's available balance may go (0: never); it cannot go below the credit already used.")
            .Produces<AccountDto>()
            .ProducesProblems(400, 401, 403, 404, 409);

        admin.MapPost("/orders/{id:guid}/refund", async (Guid id, RefundRequest body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new RefundOrder(id, body.Amount, body.Reason), ct)))
            .WithName("AdminRefundBillingOrder")
            .WithSummary("Refunds a paid order in full (no amount) or in part; never more than was paid. Refunding money already spent is 402.")
            .Produces<OrderDto>()
            .ProducesProblems(400, 401, 402, 403, 404, 409);

        admin.MapPost("/orders/{id:guid}/confirm-payment", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ConfirmManualPayment(id), ct)))
            .WithName("AdminConfirmBillingPayment")
            .WithSummary("Confirms a manual payment: the order is paid and credited exactly once.")
            .Produces<OrderDto>()
            .ProducesProblems(401, 403, 404, 409);

        admin.MapGet("/reconciliation", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Reconcile(), ct)))
            .WithName("AdminBillingReconciliation")
            .WithSummary("Recomputes every account from its ledger and lists any difference (there must never be one).")
            .Produces<ReconciliationReport>()
            .ProducesProblems(401, 403);
    }

    private static SaveProduct ToCommand(Guid? id, ProductRequest body) =>
        new(id, body.Name, body.Description, body.Type, body.PricingMode, body.UnitPrice, body.Currency, body.Metadata, body.Status);
}
