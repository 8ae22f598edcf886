using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentPlatform.Modules.Llm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class GatewayRequestsRecordedWhenComplete : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Calls that never finished were never answered nor counted: nothing to keep.
            migrationBuilder.Sql("DELETE FROM llm.gateway_requests WHERE status = 'in_progress' OR completed_at IS NULL;");

            migrationBuilder.DropCheckConstraint(
                name: "ck_gateway_requests_status",
                schema: "llm",
                table: "gateway_requests");

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "completed_at",
                schema: "llm",
                table: "gateway_requests",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)),
                oldClrType: typeof(DateTimeOffset),
                oldType: "timestamp with time zone",
                oldNullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_gateway_requests_status",
                schema: "llm",
                table: "gateway_requests",
                sql: "status IN ('succeeded', 'failed')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_gateway_requests_status",
                schema: "llm",
                table: "gateway_requests");

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "completed_at",
                schema: "llm",
                table: "gateway_requests",
                type: "timestamp with time zone",
                nullable: true,
                oldClrType: typeof(DateTimeOffset),
                oldType: "timestamp with time zone");

            migrationBuilder.AddCheckConstraint(
                name: "ck_gateway_requests_status",
                schema: "llm",
                table: "gateway_requests",
                sql: "status IN ('in_progress', 'succeeded', 'failed')");
        }
    }
}
