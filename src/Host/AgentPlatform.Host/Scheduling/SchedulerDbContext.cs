using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Host.Scheduling;

/// <summary>
/// Owns only the migrations of Quartz's job-store tables (schema <c>quartz</c>); Quartz itself reads and
/// writes them with its own SQL.
/// </summary>
internal sealed class SchedulerDbContext(DbContextOptions<SchedulerDbContext> options) : DbContext(options)
{
    public const string Schema = "quartz";

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema(Schema);
}
