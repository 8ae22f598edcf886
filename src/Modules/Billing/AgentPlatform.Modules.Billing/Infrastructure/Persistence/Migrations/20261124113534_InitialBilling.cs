using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentPlatform.Modules.Billing.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialBilling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "billing");

            migrationBuilder.CreateTable(
                name: "accounts",
                schema: "billing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    currency = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    balance = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: false),
                    frozen_balance = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: false),
                    credit_limit = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: false),
                    plan_product_id = table.Column<Guid>(type: "uuid", nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_accounts", x => x.id);
                    table.CheckConstraint("ck_accounts_available", "balance - frozen_balance >= -credit_limit");
                    table.CheckConstraint("ck_accounts_balance", "balance >= -credit_limit");
                    table.CheckConstraint("ck_accounts_credit_limit", "credit_limit >= 0");
                    table.CheckConstraint("ck_accounts_frozen_balance", "frozen_balance >= 0");
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                schema: "billing",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    consumer = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbox_messages", x => new { x.event_id, x.consumer });
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                schema: "billing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    content = table.Column<string>(type: "jsonb", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    failed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pricing_rules",
                schema: "billing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    target = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    input_price_per1k = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: true),
                    output_price_per1k = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: true),
                    markup_percent = table.Column<decimal>(type: "numeric(10,4)", precision: 10, scale: 4, nullable: true),
                    price_per_execution = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pricing_rules", x => x.id);
                    table.CheckConstraint("ck_pricing_rules_kind", "kind IN ('model', 'execution')");
                    table.CheckConstraint("ck_pricing_rules_prices", "COALESCE(input_price_per1k, 0) >= 0 AND COALESCE(output_price_per1k, 0) >= 0 AND COALESCE(price_per_execution, 0) >= 0 AND COALESCE(markup_percent, 0) >= -100");
                });

            migrationBuilder.CreateTable(
                name: "products",
                schema: "billing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    pricing_mode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    unit_price = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: false),
                    currency = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    metadata = table.Column<string>(type: "jsonb", nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_products", x => x.id);
                    table.CheckConstraint("ck_products_pricing_mode", "pricing_mode IN ('fixed', 'pay_as_you_go')");
                    table.CheckConstraint("ck_products_status", "status IN ('listed', 'unlisted')");
                    table.CheckConstraint("ck_products_type", "type IN ('recharge', 'subscription')");
                    table.CheckConstraint("ck_products_unit_price", "unit_price >= 0");
                });

            migrationBuilder.CreateTable(
                name: "usage_counters",
                schema: "billing",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    window = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    window_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    requests = table.Column<long>(type: "bigint", nullable: false),
                    tokens = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_usage_counters", x => new { x.user_id, x.window, x.window_start });
                    table.CheckConstraint("ck_usage_counters_window", "\"window\" IN ('minute', 'day')");
                });

            migrationBuilder.CreateTable(
                name: "usage_records",
                schema: "billing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    service_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    model_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    input_tokens = table.Column<long>(type: "bigint", nullable: false),
                    output_tokens = table.Column<long>(type: "bigint", nullable: false),
                    executions = table.Column<int>(type: "integer", nullable: false),
                    cost = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    pricing_rule = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    reservation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    billed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    billed_on = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_usage_records", x => x.id);
                    table.CheckConstraint("ck_usage_records_cost", "cost >= 0");
                    table.CheckConstraint("ck_usage_records_status", "status IN ('charged', 'unpaid')");
                });

            migrationBuilder.CreateTable(
                name: "reservations",
                schema: "billing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    settled_amount = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: true),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reservations", x => x.id);
                    table.CheckConstraint("ck_reservations_amount", "amount > 0");
                    table.CheckConstraint("ck_reservations_settled", "(status = 'settled') = (settled_amount IS NOT NULL)");
                    table.CheckConstraint("ck_reservations_status", "status IN ('open', 'settled', 'released', 'expired')");
                    table.ForeignKey(
                        name: "fk_reservations_accounts_account_id",
                        column: x => x.account_id,
                        principalSchema: "billing",
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "transactions",
                schema: "billing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: false),
                    balance_before = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: false),
                    balance_after = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: false),
                    frozen_change = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: false),
                    frozen_after = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: true),
                    usage_record_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reservation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_transactions", x => x.id);
                    table.CheckConstraint("ck_transactions_balance_chain", "balance_after = balance_before + amount");
                    table.CheckConstraint("ck_transactions_frozen_after", "frozen_after >= 0");
                    table.CheckConstraint("ck_transactions_sequence", "sequence >= 1");
                    table.CheckConstraint("ck_transactions_type", "type IN ('recharge', 'deduction', 'refund', 'reservation', 'release', 'adjustment')");
                    table.ForeignKey(
                        name: "fk_transactions_accounts_account_id",
                        column: x => x.account_id,
                        principalSchema: "billing",
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "orders",
                schema: "billing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_no = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    product_id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    title = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: false),
                    currency = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    paid_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    refunded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    refund_amount = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: false),
                    payment_provider = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_orders", x => x.id);
                    table.CheckConstraint("ck_orders_amount", "amount > 0");
                    table.CheckConstraint("ck_orders_order_type", "order_type IN ('recharge', 'subscription')");
                    table.CheckConstraint("ck_orders_refund_amount", "refund_amount >= 0 AND refund_amount <= amount");
                    table.CheckConstraint("ck_orders_status", "status IN ('pending', 'paid', 'partially_refunded', 'refunded', 'cancelled', 'expired')");
                    table.ForeignKey(
                        name: "fk_orders_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "billing",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "payment_notifications",
                schema: "billing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    notification_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_notifications", x => x.id);
                    table.ForeignKey(
                        name: "fk_payment_notifications_orders_order_id",
                        column: x => x.order_id,
                        principalSchema: "billing",
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_user_id",
                schema: "billing",
                table: "accounts",
                column: "user_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_orders_expires_at",
                schema: "billing",
                table: "orders",
                column: "expires_at",
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_orders_order_no",
                schema: "billing",
                table: "orders",
                column: "order_no",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_orders_product_id",
                schema: "billing",
                table: "orders",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_orders_user_id_created_at",
                schema: "billing",
                table: "orders",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_pending",
                schema: "billing",
                table: "outbox_messages",
                column: "next_attempt_at",
                filter: "processed_at IS NULL AND failed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_payment_notifications_order_id",
                schema: "billing",
                table: "payment_notifications",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_payment_notifications_provider_notification_id",
                schema: "billing",
                table: "payment_notifications",
                columns: new[] { "provider", "notification_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pricing_rules_kind_target",
                schema: "billing",
                table: "pricing_rules",
                columns: new[] { "kind", "target" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_products_status",
                schema: "billing",
                table: "products",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_reservations_account_id",
                schema: "billing",
                table: "reservations",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_reservations_expires_at",
                schema: "billing",
                table: "reservations",
                column: "expires_at",
                filter: "status = 'open'");

            migrationBuilder.CreateIndex(
                name: "ix_reservations_request_id",
                schema: "billing",
                table: "reservations",
                column: "request_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_transactions_account_id_sequence",
                schema: "billing",
                table: "transactions",
                columns: new[] { "account_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_transactions_order_id",
                schema: "billing",
                table: "transactions",
                column: "order_id",
                filter: "order_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_transactions_reservation_id",
                schema: "billing",
                table: "transactions",
                column: "reservation_id",
                filter: "reservation_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_transactions_user_id_created_at",
                schema: "billing",
                table: "transactions",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_usage_counters_window_start",
                schema: "billing",
                table: "usage_counters",
                column: "window_start");

            migrationBuilder.CreateIndex(
                name: "ix_usage_records_request_id",
                schema: "billing",
                table: "usage_records",
                column: "request_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_usage_records_reservation_id",
                schema: "billing",
                table: "usage_records",
                column: "reservation_id",
                unique: true,
                filter: "reservation_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_usage_records_user_id_billed_on",
                schema: "billing",
                table: "usage_records",
                columns: new[] { "user_id", "billed_on" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inbox_messages",
                schema: "billing");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "billing");

            migrationBuilder.DropTable(
                name: "payment_notifications",
                schema: "billing");

            migrationBuilder.DropTable(
                name: "pricing_rules",
                schema: "billing");

            migrationBuilder.DropTable(
                name: "reservations",
                schema: "billing");

            migrationBuilder.DropTable(
                name: "transactions",
                schema: "billing");

            migrationBuilder.DropTable(
                name: "usage_counters",
                schema: "billing");

            migrationBuilder.DropTable(
                name: "usage_records",
                schema: "billing");

            migrationBuilder.DropTable(
                name: "orders",
                schema: "billing");

            migrationBuilder.DropTable(
                name: "accounts",
                schema: "billing");

            migrationBuilder.DropTable(
                name: "products",
                schema: "billing");
        }
    }
}
