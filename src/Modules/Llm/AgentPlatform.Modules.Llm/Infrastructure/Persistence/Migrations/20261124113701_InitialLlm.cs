using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentPlatform.Modules.Llm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialLlm : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "llm");

            migrationBuilder.CreateTable(
                name: "fallback_chains",
                schema: "llm",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    model_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fallback_chains", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "gateway_requests",
                schema: "llm",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    service = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    model_id = table.Column<Guid>(type: "uuid", nullable: true),
                    input_tokens = table.Column<long>(type: "bigint", nullable: false),
                    output_tokens = table.Column<long>(type: "bigint", nullable: false),
                    cost = table.Column<decimal>(type: "numeric(20,8)", nullable: false),
                    latency_ms = table.Column<long>(type: "bigint", nullable: false),
                    response = table.Column<string>(type: "jsonb", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_gateway_requests", x => x.id);
                    table.CheckConstraint("ck_gateway_requests_status", "status IN ('in_progress', 'succeeded', 'failed')");
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                schema: "llm",
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
                schema: "llm",
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
                name: "providers",
                schema: "llm",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    type = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_providers", x => x.id);
                    table.CheckConstraint("ck_providers_type", "type IN ('openai', 'openai-compatible', 'azure-openai', 'anthropic', 'local')");
                });

            migrationBuilder.CreateTable(
                name: "credentials",
                schema: "llm",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider_id = table.Column<Guid>(type: "uuid", nullable: false),
                    alias = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    api_key_encrypted = table.Column<string>(type: "text", nullable: false),
                    secret_key_encrypted = table.Column<string>(type: "text", nullable: true),
                    key_last4 = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    daily_quota = table.Column<int>(type: "integer", nullable: true),
                    quota_used = table.Column<int>(type: "integer", nullable: false),
                    quota_day = table.Column<DateOnly>(type: "date", nullable: true),
                    rate_limited_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credentials", x => x.id);
                    table.CheckConstraint("ck_credentials_quota", "daily_quota IS NULL OR daily_quota > 0");
                    table.CheckConstraint("ck_credentials_quota_used", "quota_used >= 0");
                    table.ForeignKey(
                        name: "fk_credentials_providers_provider_id",
                        column: x => x.provider_id,
                        principalSchema: "llm",
                        principalTable: "providers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "endpoints",
                schema: "llm",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    base_url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    api_version = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    region = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    connect_timeout_seconds = table.Column<int>(type: "integer", nullable: false),
                    read_timeout_seconds = table.Column<int>(type: "integer", nullable: false),
                    retry_count = table.Column<int>(type: "integer", nullable: false),
                    is_default = table.Column<bool>(type: "boolean", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_endpoints", x => x.id);
                    table.CheckConstraint("ck_endpoints_retry_count", "retry_count BETWEEN 0 AND 10");
                    table.CheckConstraint("ck_endpoints_timeouts", "connect_timeout_seconds BETWEEN 1 AND 600 AND read_timeout_seconds BETWEEN 1 AND 3600");
                    table.ForeignKey(
                        name: "fk_endpoints_providers_provider_id",
                        column: x => x.provider_id,
                        principalSchema: "llm",
                        principalTable: "providers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "models",
                schema: "llm",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    model_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    version = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    type = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    context_window = table.Column<int>(type: "integer", nullable: true),
                    max_output_tokens = table.Column<int>(type: "integer", nullable: true),
                    input_price_per1k = table.Column<decimal>(type: "numeric(20,8)", nullable: false),
                    output_price_per1k = table.Column<decimal>(type: "numeric(20,8)", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    capabilities = table.Column<string>(type: "jsonb", nullable: false),
                    status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    embedding_dimension = table.Column<int>(type: "integer", nullable: true),
                    fallback_chain_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_models", x => x.id);
                    table.CheckConstraint("ck_models_embedding_dimension", "(type = 'embedding') = (embedding_dimension IS NOT NULL) AND (embedding_dimension IS NULL OR embedding_dimension BETWEEN 1 AND 16000)");
                    table.CheckConstraint("ck_models_limits", "(context_window IS NULL OR context_window > 0) AND (max_output_tokens IS NULL OR max_output_tokens > 0)");
                    table.CheckConstraint("ck_models_prices", "input_price_per1k >= 0 AND output_price_per1k >= 0");
                    table.CheckConstraint("ck_models_status", "status IN ('available', 'maintenance', 'deprecated')");
                    table.CheckConstraint("ck_models_type", "type IN ('chat', 'completion', 'embedding', 'vision')");
                    table.ForeignKey(
                        name: "fk_models_fallback_chains_fallback_chain_id",
                        column: x => x.fallback_chain_id,
                        principalSchema: "llm",
                        principalTable: "fallback_chains",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_models_providers_provider_id",
                        column: x => x.provider_id,
                        principalSchema: "llm",
                        principalTable: "providers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "profiles",
                schema: "llm",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    model_id = table.Column<Guid>(type: "uuid", nullable: false),
                    temperature = table.Column<double>(type: "double precision", nullable: true),
                    max_tokens = table.Column<int>(type: "integer", nullable: true),
                    top_p = table.Column<double>(type: "double precision", nullable: true),
                    frequency_penalty = table.Column<double>(type: "double precision", nullable: true),
                    seed = table.Column<long>(type: "bigint", nullable: true),
                    provider_config = table.Column<string>(type: "jsonb", nullable: false),
                    fallback_chain_id = table.Column<Guid>(type: "uuid", nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    is_default = table.Column<bool>(type: "boolean", nullable: false),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_profiles", x => x.id);
                    table.CheckConstraint("ck_profiles_frequency_penalty", "frequency_penalty IS NULL OR frequency_penalty BETWEEN -2 AND 2");
                    table.CheckConstraint("ck_profiles_max_tokens", "max_tokens IS NULL OR max_tokens > 0");
                    table.CheckConstraint("ck_profiles_temperature", "temperature IS NULL OR temperature BETWEEN 0 AND 2");
                    table.CheckConstraint("ck_profiles_top_p", "top_p IS NULL OR top_p BETWEEN 0 AND 1");
                    table.ForeignKey(
                        name: "fk_profiles_fallback_chains_fallback_chain_id",
                        column: x => x.fallback_chain_id,
                        principalSchema: "llm",
                        principalTable: "fallback_chains",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_profiles_models_model_id",
                        column: x => x.model_id,
                        principalSchema: "llm",
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_credentials_expires_at",
                schema: "llm",
                table: "credentials",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_credentials_provider_id_alias",
                schema: "llm",
                table: "credentials",
                columns: new[] { "provider_id", "alias" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_endpoints_provider_id",
                schema: "llm",
                table: "endpoints",
                column: "provider_id",
                unique: true,
                filter: "is_default");

            migrationBuilder.CreateIndex(
                name: "ix_endpoints_provider_id_name",
                schema: "llm",
                table: "endpoints",
                columns: new[] { "provider_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_fallback_chains_owner_id_name",
                schema: "llm",
                table: "fallback_chains",
                columns: new[] { "owner_id", "name" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_gateway_requests_created_at",
                schema: "llm",
                table: "gateway_requests",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_gateway_requests_user_id_request_id",
                schema: "llm",
                table: "gateway_requests",
                columns: new[] { "user_id", "request_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_models_capabilities",
                schema: "llm",
                table: "models",
                column: "capabilities")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_models_fallback_chain_id",
                schema: "llm",
                table: "models",
                column: "fallback_chain_id");

            migrationBuilder.CreateIndex(
                name: "ix_models_owner_id",
                schema: "llm",
                table: "models",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_models_provider_id_model_id",
                schema: "llm",
                table: "models",
                columns: new[] { "provider_id", "model_id" },
                unique: true,
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_models_type_status",
                schema: "llm",
                table: "models",
                columns: new[] { "type", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_pending",
                schema: "llm",
                table: "outbox_messages",
                column: "next_attempt_at",
                filter: "processed_at IS NULL AND failed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_profiles_fallback_chain_id",
                schema: "llm",
                table: "profiles",
                column: "fallback_chain_id");

            migrationBuilder.CreateIndex(
                name: "ix_profiles_model_id",
                schema: "llm",
                table: "profiles",
                column: "model_id");

            migrationBuilder.CreateIndex(
                name: "ix_profiles_owner_id",
                schema: "llm",
                table: "profiles",
                column: "owner_id",
                unique: true,
                filter: "is_default AND deleted_at IS NULL")
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_profiles_owner_id_name",
                schema: "llm",
                table: "profiles",
                columns: new[] { "owner_id", "name" },
                unique: true,
                filter: "deleted_at IS NULL")
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_providers_owner_id_name",
                schema: "llm",
                table: "providers",
                columns: new[] { "owner_id", "name" },
                unique: true,
                filter: "deleted_at IS NULL")
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_providers_type",
                schema: "llm",
                table: "providers",
                column: "type");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "credentials",
                schema: "llm");

            migrationBuilder.DropTable(
                name: "endpoints",
                schema: "llm");

            migrationBuilder.DropTable(
                name: "gateway_requests",
                schema: "llm");

            migrationBuilder.DropTable(
                name: "inbox_messages",
                schema: "llm");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "llm");

            migrationBuilder.DropTable(
                name: "profiles",
                schema: "llm");

            migrationBuilder.DropTable(
                name: "models",
                schema: "llm");

            migrationBuilder.DropTable(
                name: "fallback_chains",
                schema: "llm");

            migrationBuilder.DropTable(
                name: "providers",
                schema: "llm");
        }
    }
}
