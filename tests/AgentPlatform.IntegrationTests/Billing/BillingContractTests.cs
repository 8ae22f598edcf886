using AgentPlatform.BuildingBlocks.Domain;
using AgentPlatform.Modules.Billing.Contracts;
using AgentPlatform.Modules.Billing.Features.Reservations;
using AgentPlatform.Modules.Llm.Contracts;

namespace AgentPlatform.IntegrationTests.Billing;

/// <summary>What other modules call: usage charging, reservations, the Llm usage event and quotas.</summary>
[Collection(BillingCollection.Name)]
public sealed class BillingContractTests(BillingHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_charge_is_idempotent_by_request_id_and_a_different_amount_is_a_conflict()
    {
        var user = await Funded(10m);
        var requestId = $"req-{Guid.NewGuid():N}";

        var first = await host.Send(new ChargeUsage(requestId, user.Id, "chat", Amount: 1.25m, Description: "hello"));
        first.Status.ShouldBe(ChargeStatus.Charged);
        first.Balance.ShouldBe(8.75m);
        var repeat = await host.Send(new ChargeUsage(requestId, user.Id, "chat", Amount: 1.25m));
        repeat.Status.ShouldBe(ChargeStatus.AlreadyCharged);
        repeat.UsageRecordId.ShouldBe(first.UsageRecordId);
        repeat.Balance.ShouldBe(8.75m);

        var conflict = await Should.ThrowAsync<DomainException>(() => host.Send(new ChargeUsage(requestId, user.Id, "chat", Amount: 2m)));
        conflict.Kind.ShouldBe(ErrorKind.Conflict);

        (await host.Db(db => db.UsageRecords.CountAsync(r => r.RequestId == requestId, Ct))).ShouldBe(1);
        (await Account(user)).Balance.ShouldBe(8.75m);
    }

    [Fact]
    public async Task Simultaneous_charges_with_one_request_id_charge_once()
    {
        var user = await Funded(10m);
        var requestId = $"req-{Guid.NewGuid():N}";
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => host.Send(new ChargeUsage(requestId, user.Id, "chat", Amount: 0.5m))));
        results.Count(r => r.Status == ChargeStatus.Charged).ShouldBe(1);
        results.Count(r => r.Status == ChargeStatus.AlreadyCharged).ShouldBe(15);
        results.Select(r => r.UsageRecordId).Distinct().ShouldHaveSingleItem();
        (await Account(user)).Balance.ShouldBe(9.5m);
    }

    [Fact]
    public async Task Parallel_reservations_against_a_small_balance_never_overspend_it()
    {
        var user = await Funded(10m);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            var reserved = await host.Send(new ReserveFunds($"res-{Guid.NewGuid():N}", user.Id, 1m + (i % 3)));
            if (reserved.Status != ReservationStatus.Open)
            {
                return 0m;
            }

            var settled = await host.Send(new SettleReservation(user.Id, reserved.ReservationId!.Value, 0.75m + (i % 3), "agent"));
            return settled.Status == ChargeStatus.Charged ? settled.Cost : 0m;
        }));

        var spent = outcomes.Sum();
        spent.ShouldBeGreaterThan(0m);
        var account = await Account(user);
        (account.Balance, account.FrozenBalance).ShouldBe((10m - spent, 0m));
        account.Balance.ShouldBeGreaterThanOrEqualTo(0m);
        (await host.Db(db => db.Transactions.CountAsync(t => t.UserId == user.Id && t.BalanceAfter - t.FrozenAfter < 0, Ct))).ShouldBe(0);
    }

    [Fact]
    public async Task Insufficient_funds_is_a_typed_result_and_writes_nothing()
    {
        var user = await Funded(1m);
        var result = await host.Send(new ChargeUsage($"req-{Guid.NewGuid():N}", user.Id, "chat", Amount: 1.00000001m));
        result.Status.ShouldBe(ChargeStatus.InsufficientFunds);
        result.Succeeded.ShouldBeFalse();
        result.AvailableBalance.ShouldBe(1m);
        (await host.Db(db => db.UsageRecords.CountAsync(r => r.UserId == user.Id, Ct))).ShouldBe(0);
        (await Account(user)).Balance.ShouldBe(1m);
    }

    [Fact]
    public async Task Bad_charges_are_validation_errors()
    {
        var user = await Funded(1m);
        (await Should.ThrowAsync<DomainException>(() => host.Send(new ChargeUsage("r", user.Id, "chat", Amount: -1m)))).Kind.ShouldBe(ErrorKind.Validation);
        (await Should.ThrowAsync<DomainException>(() => host.Send(new ChargeUsage("r", user.Id, "chat", Amount: 0.000000001m)))).Kind.ShouldBe(ErrorKind.Validation);
        (await Should.ThrowAsync<DomainException>(() => host.Send(new ChargeUsage("", user.Id, "chat", Amount: 1m)))).Kind.ShouldBe(ErrorKind.Validation);
        (await Should.ThrowAsync<DomainException>(() => host.Send(new ChargeUsage("r", user.Id, "chat")))).Kind.ShouldBe(ErrorKind.Validation);
        (await Should.ThrowAsync<DomainException>(() => host.Send(new ChargeUsage("r", user.Id, "team", Executions: new ExecutionUsage("team:unpriced", 1))))).Kind.ShouldBe(ErrorKind.Validation);
        (await Should.ThrowAsync<DomainException>(() => host.Send(new ChargeUsage("r", Guid.NewGuid(), "chat", Amount: 1m)))).Kind.ShouldBe(ErrorKind.NotFound);
        (await host.Db(db => db.UsageRecords.CountAsync(r => r.RequestId == "r", Ct))).ShouldBe(0);
    }

    [Fact]
    public async Task Tokens_are_priced_with_the_default_markup_or_a_model_rule_and_executions_by_their_rule()
    {
        var admin = await host.AdminAsync();
        var user = await Funded(100m);
        var model = $"model-{Guid.NewGuid():N}"[..20];

        // 1,000 in x 0.5/1K + 2,000 out x 1.5/1K = 3.5, plus the configured 10 % = 3.85
        var plain = await host.Send(new ChargeUsage($"req-{Guid.NewGuid():N}", user.Id, "chat", Tokens: new TokenUsage(model, 1000, 2000, 0.5m, 1.5m)));
        plain.Cost.ShouldBe(3.85m);

        var rule = await admin.Client.PutAsJsonAsync("/api/v1/admin/billing/pricing-rules", new { kind = "model", target = model, outputPricePer1K = 1m, markupPercent = 50m }, Ct);
        rule.StatusCode.ShouldBe(HttpStatusCode.OK, await rule.Content.ReadAsStringAsync(Ct));
        var ruled = await host.Send(new ChargeUsage($"req-{Guid.NewGuid():N}", user.Id, "chat", Tokens: new TokenUsage(model, 1000, 2000, 0.5m, 1.5m)));
        ruled.Cost.ShouldBe(3.75m, "(0.5 + 2 x 1) x 1.5");

        // Rounded up at the 8th decimal: 1 token at 0.000000001/1K costs 0.00000001, never 0.
        var tiny = await host.Send(new ChargeUsage($"req-{Guid.NewGuid():N}", user.Id, "chat", Tokens: new TokenUsage(model + "x", 1, 0, 0.00000001m, 0m)));
        tiny.Cost.ShouldBe(0.00000001m);

        var target = $"team:{Guid.NewGuid()}";
        (await admin.Client.PutAsJsonAsync("/api/v1/admin/billing/pricing-rules", new { kind = "execution", target, pricePerExecution = 0.2m }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await host.Send(new ChargeUsage($"req-{Guid.NewGuid():N}", user.Id, "team", Executions: new ExecutionUsage(target, 3)))).Cost.ShouldBe(0.6m);
        (await admin.Client.PutAsJsonAsync("/api/v1/admin/billing/pricing-rules", new { kind = "execution", target }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var usage = await user.Client.GetOk<PageDto<UsageRowDto>>("/api/v1/billing/usage");
        var chat = usage.Items.Single(r => r.Service == "chat" && r.Model == model);
        (chat.Requests, chat.InputTokens, chat.OutputTokens, chat.Cost).ShouldBe((2L, 2000L, 4000L, 7.6m));
        usage.Items.Single(r => r.Service == "team").Cost.ShouldBe(0.6m);
    }

    [Fact]
    public async Task A_reservation_freezes_money_and_settling_charges_the_actual_cost_and_releases_the_rest()
    {
        var user = await Funded(10m);
        var requestId = $"res-{Guid.NewGuid():N}";
        var reserved = await host.Send(new ReserveFunds(requestId, user.Id, 6m));
        reserved.Status.ShouldBe(ReservationStatus.Open);
        reserved.AvailableBalance.ShouldBe(4m);
        (await host.Send(new ReserveFunds(requestId, user.Id, 6m))).ReservationId.ShouldBe(reserved.ReservationId, "reserving again returns the first reservation");
        (await host.Send(new ReserveFunds($"res-{Guid.NewGuid():N}", user.Id, 4.00000001m))).Status.ShouldBe(ReservationStatus.InsufficientFunds);
        (await host.Send(new ChargeUsage($"req-{Guid.NewGuid():N}", user.Id, "chat", Amount: 5m))).Status.ShouldBe(ChargeStatus.InsufficientFunds, "frozen money cannot be spent twice");

        var account = await Account(user);
        (account.Balance, account.FrozenBalance, account.AvailableBalance).ShouldBe((10m, 6m, 4m));

        var settled = await host.Send(new SettleReservation(user.Id, reserved.ReservationId!.Value, 2.5m, "chat"));
        settled.Status.ShouldBe(ChargeStatus.Charged);
        (await host.Send(new SettleReservation(user.Id, reserved.ReservationId.Value, 2.5m, "chat"))).Status.ShouldBe(ChargeStatus.AlreadyCharged);
        (await Should.ThrowAsync<DomainException>(() => host.Send(new SettleReservation(user.Id, reserved.ReservationId.Value, 3m, "chat")))).Kind.ShouldBe(ErrorKind.Conflict);
        (await Should.ThrowAsync<DomainException>(() => host.Send(new SettleReservation(Guid.NewGuid(), reserved.ReservationId.Value, 2.5m, "chat")))).Kind.ShouldBe(ErrorKind.NotFound);

        account = await Account(user);
        (account.Balance, account.FrozenBalance).ShouldBe((7.5m, 0m));
        (await host.Db(db => db.UsageRecords.SingleAsync(r => r.RequestId == requestId, Ct))).Cost.ShouldBe(2.5m);
        var ledger = await user.Client.GetOk<PageDto<TransactionDto>>("/api/v1/billing/transactions");
        ledger.Items.Where(t => t.ReservationId == reserved.ReservationId).Select(t => (t.Type, t.Amount, t.FrozenChange)).OrderBy(t => t.Type)
            .ShouldBe([("deduction", -2.5m, -2.5m), ("release", 0m, -3.5m), ("reservation", 0m, 6m)]);
    }

    [Fact]
    public async Task Released_and_expired_reservations_give_all_the_money_back()
    {
        var user = await Funded(5m);
        var released = await host.Send(new ReserveFunds($"res-{Guid.NewGuid():N}", user.Id, 2m));
        var expiring = await host.Send(new ReserveFunds($"res-{Guid.NewGuid():N}", user.Id, 3m, TimeSpan.FromSeconds(1)));
        (await Account(user)).AvailableBalance.ShouldBe(0m);

        (await host.Send(new ReleaseReservation(user.Id, released.ReservationId!.Value))).Status.ShouldBe(ReservationStatus.Released);
        (await host.Send(new ReleaseReservation(user.Id, released.ReservationId.Value))).Status.ShouldBe(ReservationStatus.Released);
        (await Should.ThrowAsync<DomainException>(() => host.Send(new SettleReservation(user.Id, released.ReservationId.Value, 1m, "chat")))).Kind.ShouldBe(ErrorKind.Conflict);

        await Task.Delay(1100, Ct);
        await host.Send(new ReleaseExpiredReservations()); // the minutely job may have been first: either way it is released
        (await host.Db(db => db.Reservations.SingleAsync(r => r.Id == expiring.ReservationId, Ct))).Status.ToString().ShouldBe("Expired");
        var account = await Account(user);
        (account.Balance, account.FrozenBalance).ShouldBe((5m, 0m));
    }

    [Fact]
    public async Task The_llm_usage_event_charges_once_through_the_outbox_and_settles_a_reservation_of_its_request()
    {
        var user = await Funded(10m);
        var requestId = $"llm-{Guid.NewGuid():N}";
        await Publish(UsageEvent(user.Id, requestId, 1000, 1000));
        await Publish(UsageEvent(user.Id, requestId, 1000, 1000)); // a second event for the same request (a replayed publisher)
        await Publish(UsageEvent(user.Id, requestId, 5000, 5000)); // and one that disagrees: the request is billed once, by the first

        var record = await BillingHost.WaitFor(() => host.Db(db => db.UsageRecords.AsNoTracking().FirstOrDefaultAsync(r => r.RequestId == requestId, Ct)), r => r is not null);
        record.ShouldNotBeNull();
        record.Cost.ShouldBe(2.2m, "(1 x 0.5 + 1 x 1.5) + 10 %");
        (await BillingHost.WaitFor(() => host.Db(db => db.OutboxMessages.CountAsync(m => m.ProcessedAt == null, Ct)), n => n == 0)).ShouldBe(0, "every event was consumed without error");
        (await host.Db(db => db.UsageRecords.CountAsync(r => r.RequestId == requestId, Ct))).ShouldBe(1);
        (await Account(user)).Balance.ShouldBe(7.8m);

        var reservedRequest = $"llm-{Guid.NewGuid():N}";
        var reservation = await host.Send(new ReserveFunds(reservedRequest, user.Id, 5m));
        await Publish(UsageEvent(user.Id, reservedRequest, 1000, 0));
        var settled = await BillingHost.WaitFor(() => host.Db(db => db.Reservations.AsNoTracking().SingleAsync(r => r.Id == reservation.ReservationId, Ct)), r => r.SettledAmount is not null);
        settled.SettledAmount.ShouldBe(0.55m);
        var account = await Account(user);
        (account.Balance, account.FrozenBalance).ShouldBe((7.25m, 0m));

        var quota = await host.Send(new CheckQuota(user.Id));
        quota.TokensToday.ShouldBe(3000, "tokens of every event are counted once");
    }

    [Fact]
    public async Task An_llm_call_the_account_cannot_cover_is_recorded_as_unpaid_without_touching_the_balance()
    {
        var user = await Funded(0.1m);
        var requestId = $"llm-{Guid.NewGuid():N}";
        await Publish(UsageEvent(user.Id, requestId, 10_000, 10_000));
        var record = await BillingHost.WaitFor(() => host.Db(db => db.UsageRecords.AsNoTracking().FirstOrDefaultAsync(r => r.RequestId == requestId, Ct)), r => r is not null);
        record!.Status.ToString().ShouldBe("Unpaid");
        (await Account(user)).Balance.ShouldBe(0.1m);
        var usage = await user.Client.GetOk<PageDto<UsageRowDto>>("/api/v1/billing/usage");
        usage.Items.ShouldHaveSingleItem().UnpaidCost.ShouldBe(22m);
    }

    [Fact]
    public async Task An_llm_call_costing_more_than_its_reservation_and_the_rest_of_the_account_releases_it_and_is_recorded_as_unpaid()
    {
        var user = await Funded(1m);
        var requestId = $"llm-{Guid.NewGuid():N}";
        var reservation = await host.Send(new ReserveFunds(requestId, user.Id, 1m));
        await Publish(UsageEvent(user.Id, requestId, 1000, 1000)); // costs 2.2

        var record = await BillingHost.WaitFor(() => host.Db(db => db.UsageRecords.AsNoTracking().FirstOrDefaultAsync(r => r.RequestId == requestId, Ct)), r => r is not null);
        record!.Status.ToString().ShouldBe("Unpaid");
        (await host.Db(db => db.Reservations.AsNoTracking().SingleAsync(r => r.Id == reservation.ReservationId, Ct))).Status.ToString().ShouldBe("Released");
        var account = await Account(user);
        (account.Balance, account.FrozenBalance).ShouldBe((1m, 0m));
    }

    [Fact]
    public async Task Quotas_admit_requests_up_to_the_limit_per_minute_and_stop_at_the_daily_tokens()
    {
        var user = await host.RegisterAsync();
        var minuteBefore = DateTime.UtcNow.Minute;
        var decisions = await Task.WhenAll(Enumerable.Range(0, BillingHost.RequestsPerMinute + 3).Select(_ => host.Send(new ConsumeQuota(user.Id, 1, 0))));
        var admitted = decisions.Count(d => d.Allowed);
        if (DateTime.UtcNow.Minute == minuteBefore)
        {
            admitted.ShouldBe(BillingHost.RequestsPerMinute, "parallel callers never pass the limit");
        }

        var refused = decisions.First(d => !d.Allowed);
        refused.Reason.ShouldBe("requests_per_minute");
        refused.RetryAfter!.Value.ShouldBeLessThanOrEqualTo(TimeSpan.FromMinutes(1));

        var other = await host.RegisterAsync();
        (await host.Send(new ConsumeQuota(other.Id, 0, BillingHost.TokensPerDay))).Allowed.ShouldBeFalse();
        var check = await host.Send(new CheckQuota(other.Id));
        (check.Allowed, check.Reason, check.TokensToday).ShouldBe((false, "tokens_per_day", (long)BillingHost.TokensPerDay));
        (await host.Send(new ConsumeQuota(other.Id, 1, 0))).Allowed.ShouldBeFalse();
        (await other.Client.GetOk<QuotaDecision>("/api/v1/billing/quota")).Reason.ShouldBe("tokens_per_day");
    }

    [Fact]
    public async Task A_subscription_plan_sets_the_quota_limits()
    {
        var admin = await host.AdminAsync();
        var plan = await BillingApiTests.CreateProduct(admin, "fixed", unitPrice: 5m, type: "subscription", metadata: new { requestsPerMinute = 50, tokensPerDay = 0 });
        var user = await host.RegisterAsync();
        var order = await BillingApiTests.CreateOrder(user, new { productId = plan.Id });
        (await admin.Client.PostAsync($"/api/v1/admin/billing/orders/{order.Id}/confirm-payment", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Account(user)).Balance.ShouldBe(0m, "a subscription is not a top-up");
        (await Account(user)).PlanProductId.ShouldBe(plan.Id);
        var decision = await host.Send(new ConsumeQuota(user.Id, 1, 5000));
        (decision.Allowed, decision.RequestsPerMinute, decision.TokensPerDay).ShouldBe((true, 50L, (long?)null));
    }

    private async Task<TestUser> Funded(decimal amount)
    {
        var admin = await host.AdminAsync();
        var user = await host.RegisterAsync();
        var response = await admin.Client.PostAsJsonAsync($"/api/v1/admin/billing/accounts/{user.Id}/adjustments", new { amount, reason = "test funds" }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return user;
    }

    private static Task<AccountDto> Account(TestUser user) => user.Client.GetOk<AccountDto>("/api/v1/billing/account");

    private Task<int> Publish(LlmUsageRecordedIntegrationEvent usage) => host.Db(db =>
    {
        db.Publish(usage);
        return db.SaveChangesAsync(Ct);
    });

    private static LlmUsageRecordedIntegrationEvent UsageEvent(Guid userId, string requestId, long input, long output) => new()
    {
        EventId = Guid.CreateVersion7(),
        OccurredAt = DateTimeOffset.UtcNow,
        RequestId = requestId,
        UserId = userId,
        Service = "chat",
        ModelId = Guid.CreateVersion7(),
        ModelName = "test-model",
        ProviderId = Guid.CreateVersion7(),
        ProviderType = "openai-compatible",
        InputTokens = input,
        OutputTokens = output,
        InputPricePer1K = 0.5m,
        OutputPricePer1K = 1.5m,
        Cost = ((input * 0.5m) + (output * 1.5m)) / 1000m,
        Currency = "USD",
        LatencyMs = 120,
        Success = true,
        FallbackUsed = false,
    };
}
