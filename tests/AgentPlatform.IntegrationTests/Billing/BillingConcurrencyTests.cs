using System.Collections.Concurrent;
using AgentPlatform.BuildingBlocks.Domain;
using AgentPlatform.Modules.Billing.Contracts;
using AgentPlatform.Modules.Billing.Features.Accounts;
using AgentPlatform.Modules.Billing.Features.Orders;

namespace AgentPlatform.IntegrationTests.Billing;

/// <summary>
/// 1,000 mixed operations from 32 parallel callers on four accounts: charges (10 % repeating an earlier request id),
/// recharges, refunds, and reservations that often overrun the balance. Afterwards every balance equals the replay of the
/// accepted operations, usage records match the charged request ids, the reconciliation is clean and no balance or
/// ledger row ever went below zero.
/// </summary>
[Collection(BillingCollection.Name)]
public sealed class BillingConcurrencyTests(BillingHost host)
{
    private const int Operations = 1000;
    private const int Callers = 32;
    private const decimal Funding = 20m;
    private const decimal PaidOrderAmount = 5m;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Parallel_mixed_operations_leave_balances_equal_to_the_replay_and_a_clean_ledger()
    {
        var admin = await host.AdminAsync();
        var product = await BillingApiTests.CreateProduct(admin, "pay_as_you_go");
        var accounts = new List<Guid>();
        var refundable = new ConcurrentDictionary<Guid, ConcurrentBag<Guid>>();
        for (var i = 0; i < 4; i++)
        {
            var user = await host.RegisterAsync("conc");
            accounts.Add(user.Id);
            (await admin.Client.PostAsJsonAsync($"/api/v1/admin/billing/accounts/{user.Id}/adjustments", new { amount = Funding, reason = "start" }, Ct)).EnsureSuccessStatusCode();
            refundable[user.Id] = [];
            for (var j = 0; j < 3; j++)
            {
                refundable[user.Id].Add((await BillingApiTests.PaidOrder(admin, user, product, PaidOrderAmount)).Id);
            }
        }

        var plan = Plan(accounts, new Random(20261124));
        var deltas = new ConcurrentDictionary<Guid, decimal>(accounts.ToDictionary(a => a, _ => 0m));
        var accepted = new ConcurrentDictionary<Guid, ConcurrentBag<decimal>>(accounts.ToDictionary(a => a, _ => new ConcurrentBag<decimal>()));
        var chargedRequestIds = new ConcurrentDictionary<string, decimal>(StringComparer.Ordinal);
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = Callers, CancellationToken = Ct }, async (op, _) =>
        {
            var (outcome, delta, charged) = await Run(op, product.Id, refundable);
            outcomes.AddOrUpdate($"{op.Kind}:{outcome}", 1, (_, n) => n + 1);
            deltas.AddOrUpdate(op.UserId, delta, (_, d) => d + delta);
            if (delta != 0)
            {
                accepted[op.UserId].Add(delta);
            }
            if (charged is { } cost)
            {
                chargedRequestIds.TryAdd(op.RequestId, cost).ShouldBeTrue($"request id {op.RequestId} was charged twice");
            }
        });

        TestContext.Current.TestOutputHelper?.WriteLine($"{Operations} operations in {clock.ElapsedMilliseconds} ms");
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}")));

        // Each kind of operation ran, and both sides of the money rules were exercised.
        outcomes.Keys.ShouldContain("charge:Charged");
        outcomes.Keys.ShouldContain("charge:AlreadyCharged");
        outcomes.Keys.ShouldContain("recharge:paid");
        outcomes.Keys.ShouldContain("refund:refunded");
        outcomes.Keys.ShouldContain("reserve:InsufficientFunds");
        outcomes.Keys.ShouldContain("reserve:settled");
        outcomes.Values.Sum().ShouldBe(Operations);

        foreach (var userId in accounts)
        {
            var account = await host.Send(new Modules.Billing.Contracts.GetBillingAccount(userId));
            account!.Balance.ShouldBe(Funding + (3 * PaidOrderAmount) + deltas[userId], $"account of {userId} against the replay");
            account.FrozenBalance.ShouldBe(0m, "every reservation was settled or released");
            account.Balance.ShouldBeGreaterThanOrEqualTo(0m);
        }

        // Replay: the ledger, in sequence order, applied one by one to a fresh account through the aggregate's own rule,
        // is accepted step by step and ends where the database ended; and its balance changes are exactly the
        // operations the callers were told had succeeded (plus the set-up's funding and paid orders).
        foreach (var userId in accounts)
        {
            var ledger = await host.Db(db => db.Transactions.AsNoTracking().Where(t => t.UserId == userId).OrderBy(t => t.Sequence).ToListAsync(Ct));
            var replay = Modules.Billing.Domain.Accounts.Account.Open(userId, "USD", DateTimeOffset.UtcNow);
            foreach (var row in ledger)
            {
                var step = replay.Post(row.Type, row.Amount, row.FrozenChange, default, null, DateTimeOffset.UtcNow);
                (step.Sequence, step.BalanceBefore, step.BalanceAfter, step.FrozenAfter).ShouldBe((row.Sequence, row.BalanceBefore, row.BalanceAfter, row.FrozenAfter));
            }

            var stored = await host.Send(new Modules.Billing.Contracts.GetBillingAccount(userId));
            (replay.Balance, replay.FrozenBalance).ShouldBe((stored!.Balance, stored.FrozenBalance));
            var expected = accepted[userId].Concat([Funding, PaidOrderAmount, PaidOrderAmount, PaidOrderAmount]).Order().ToList();
            ledger.Where(t => t.Amount != 0).Select(t => t.Amount).Order().ToList().ShouldBe(expected);
        }

        var usage = await host.Db(db => db.UsageRecords.Where(r => accounts.Contains(r.UserId)).Select(r => new { r.RequestId, r.Cost }).ToListAsync(Ct));
        usage.Count.ShouldBe(chargedRequestIds.Count, "one usage record per charged request id");
        usage.ToDictionary(r => r.RequestId, r => r.Cost, StringComparer.Ordinal).ShouldBe(chargedRequestIds.ToDictionary(StringComparer.Ordinal), ignoreOrder: true);

        var negative = await host.Db(db => db.Transactions.CountAsync(t => accounts.Contains(t.UserId) && (t.BalanceAfter < 0 || t.BalanceAfter - t.FrozenAfter < 0), Ct));
        negative.ShouldBe(0, "no ledger row left an account below zero");

        var report = await host.Send(new Reconcile());
        report.AccountsChecked.ShouldBeGreaterThanOrEqualTo(accounts.Count);
        report.Mismatches.ShouldBeEmpty();
        var overHttp = await admin.Client.GetOk<ReconciliationDto>("/api/v1/admin/billing/reconciliation");
        overHttp.Mismatches.ShouldBeEmpty();
    }

    private async Task<(string Outcome, decimal Delta, decimal? Charged)> Run(Op op, Guid productId, ConcurrentDictionary<Guid, ConcurrentBag<Guid>> refundable)
    {
        switch (op.Kind)
        {
            case "charge":
                var result = await host.Send(new ChargeUsage(op.RequestId, op.UserId, "chat", Amount: op.Amount));
                result.Cost.ShouldBe(op.Amount);
                return (result.Status.ToString(), result.Status == ChargeStatus.Charged ? -op.Amount : 0m, result.Status == ChargeStatus.Charged ? op.Amount : null);

            case "recharge":
                var order = await host.Send(new CreateOrder(op.UserId, productId, null, op.Amount));
                await host.Send(new ConfirmManualPayment(order.Id));
                refundable[op.UserId].Add(order.Id);
                return ("paid", op.Amount, null);

            case "refund":
                var orders = refundable[op.UserId].ToArray();
                var orderId = orders[op.Pick % orders.Length];
                try
                {
                    await host.Send(new RefundOrder(orderId, op.Amount, "concurrency test"));
                    return ("refunded", -op.Amount, null);
                }
                catch (DomainException ex) when (ex.Kind is ErrorKind.PaymentRequired or ErrorKind.Validation or ErrorKind.Conflict)
                {
                    return ($"refused-{ex.Kind}", 0m, null);
                }

            default:
                var reservation = await host.Send(new ReserveFunds(op.RequestId, op.UserId, op.Amount));
                if (reservation.Status == ReservationStatus.InsufficientFunds)
                {
                    return ("InsufficientFunds", 0m, null);
                }

                if (op.Pick % 5 == 0)
                {
                    (await host.Send(new ReleaseReservation(op.UserId, reservation.ReservationId!.Value))).Status.ShouldBe(ReservationStatus.Released);
                    return ("released", 0m, null);
                }

                var settled = await host.Send(new SettleReservation(op.UserId, reservation.ReservationId!.Value, op.Actual, "agent"));
                if (settled.Status == ChargeStatus.InsufficientFunds)
                {
                    await host.Send(new ReleaseReservation(op.UserId, reservation.ReservationId.Value));
                    return ("overrun-released", 0m, null);
                }

                settled.Status.ShouldBe(ChargeStatus.Charged);
                return ("settled", -op.Actual, op.Actual);
        }
    }

    /// <summary>The operations, fixed by the seed: repeats reuse an earlier charge's request id, user and amount.</summary>
    private static List<Op> Plan(List<Guid> accounts, Random random)
    {
        var ops = new List<Op>(Operations);
        var charges = new List<Op>();
        for (var i = 0; i < Operations; i++)
        {
            var userId = accounts[random.Next(accounts.Count)];
            var roll = random.Next(100);
            Op op;
            if (roll < 45)
            {
                op = charges.Count > 0 && random.Next(10) == 0
                    ? charges[random.Next(charges.Count)]
                    : new Op("charge", userId, $"c-{Guid.NewGuid():N}", Money(random, 0.01m, 2.5m), 0, 0);
                charges.Add(op);
            }
            else if (roll < 60)
            {
                op = new Op("recharge", userId, "", Money(random, 1m, 5m), 0, 0);
            }
            else if (roll < 70)
            {
                op = new Op("refund", userId, "", Money(random, 0.5m, 3m), 0, random.Next(1000));
            }
            else
            {
                var reserve = Money(random, 1m, 15m);
                op = new Op("reserve", userId, $"r-{Guid.NewGuid():N}", reserve, Math.Round(reserve * (decimal)(random.NextDouble() * 1.3), 8), random.Next(1000));
            }

            ops.Add(op);
        }

        return ops;
    }

    private static decimal Money(Random random, decimal min, decimal max) => Math.Round(min + ((max - min) * (decimal)random.NextDouble()), 8);

    private sealed record Op(string Kind, Guid UserId, string RequestId, decimal Amount, decimal Actual, int Pick);
}
