using System.Text;

namespace AgentPlatform.IntegrationTests.Billing;

/// <summary>Accounts, orders, payments (manual and webhook), refunds, adjustments and the rules on bad input, through the API.</summary>
[Collection(BillingCollection.Name)]
public sealed class BillingApiTests(BillingHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Registering_opens_an_empty_account_through_the_outbox()
    {
        var user = await host.RegisterAsync();

        var opened = await BillingHost.WaitFor(() => host.Db(db => db.Accounts.AnyAsync(a => a.UserId == user.Id, Ct)), found => found);
        opened.ShouldBeTrue("the UserRegistered event opened the account");
        var account = await user.Client.GetOk<AccountDto>("/api/v1/billing/account");
        account.Balance.ShouldBe(0m);
        account.FrozenBalance.ShouldBe(0m);
        account.Currency.ShouldBe("USD");
        (await host.Db(db => db.Accounts.CountAsync(a => a.UserId == user.Id, Ct))).ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_first_calls_open_exactly_one_account()
    {
        var user = await host.RegisterAsync();
        var accounts = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => user.Client.GetOk<AccountDto>("/api/v1/billing/account")));
        accounts.ShouldAllBe(a => a.UserId == user.Id && a.Balance == 0m);
        await Task.Delay(500, Ct);
        (await host.Db(db => db.Accounts.CountAsync(a => a.UserId == user.Id, Ct))).ShouldBe(1);
    }

    [Fact]
    public async Task A_manual_payment_confirmed_by_an_admin_credits_the_order_exactly_once()
    {
        var admin = await host.AdminAsync();
        var product = await CreateProduct(admin, "pay_as_you_go");
        var user = await host.RegisterAsync();

        var order = await CreateOrder(user, new { productId = product.Id, amount = 25.12345678m });
        order.Status.ShouldBe("pending");
        order.Amount.ShouldBe(25.12345678m);

        var pay = await user.Client.PostAsJsonAsync($"/api/v1/billing/orders/{order.Id}/pay", new { provider = "manual" }, Ct);
        pay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await user.Client.GetOk<AccountDto>("/api/v1/billing/account")).Balance.ShouldBe(0m, "nothing is credited before the payment is confirmed");

        var confirmed = await admin.Client.PostAsync($"/api/v1/admin/billing/orders/{order.Id}/confirm-payment", null, Ct);
        confirmed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await admin.Client.PostAsync($"/api/v1/admin/billing/orders/{order.Id}/confirm-payment", null, Ct);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await user.Client.GetOk<AccountDto>("/api/v1/billing/account")).Balance.ShouldBe(25.12345678m);
        var ledger = await user.Client.GetOk<PageDto<TransactionDto>>("/api/v1/billing/transactions");
        var row = ledger.Items.ShouldHaveSingleItem();
        (row.Type, row.Amount, row.BalanceBefore, row.BalanceAfter, row.OrderId).ShouldBe(("recharge", 25.12345678m, 0m, 25.12345678m, (Guid?)order.Id));
        (await user.Client.GetOk<OrderDto>($"/api/v1/billing/orders/{order.Id}")).Status.ShouldBe("paid");
    }

    [Fact]
    public async Task Bad_orders_are_refused_and_nothing_is_written()
    {
        var admin = await host.AdminAsync();
        var payg = await CreateProduct(admin, "pay_as_you_go");
        var user = await host.RegisterAsync();

        foreach (var amount in new[] { -5m, 0m, 1.123456789m })
        {
            var response = await user.Client.PostAsJsonAsync("/api/v1/billing/orders", new { productId = payg.Id, amount }, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"amount {amount}");
            (await response.Content.ReadFromJsonAsync<ProblemDto>(Ct))!.Errors!.ShouldContainKey("amount");
        }

        (await user.Client.PostAsJsonAsync("/api/v1/billing/orders", new { productId = Guid.NewGuid(), amount = 5m }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await user.Client.PostAsJsonAsync("/api/v1/billing/orders", new { productId = payg.Id }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await user.Client.PostAsync("/api/v1/billing/orders", new StringContent("{\"productId\":", Encoding.UTF8, "application/json"), Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await host.Db(db => db.Orders.CountAsync(o => o.UserId == user.Id, Ct))).ShouldBe(0);
    }

    [Fact]
    public async Task Cancelled_and_expired_orders_cannot_be_paid()
    {
        var admin = await host.AdminAsync();
        var product = await CreateProduct(admin, "fixed", unitPrice: 9.99m);
        var user = await host.RegisterAsync();

        var cancelled = await CreateOrder(user, new { productId = product.Id, quantity = 2 });
        cancelled.Amount.ShouldBe(19.98m);
        (await user.Client.PostAsync($"/api/v1/billing/orders/{cancelled.Id}/cancel", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await user.Client.PostAsJsonAsync($"/api/v1/billing/orders/{cancelled.Id}/pay", new { provider = "manual" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await admin.Client.PostAsync($"/api/v1/admin/billing/orders/{cancelled.Id}/confirm-payment", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var expiring = await CreateOrder(user, new { productId = product.Id });
        await host.Db(db => db.Orders.Where(o => o.Id == expiring.Id).ExecuteUpdateAsync(o => o.SetProperty(x => x.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)), Ct));
        (await admin.Client.PostAsync($"/api/v1/admin/billing/orders/{expiring.Id}/confirm-payment", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await host.Send(new Modules.Billing.Features.Orders.ExpireOrders()); // the minutely job may have been first: either way it is expired
        (await user.Client.GetOk<OrderDto>($"/api/v1/billing/orders/{expiring.Id}")).Status.ShouldBe("expired");
        (await user.Client.PostAsJsonAsync($"/api/v1/billing/orders/{expiring.Id}/pay", new { provider = "manual" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await user.Client.GetOk<AccountDto>("/api/v1/billing/account")).Balance.ShouldBe(0m);
        (await host.Db(db => db.Transactions.CountAsync(t => t.UserId == user.Id, Ct))).ShouldBe(0);
    }

    [Fact]
    public async Task Another_users_order_is_not_found()
    {
        var admin = await host.AdminAsync();
        var product = await CreateProduct(admin, "pay_as_you_go");
        var owner = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        var order = await CreateOrder(owner, new { productId = product.Id, amount = 3m });

        (await other.Client.GetAsync($"/api/v1/billing/orders/{order.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Client.PostAsJsonAsync($"/api/v1/billing/orders/{order.Id}/pay", new { provider = "manual" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Client.PostAsync($"/api/v1/billing/orders/{order.Id}/cancel", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Client.GetOk<PageDto<OrderDto>>("/api/v1/billing/orders")).Total.ShouldBe(0);
        (await owner.Client.GetOk<OrderDto>($"/api/v1/billing/orders/{order.Id}")).Status.ShouldBe("pending");
        (await other.Client.GetAsync($"/api/v1/admin/billing/accounts/{owner.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_signed_webhook_credits_once_and_a_bad_signature_credits_nothing()
    {
        var admin = await host.AdminAsync();
        var product = await CreateProduct(admin, "pay_as_you_go");
        var user = await host.RegisterAsync();
        var order = await CreateOrder(user, new { productId = product.Id, amount = 40m });
        var pay = await user.Client.PostAsJsonAsync($"/api/v1/billing/orders/{order.Id}/pay", new { provider = BillingHost.WebhookProvider }, Ct);
        pay.StatusCode.ShouldBe(HttpStatusCode.OK);

        var body = Encoding.UTF8.GetBytes($$"""{"notificationId":"n-{{Guid.NewGuid():N}}","orderNo":"{{order.OrderNo}}","amount":40.00,"status":"paid"}""");
        var anonymous = host.CreateClient();

        var forged = await PostWebhook(anonymous, body, Sign("wrong-secret", body));
        forged.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await PostWebhook(anonymous, body, null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("40.00", "4000.00", StringComparison.Ordinal));
        (await PostWebhook(anonymous, tampered, Sign(BillingHost.WebhookSecret, body))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await user.Client.GetOk<AccountDto>("/api/v1/billing/account")).Balance.ShouldBe(0m);
        (await forged.Content.ReadAsStringAsync(Ct)).ShouldNotContain(BillingHost.WebhookSecret);

        var first = await PostWebhook(anonymous, body, Sign(BillingHost.WebhookSecret, body));
        (await first.Content.ReadAsStringAsync(Ct)).ShouldContain("credited");
        var second = await PostWebhook(anonymous, body, Sign(BillingHost.WebhookSecret, body));
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.Content.ReadAsStringAsync(Ct)).ShouldContain("duplicate");

        (await user.Client.GetOk<AccountDto>("/api/v1/billing/account")).Balance.ShouldBe(40m);
        (await host.Db(db => db.Transactions.CountAsync(t => t.OrderId == order.Id, Ct))).ShouldBe(1);

        var unknown = await anonymous.PostAsync("/api/v1/billing/webhooks/nosuchgateway", new ByteArrayContent(body), Ct);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Webhooks_for_another_amount_or_a_cancelled_order_credit_nothing_and_simultaneous_duplicates_credit_once()
    {
        var admin = await host.AdminAsync();
        var product = await CreateProduct(admin, "pay_as_you_go");
        var user = await host.RegisterAsync();
        var anonymous = host.CreateClient();

        var order = await CreateOrder(user, new { productId = product.Id, amount = 7m });
        var wrongAmount = Encoding.UTF8.GetBytes($$"""{"notificationId":"n-{{Guid.NewGuid():N}}","orderNo":"{{order.OrderNo}}","amount":70}""");
        (await PostWebhook(anonymous, wrongAmount, Sign(BillingHost.WebhookSecret, wrongAmount))).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var cancelled = await CreateOrder(user, new { productId = product.Id, amount = 3m });
        (await user.Client.PostAsync($"/api/v1/billing/orders/{cancelled.Id}/cancel", null, Ct)).EnsureSuccessStatusCode();
        var late = Encoding.UTF8.GetBytes($$"""{"notificationId":"n-{{Guid.NewGuid():N}}","orderNo":"{{cancelled.OrderNo}}","amount":3}""");
        (await PostWebhook(anonymous, late, Sign(BillingHost.WebhookSecret, late))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await host.Db(db => db.PaymentNotifications.CountAsync(n => n.OrderId == order.Id || n.OrderId == cancelled.Id, Ct))).ShouldBe(0);

        var body = Encoding.UTF8.GetBytes($$"""{"notificationId":"n-{{Guid.NewGuid():N}}","orderNo":"{{order.OrderNo}}","amount":7.0}""");
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostWebhook(anonymous, body, Sign(BillingHost.WebhookSecret, body))));
        var texts = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync(Ct)));
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK, string.Join(" | ", texts));
        texts.Count(t => t.Contains("credited", StringComparison.Ordinal)).ShouldBe(1);
        (await user.Client.GetOk<AccountDto>("/api/v1/billing/account")).Balance.ShouldBe(7m);
    }

    [Fact]
    public async Task Refunds_are_partial_or_full_never_above_what_was_paid_and_each_is_a_ledger_row()
    {
        var admin = await host.AdminAsync();
        var product = await CreateProduct(admin, "pay_as_you_go");
        var user = await host.RegisterAsync();
        var order = await PaidOrder(admin, user, product, 50m);

        var tooMuch = await admin.Client.PostAsJsonAsync($"/api/v1/admin/billing/orders/{order.Id}/refund", new { amount = 50.01m, reason = "too much" }, Ct);
        tooMuch.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.Client.PostAsJsonAsync($"/api/v1/admin/billing/orders/{order.Id}/refund", new { amount = -1m, reason = "negative" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.Client.PostAsJsonAsync($"/api/v1/admin/billing/orders/{order.Id}/refund", new { amount = 1m }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var partial = await admin.Client.PostAsJsonAsync($"/api/v1/admin/billing/orders/{order.Id}/refund", new { amount = 20m, reason = "partly unhappy" }, Ct);
        partial.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await partial.Content.ReadFromJsonAsync<OrderDto>(Ct))!.Status.ShouldBe("partially_refunded");
        var rest = await admin.Client.PostAsJsonAsync($"/api/v1/admin/billing/orders/{order.Id}/refund", new { reason = "the rest" }, Ct);
        (await rest.Content.ReadFromJsonAsync<OrderDto>(Ct))!.ShouldSatisfyAllConditions(o => o.Status.ShouldBe("refunded"), o => o.RefundAmount.ShouldBe(50m));
        (await admin.Client.PostAsJsonAsync($"/api/v1/admin/billing/orders/{order.Id}/refund", new { amount = 1m, reason = "again" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await user.Client.GetOk<AccountDto>("/api/v1/billing/account")).Balance.ShouldBe(0m);
        var refunds = await user.Client.GetOk<PageDto<TransactionDto>>("/api/v1/billing/transactions?type=refund");
        refunds.Items.Select(t => t.Amount).Order().ShouldBe([-30m, -20m]);
    }

    [Fact]
    public async Task Refunding_money_already_spent_is_payment_required()
    {
        var admin = await host.AdminAsync();
        var product = await CreateProduct(admin, "pay_as_you_go");
        var user = await host.RegisterAsync();
        var order = await PaidOrder(admin, user, product, 10m);
        (await host.Send(new Modules.Billing.Contracts.ChargeUsage($"spend-{Guid.NewGuid():N}", user.Id, "chat", Amount: 8m))).Status
            .ShouldBe(Modules.Billing.Contracts.ChargeStatus.Charged);

        var refund = await admin.Client.PostAsJsonAsync($"/api/v1/admin/billing/orders/{order.Id}/refund", new { reason = "all of it" }, Ct);
        refund.StatusCode.ShouldBe(HttpStatusCode.PaymentRequired);
        (await refund.Content.ReadFromJsonAsync<ProblemDto>(Ct))!.Code.ShouldBe("billing.insufficient_funds");
        (await user.Client.GetOk<OrderDto>($"/api/v1/billing/orders/{order.Id}")).Status.ShouldBe("paid");
        (await user.Client.GetOk<AccountDto>("/api/v1/billing/account")).Balance.ShouldBe(2m);
    }

    [Fact]
    public async Task Admin_adjustments_are_ledger_rows_with_a_reason_and_are_audited()
    {
        var admin = await host.AdminAsync();
        var user = await host.RegisterAsync();

        var credit = await admin.Client.PostAsJsonAsync($"/api/v1/admin/billing/accounts/{user.Id}/adjustments", new { amount = 12.5m, reason = "goodwill" }, Ct);
        credit.StatusCode.ShouldBe(HttpStatusCode.OK);
        var debit = await admin.Client.PostAsJsonAsync($"/api/v1/admin/billing/accounts/{user.Id}/adjustments", new { amount = -2.5m, reason = "correction" }, Ct);
        debit.StatusCode.ShouldBe(HttpStatusCode.OK);
        var overdraw = await admin.Client.PostAsJsonAsync($"/api/v1/admin/billing/accounts/{user.Id}/adjustments", new { amount = -10.01m, reason = "too much" }, Ct);
        overdraw.StatusCode.ShouldBe(HttpStatusCode.PaymentRequired);
        (await admin.Client.PostAsJsonAsync($"/api/v1/admin/billing/accounts/{user.Id}/adjustments", new { amount = 0m, reason = "zero" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.Client.PostAsJsonAsync($"/api/v1/admin/billing/accounts/{user.Id}/adjustments", new { amount = 1m, reason = "" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.Client.PostAsJsonAsync($"/api/v1/admin/billing/accounts/{Guid.NewGuid()}/adjustments", new { amount = 1m, reason = "nobody" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var account = await admin.Client.GetOk<AccountDto>($"/api/v1/admin/billing/accounts/{user.Id}");
        account.Balance.ShouldBe(10m);
        var ledger = await admin.Client.GetOk<PageDto<TransactionDto>>($"/api/v1/admin/billing/accounts/{user.Id}/transactions?type=adjustment");
        ledger.Items.Select(t => (t.Amount, t.BalanceBefore, t.BalanceAfter)).ShouldBe([(-2.5m, 12.5m, 10m), (12.5m, 0m, 12.5m)]);
        ledger.Items[0].Description!.ShouldContain("correction");

        var audit = await admin.Client.GetStringAsync($"/api/v1/admin/audit-logs?action=billing.adjustment&targetId={user.Id}", Ct);
        audit.ShouldContain(user.Id.ToString());
        audit.ShouldContain("goodwill");
        (await user.Client.PostAsJsonAsync($"/api/v1/admin/billing/accounts/{user.Id}/adjustments", new { amount = 5m, reason = "self" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_credit_limit_lets_charges_go_that_far_below_zero_and_no_further()
    {
        var admin = await host.AdminAsync();
        var user = await host.RegisterAsync();
        var set = await admin.Client.PutAsJsonAsync($"/api/v1/admin/billing/accounts/{user.Id}/credit-limit", new { creditLimit = 5m }, Ct);
        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync(Ct));

        var spent = await host.Send(new Modules.Billing.Contracts.ChargeUsage($"credit-{Guid.NewGuid():N}", user.Id, "chat", Amount: 4.5m));
        (spent.Status, spent.Balance).ShouldBe((Modules.Billing.Contracts.ChargeStatus.Charged, -4.5m));
        (await host.Send(new Modules.Billing.Contracts.ChargeUsage($"credit-{Guid.NewGuid():N}", user.Id, "chat", Amount: 0.50000001m))).Status
            .ShouldBe(Modules.Billing.Contracts.ChargeStatus.InsufficientFunds);

        (await admin.Client.PutAsJsonAsync($"/api/v1/admin/billing/accounts/{user.Id}/credit-limit", new { creditLimit = 4m }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await admin.Client.PutAsJsonAsync($"/api/v1/admin/billing/accounts/{user.Id}/credit-limit", new { creditLimit = -1m }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var account = await user.Client.GetOk<AccountDto>("/api/v1/billing/account");
        (account.Balance, account.CreditLimit, account.AvailableBalance).ShouldBe((-4.5m, 5m, -4.5m));
    }

    [Fact]
    public async Task Bad_products_and_pricing_rules_are_validation_problems_and_nothing_is_written()
    {
        var admin = await host.AdminAsync();
        var name = $"bad-{Guid.NewGuid():N}";
        object[] products =
        [
            new { name, type = "gift", pricingMode = "fixed", unitPrice = 1m, currency = "USD" },
            new { name, type = "recharge", pricingMode = "fixed", unitPrice = 0m, currency = "USD" },
            new { name, type = "recharge", pricingMode = "fixed", unitPrice = 1.000000001m, currency = "USD" },
            new { name, type = "recharge", pricingMode = "pay_as_you_go", unitPrice = 0m, currency = "dollars" },
            new { name, type = "recharge", pricingMode = "pay_as_you_go", unitPrice = 0m, currency = "USD", metadata = new[] { 1 } },
            new { name = "", type = "recharge", pricingMode = "pay_as_you_go", unitPrice = 0m, currency = "USD" },
        ];
        foreach (var product in products)
        {
            (await admin.Client.PostAsJsonAsync("/api/v1/admin/billing/products", product, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest, System.Text.Json.JsonSerializer.Serialize(product));
        }

        (await admin.Client.PutAsJsonAsync($"/api/v1/admin/billing/products/{Guid.NewGuid()}", new { name, type = "recharge", pricingMode = "pay_as_you_go", unitPrice = 0m, currency = "USD" }, Ct))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await host.Db(db => db.Products.CountAsync(p => p.Name == name, Ct))).ShouldBe(0);

        (await admin.Client.PutAsJsonAsync("/api/v1/admin/billing/pricing-rules", new { kind = "model", target = name }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.Client.PutAsJsonAsync("/api/v1/admin/billing/pricing-rules", new { kind = "model", target = name, markupPercent = -101m }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.Client.PutAsJsonAsync("/api/v1/admin/billing/pricing-rules", new { kind = "model", target = name, pricePerExecution = 1m }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.Client.PutAsJsonAsync("/api/v1/admin/billing/pricing-rules", new { kind = "other", target = name, pricePerExecution = 1m }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.Client.DeleteAsync($"/api/v1/admin/billing/pricing-rules/{Guid.NewGuid()}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await host.Db(db => db.PricingRules.CountAsync(r => r.Target == name, Ct))).ShouldBe(0);

        var user = await host.RegisterAsync();
        (await user.Client.GetAsync("/api/v1/admin/billing/products", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await host.CreateClient().GetAsync("/api/v1/billing/account", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bad_list_filters_are_validation_problems()
    {
        var user = await host.RegisterAsync();
        (await user.Client.GetAsync("/api/v1/billing/transactions?type=gift", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await user.Client.GetAsync("/api/v1/billing/transactions?pageSize=1000", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await user.Client.GetAsync("/api/v1/billing/usage?from=2026-01-01&to=2025-01-01", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await user.Client.GetAsync("/api/v1/billing/usage?from=not-a-date", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await user.Client.GetAsync("/api/v1/billing/orders?status=lost", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("expire-unpaid-orders", Modules.Billing.Features.Orders.ExpireOrdersJob.Schedule)]
    [InlineData("release-expired-reservations", Modules.Billing.Features.Reservations.ReleaseExpiredReservationsJob.Schedule)]
    public async Task The_expiry_jobs_are_scheduled_on_the_clustered_store(string trigger, string schedule)
    {
        await using var connection = new Npgsql.NpgsqlConnection(host.Factory.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand("SELECT cron_expression FROM quartz.qrtz_cron_triggers WHERE trigger_name = @name AND trigger_group = 'billing'", connection);
        command.Parameters.AddWithValue("name", trigger);
        (await command.ExecuteScalarAsync(Ct)).ShouldBe(schedule);
    }

    [Fact]
    public async Task The_billing_model_has_no_pending_changes()
    {
        var pending = await host.Db(db => Task.FromResult(db.Database.HasPendingModelChanges()));
        pending.ShouldBeFalse("the model changed without a migration");
    }

    internal static async Task<ProductDto> CreateProduct(TestUser admin, string pricingMode, decimal unitPrice = 0m, string type = "recharge", object? metadata = null)
    {
        var response = await admin.Client.PostAsJsonAsync("/api/v1/admin/billing/products",
            new { name = $"Top-up {Guid.NewGuid():N}"[..20], type, pricingMode, unitPrice, currency = "USD", metadata }, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return System.Text.Json.JsonSerializer.Deserialize<ProductDto>(text, System.Text.Json.JsonSerializerOptions.Web)!;
    }

    internal static async Task<OrderDto> CreateOrder(TestUser user, object body)
    {
        var response = await user.Client.PostAsJsonAsync("/api/v1/billing/orders", body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return System.Text.Json.JsonSerializer.Deserialize<OrderDto>(text, System.Text.Json.JsonSerializerOptions.Web)!;
    }

    internal static async Task<OrderDto> PaidOrder(TestUser admin, TestUser user, ProductDto product, decimal amount)
    {
        var order = await CreateOrder(user, new { productId = product.Id, amount });
        var confirmed = await admin.Client.PostAsync($"/api/v1/admin/billing/orders/{order.Id}/confirm-payment", null, Ct);
        confirmed.StatusCode.ShouldBe(HttpStatusCode.OK, await confirmed.Content.ReadAsStringAsync(Ct));
        return (await confirmed.Content.ReadFromJsonAsync<OrderDto>(Ct))!;
    }

    private static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static async Task<HttpResponseMessage> PostWebhook(HttpClient client, byte[] body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/billing/webhooks/{BillingHost.WebhookProvider}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            request.Headers.Add("X-Signature", signature);
        }

        return await client.SendAsync(request, Ct);
    }
}
