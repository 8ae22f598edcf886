using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Billing.Domain.Accounts;
using AgentPlatform.Modules.Billing.Domain.Usage;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentPlatform.Modules.Billing.Infrastructure.Persistence.Configurations;

internal sealed class UsageRecordConfiguration : IEntityTypeConfiguration<UsageRecord>
{
    public void Configure(EntityTypeBuilder<UsageRecord> builder)
    {
        builder.ToTable("usage_records", t =>
        {
            t.HasEnumCheck<UsageRecord, UsageStatus>("usage_records", "status");
            t.HasCheckConstraint("ck_usage_records_cost", "cost >= 0");
        });
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.RequestId).HasMaxLength(255).IsRequired();
        builder.Property(x => x.ServiceName).HasMaxLength(100).IsRequired();
        builder.Property(x => x.ModelName).HasMaxLength(200);
        builder.Property(x => x.Cost).HasPrecision(20, 8);
        builder.Property(x => x.Status).HasEnumText(20);
        builder.Property(x => x.PricingRule).HasMaxLength(500);
        builder.Property(x => x.Description).HasMaxLength(500);
        builder.HasIndex(x => x.RequestId).IsUnique();
        builder.HasIndex(x => new { x.UserId, x.BilledOn });

        // One settlement per reservation.
        builder.HasIndex(x => x.ReservationId).IsUnique().HasFilter("reservation_id IS NOT NULL");
    }
}

internal sealed class ReservationConfiguration : IEntityTypeConfiguration<Reservation>
{
    public void Configure(EntityTypeBuilder<Reservation> builder)
    {
        builder.ToTable("reservations", t =>
        {
            t.HasEnumCheck<Reservation, ReservationState>("reservations", "status");
            t.HasCheckConstraint("ck_reservations_amount", "amount > 0");
            t.HasCheckConstraint("ck_reservations_settled", "(status = 'settled') = (settled_amount IS NOT NULL)");
        });
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.RequestId).HasMaxLength(255).IsRequired();
        builder.Property(x => x.Amount).HasPrecision(20, 8);
        builder.Property(x => x.SettledAmount).HasPrecision(20, 8);
        builder.Property(x => x.Status).HasEnumText(20);
        builder.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(x => x.RequestId).IsUnique();
        builder.HasIndex(x => x.ExpiresAt).HasFilter("status = 'open'");
    }
}

internal sealed class UsageCounterConfiguration : IEntityTypeConfiguration<UsageCounter>
{
    public void Configure(EntityTypeBuilder<UsageCounter> builder)
    {
        builder.ToTable("usage_counters", t => t.HasCheckConstraint("ck_usage_counters_window", "\"window\" IN ('minute', 'day')"));
        builder.HasKey(x => new { x.UserId, x.Window, x.WindowStart });
        builder.Property(x => x.Window).HasMaxLength(10);
        builder.HasIndex(x => x.WindowStart);
    }
}
