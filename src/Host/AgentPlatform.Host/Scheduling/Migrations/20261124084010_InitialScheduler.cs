using AgentPlatform.Host.Scheduling;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentPlatform.Host.Scheduling.Migrations
{
    /// <summary>Quartz's job-store tables in the <c>quartz</c> schema, and the lock rows of the default scheduler.</summary>
    public partial class InitialScheduler : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(SchedulerDbContext.Schema);
            migrationBuilder.Sql(QuartzSchema.CreateScript());
            migrationBuilder.Sql(QuartzSchema.LockRowsScript(SchedulerSetup.DefaultSchedulerName));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(QuartzSchema.DropScript());
        }
    }
}
