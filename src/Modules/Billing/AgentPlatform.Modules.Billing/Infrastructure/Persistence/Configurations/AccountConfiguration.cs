using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Billing.Domain.Accounts;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentPlatform.Modules.Billing.Infrastructure.Persistence.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        // The database holds the invariants too: a bug in code cannot leave an account below its credit limit.
        builder.ToTable("accounts", t =>
        {
            t.HasCheckConstraint("ck_accounts_frozen_balance", "frozen_balance >= 0");
            t.HasCheckConstraint("ck_accounts_credit_limit", "credit_limit >= 0");
            t.HasCheckConstraint("ck_accounts_balance", "balance >= -credit_limit");
            t.HasCheckConstraint("ck_accounts_available", "balance - frozen_balance >= -credit_limit");
        });
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.Currency).HasMaxLength(10).IsRequired();
        builder.Property(x => x.Balance).HasPrecision(20, 8);
        builder.Property(x => x.FrozenBalance).HasPrecision(20, 8);
        builder.Property(x => x.CreditLimit).HasPrecision(20, 8);
        builder.Ignore(x => x.AvailableBalance);
        builder.HasIndex(x => x.UserId).IsUnique();
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.ToTable("transactions", t =>
        {
            t.HasEnumCheck<LedgerEntry, TransactionType>("transactions", "type");
            t.HasCheckConstraint("ck_transactions_balance_chain", "balance_after = balance_before + amount");
            t.HasCheckConstraint("ck_transactions_frozen_after", "frozen_after >= 0");
            t.HasCheckConstraint("ck_transactions_sequence", "sequence >= 1");
        });
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.Type).HasEnumText(20);
        builder.Property(x => x.Amount).HasPrecision(20, 8);
        builder.Property(x => x.BalanceBefore).HasPrecision(20, 8);
        builder.Property(x => x.BalanceAfter).HasPrecision(20, 8);
        builder.Property(x => x.FrozenChange).HasPrecision(20, 8);
        builder.Property(x => x.FrozenAfter).HasPrecision(20, 8);
        builder.Property(x => x.Description).HasMaxLength(500);
        builder.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);

        // One row per sequence number: a lost update would collide here instead of silently forking the chain.
        builder.HasIndex(x => new { x.AccountId, x.Sequence }).IsUnique();
        builder.HasIndex(x => new { x.UserId, x.CreatedAt });
        builder.HasIndex(x => x.OrderId).HasFilter("order_id IS NOT NULL");
        builder.HasIndex(x => x.ReservationId).HasFilter("reservation_id IS NOT NULL");
    }
}
