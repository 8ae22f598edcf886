using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Billing.Domain.Accounts;
using AgentPlatform.Modules.Billing.Domain.Orders;
using AgentPlatform.Modules.Billing.Domain.Products;
using AgentPlatform.Modules.Billing.Domain.Usage;

namespace AgentPlatform.Modules.Billing.Infrastructure.Persistence;

internal sealed class BillingDbContext(DbContextOptions<BillingDbContext> options) : ModuleDbContext(options)
{
    internal const string SchemaName = "billing";

    public override string Schema => SchemaName;

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<LedgerEntry> Transactions => Set<LedgerEntry>();

    public DbSet<UsageRecord> UsageRecords => Set<UsageRecord>();

    public DbSet<Reservation> Reservations => Set<Reservation>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<PricingRule> PricingRules => Set<PricingRule>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<PaymentNotification> PaymentNotifications => Set<PaymentNotification>();

    public DbSet<UsageCounter> UsageCounters => Set<UsageCounter>();
}

/// <summary>Requests or tokens counted for a user in one window (a minute or a UTC day); written only by atomic upserts.</summary>
internal sealed class UsageCounter
{
    public Guid UserId { get; set; }

    /// <summary>"minute" or "day".</summary>
    public string Window { get; set; } = "";

    public DateTimeOffset WindowStart { get; set; }

    public long Requests { get; set; }

    public long Tokens { get; set; }
}
