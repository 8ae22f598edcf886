using AgentPlatform.BuildingBlocks.Domain;
using AgentPlatform.Modules.Billing.Domain;
using AgentPlatform.Modules.Billing.Domain.Accounts;

namespace AgentPlatform.UnitTests.Billing;

public sealed class AccountTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_post_writes_a_ledger_row_that_chains_from_the_previous_one()
    {
        var account = Account.Open(Guid.CreateVersion7(), "USD", Now);

        var credit = account.Post(TransactionType.Recharge, 10m, 0, default, "top-up", Now);
        var reserve = account.Post(TransactionType.Reservation, 0, 4m, default, null, Now);
        var debit = account.Post(TransactionType.Deduction, -2.5m, -2.5m, default, null, Now);

        (credit.Sequence, credit.BalanceBefore, credit.BalanceAfter).ShouldBe((1L, 0m, 10m));
        (reserve.Sequence, reserve.BalanceAfter, reserve.FrozenAfter).ShouldBe((2L, 10m, 4m));
        (debit.Sequence, debit.BalanceBefore, debit.BalanceAfter, debit.FrozenAfter).ShouldBe((3L, 10m, 7.5m, 1.5m));
        (account.Balance, account.FrozenBalance, account.AvailableBalance, account.Version).ShouldBe((7.5m, 1.5m, 6m, 3L));
    }

    [Fact]
    public void Taking_more_than_is_available_throws_and_changes_nothing()
    {
        var account = Account.Open(Guid.CreateVersion7(), "USD", Now);
        account.Post(TransactionType.Recharge, 5m, 0, default, null, Now);
        account.Post(TransactionType.Reservation, 0, 3m, default, null, Now);

        var error = Should.Throw<InsufficientFundsException>(() => account.Post(TransactionType.Deduction, -2.00000001m, 0, default, null, Now));
        error.Kind.ShouldBe(ErrorKind.PaymentRequired);
        Should.Throw<InsufficientFundsException>(() => account.Post(TransactionType.Reservation, 0, 2.00000001m, default, null, Now));
        (account.Balance, account.FrozenBalance, account.Version).ShouldBe((5m, 3m, 2L));

        account.Post(TransactionType.Deduction, -2m, 0, default, null, Now).BalanceAfter.ShouldBe(3m, "exactly the available balance may be spent");
    }

    [Fact]
    public void A_credit_limit_lets_the_available_balance_go_that_far_below_zero_and_no_further()
    {
        var account = Account.Open(Guid.CreateVersion7(), "USD", Now);
        account.SetCreditLimit(10m, Now);

        account.Post(TransactionType.Deduction, -10m, 0, default, null, Now).BalanceAfter.ShouldBe(-10m);
        Should.Throw<InsufficientFundsException>(() => account.Post(TransactionType.Deduction, -0.00000001m, 0, default, null, Now));
        Should.Throw<DomainException>(() => account.SetCreditLimit(5m, Now)).Kind.ShouldBe(ErrorKind.Conflict);
        account.Post(TransactionType.Recharge, 20m, 0, default, null, Now);
        account.SetCreditLimit(0m, Now);
        account.CreditLimit.ShouldBe(0m);
    }

    [Fact]
    public void Credits_are_always_accepted_and_the_frozen_balance_never_goes_below_zero()
    {
        var account = Account.Open(Guid.CreateVersion7(), "USD", Now);
        account.Post(TransactionType.Adjustment, 1m, 0, default, null, Now).Amount.ShouldBe(1m);
        Should.Throw<InvalidOperationException>(() => account.Post(TransactionType.Release, 0, -1m, default, null, Now));
        account.Post(TransactionType.Recharge, Money.MaxBalance - 1m, 0, default, null, Now);
        Should.Throw<DomainException>(() => account.Post(TransactionType.Recharge, 0.00000001m, 0, default, null, Now)).Code.ShouldBe("billing.balance_limit");
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("0.00000001", true)]
    [InlineData("1.10000000000", true)]
    [InlineData("0.000000001", false)]
    [InlineData("0", false)]
    [InlineData("-1", false)]
    [InlineData("1000000000.00000001", false)]
    public void Positive_amounts_have_at_most_eight_decimals_and_stay_in_range(string text, bool valid) =>
        Money.IsValidPositive(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(valid);

    [Fact]
    public void Charges_computed_from_rates_round_up_at_the_eighth_decimal()
    {
        Money.RoundCharge(0.000000001m).ShouldBe(0.00000001m);
        Money.RoundCharge(1.000000010m).ShouldBe(1.00000001m);
        Money.RoundCharge(0m).ShouldBe(0m);
    }
}
