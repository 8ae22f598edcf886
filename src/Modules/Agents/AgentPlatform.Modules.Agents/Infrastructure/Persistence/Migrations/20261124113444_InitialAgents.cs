using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentPlatform.Modules.Agents.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialAgents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "agents");

            migrationBuilder.CreateTable(
                name: "agent_execution_details",
                schema: "agents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    trace_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    sequence_no = table.Column<int>(type: "integer", nullable: false),
                    step_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    message_content = table.Column<string>(type: "text", nullable: true),
                    message_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    model_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    provider_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    message_tokens = table.Column<int>(type: "integer", nullable: true),
                    model_call_time = table.Column<int>(type: "integer", nullable: true),
                    tool_name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    tool_request_args = table.Column<string>(type: "text", nullable: true),
                    tool_response_data = table.Column<string>(type: "text", nullable: true),
                    tool_execution_time = table.Column<int>(type: "integer", nullable: true),
                    tool_success = table.Column<bool>(type: "boolean", nullable: true),
                    is_fallback_used = table.Column<bool>(type: "boolean", nullable: false),
                    fallback_reason = table.Column<string>(type: "text", nullable: true),
                    fallback_from_model = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    fallback_to_model = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    step_cost = table.Column<decimal>(type: "numeric(20,8)", nullable: true),
                    step_success = table.Column<bool>(type: "boolean", nullable: false),
                    step_error_message = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agent_execution_details", x => x.id);
                    table.CheckConstraint("ck_agent_execution_details_step_type", "step_type IN ('user_message', 'ai_response', 'tool_call')");
                });

            migrationBuilder.CreateTable(
                name: "agent_execution_summary",
                schema: "agents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    trace_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    execution_start_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    execution_end_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    total_execution_time = table.Column<int>(type: "integer", nullable: true),
                    total_input_tokens = table.Column<int>(type: "integer", nullable: false),
                    total_output_tokens = table.Column<int>(type: "integer", nullable: false),
                    total_tokens = table.Column<int>(type: "integer", nullable: false),
                    tool_call_count = table.Column<int>(type: "integer", nullable: false),
                    total_tool_execution_time = table.Column<int>(type: "integer", nullable: false),
                    total_cost = table.Column<decimal>(type: "numeric(20,8)", nullable: false),
                    execution_success = table.Column<bool>(type: "boolean", nullable: false),
                    error_phase = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    error_message = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agent_execution_summary", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "agent_tasks",
                schema: "agents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    parent_task_id = table.Column<Guid>(type: "uuid", nullable: true),
                    task_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    progress = table.Column<int>(type: "integer", nullable: false),
                    start_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    end_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    task_result = table.Column<string>(type: "text", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    retry_count = table.Column<int>(type: "integer", nullable: false),
                    input_data = table.Column<string>(type: "jsonb", nullable: true),
                    output_data = table.Column<string>(type: "jsonb", nullable: true),
                    events = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agent_tasks", x => x.id);
                    table.CheckConstraint("ck_agent_tasks_progress", "progress BETWEEN 0 AND 100");
                    table.CheckConstraint("ck_agent_tasks_status", "status IN ('pending', 'running', 'paused', 'completed', 'failed', 'stopped')");
                    table.ForeignKey(
                        name: "fk_agent_tasks_agent_tasks_parent_task_id",
                        column: x => x.parent_task_id,
                        principalSchema: "agents",
                        principalTable: "agent_tasks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "agents",
                schema: "agents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    avatar = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    system_prompt = table.Column<string>(type: "text", nullable: true),
                    welcome_message = table.Column<string>(type: "text", nullable: true),
                    tool_ids = table.Column<Guid[]>(type: "uuid[]", nullable: false),
                    knowledge_base_ids = table.Column<Guid[]>(type: "uuid[]", nullable: false),
                    tool_preset_params = table.Column<string>(type: "jsonb", nullable: false),
                    multi_modal = table.Column<bool>(type: "boolean", nullable: false),
                    model_settings = table.Column<string>(type: "jsonb", nullable: false),
                    agent_mode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    published_version_id = table.Column<Guid>(type: "uuid", nullable: true),
                    latest_version_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agents", x => x.id);
                    table.CheckConstraint("ck_agents_agent_mode", "agent_mode IN ('thinking', 'direct')");
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                schema: "agents",
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
                schema: "agents",
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
                name: "agent_versions",
                schema: "agents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    avatar = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    system_prompt = table.Column<string>(type: "text", nullable: true),
                    welcome_message = table.Column<string>(type: "text", nullable: true),
                    tool_ids = table.Column<Guid[]>(type: "uuid[]", nullable: false),
                    knowledge_base_ids = table.Column<Guid[]>(type: "uuid[]", nullable: false),
                    tool_preset_params = table.Column<string>(type: "jsonb", nullable: false),
                    multi_modal = table.Column<bool>(type: "boolean", nullable: false),
                    model_settings = table.Column<string>(type: "jsonb", nullable: false),
                    agent_mode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    change_log = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    publish_status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reject_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    reviewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agent_versions", x => x.id);
                    table.CheckConstraint("ck_agent_versions_agent_mode", "agent_mode IN ('thinking', 'direct')");
                    table.CheckConstraint("ck_agent_versions_publish_status", "publish_status IN ('reviewing', 'published', 'rejected', 'delisted')");
                    table.ForeignKey(
                        name: "fk_agent_versions_agents_agent_id",
                        column: x => x.agent_id,
                        principalSchema: "agents",
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "agent_workspace",
                schema: "agents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    llm_model_config = table.Column<string>(type: "jsonb", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agent_workspace", x => x.id);
                    table.ForeignKey(
                        name: "fk_agent_workspace_agents_agent_id",
                        column: x => x.agent_id,
                        principalSchema: "agents",
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_agent_execution_details_created_at",
                schema: "agents",
                table: "agent_execution_details",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_agent_execution_details_trace_id_sequence_no",
                schema: "agents",
                table: "agent_execution_details",
                columns: new[] { "trace_id", "sequence_no" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_agent_execution_summary_session_id",
                schema: "agents",
                table: "agent_execution_summary",
                column: "session_id");

            migrationBuilder.CreateIndex(
                name: "ix_agent_execution_summary_trace_id",
                schema: "agents",
                table: "agent_execution_summary",
                column: "trace_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_agent_execution_summary_user_id_agent_id_execution_start_ti",
                schema: "agents",
                table: "agent_execution_summary",
                columns: new[] { "user_id", "agent_id", "execution_start_time" })
                .Annotation("Npgsql:IndexInclude", new[] { "execution_success", "total_execution_time", "total_input_tokens", "total_output_tokens", "total_tokens", "tool_call_count", "total_cost" });

            migrationBuilder.CreateIndex(
                name: "ix_agent_execution_summary_user_id_execution_start_time_id",
                schema: "agents",
                table: "agent_execution_summary",
                columns: new[] { "user_id", "execution_start_time", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_agent_tasks_parent_task_id",
                schema: "agents",
                table: "agent_tasks",
                column: "parent_task_id");

            migrationBuilder.CreateIndex(
                name: "ix_agent_tasks_user_id_session_id",
                schema: "agents",
                table: "agent_tasks",
                columns: new[] { "user_id", "session_id" });

            migrationBuilder.CreateIndex(
                name: "ix_agent_versions_agent_id_version_number",
                schema: "agents",
                table: "agent_versions",
                columns: new[] { "agent_id", "version_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_agent_versions_description_trgm",
                schema: "agents",
                table: "agent_versions",
                column: "description")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_agent_versions_name_trgm",
                schema: "agents",
                table: "agent_versions",
                column: "name")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_agent_versions_publish_status_created_at",
                schema: "agents",
                table: "agent_versions",
                columns: new[] { "publish_status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_agent_workspace_agent_id",
                schema: "agents",
                table: "agent_workspace",
                column: "agent_id");

            migrationBuilder.CreateIndex(
                name: "ix_agent_workspace_user_id_agent_id",
                schema: "agents",
                table: "agent_workspace",
                columns: new[] { "user_id", "agent_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_agents_published_version_id",
                schema: "agents",
                table: "agents",
                column: "published_version_id");

            migrationBuilder.CreateIndex(
                name: "ix_agents_user_id_updated_at",
                schema: "agents",
                table: "agents",
                columns: new[] { "user_id", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_pending",
                schema: "agents",
                table: "outbox_messages",
                column: "next_attempt_at",
                filter: "processed_at IS NULL AND failed_at IS NULL");

            // Versions are immutable: whatever writes to the table (this module, a script, a future bug), only
            // the review columns may change after a version is created.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION agents.reject_agent_version_content_change() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    IF (NEW.id, NEW.agent_id, NEW.user_id, NEW.version_number, NEW.name, NEW.avatar, NEW.description, NEW.system_prompt,
                        NEW.welcome_message, NEW.tool_ids, NEW.knowledge_base_ids, NEW.tool_preset_params, NEW.multi_modal,
                        NEW.model_settings, NEW.agent_mode, NEW.change_log, NEW.created_at)
                       IS DISTINCT FROM
                       (OLD.id, OLD.agent_id, OLD.user_id, OLD.version_number, OLD.name, OLD.avatar, OLD.description, OLD.system_prompt,
                        OLD.welcome_message, OLD.tool_ids, OLD.knowledge_base_ids, OLD.tool_preset_params, OLD.multi_modal,
                        OLD.model_settings, OLD.agent_mode, OLD.change_log, OLD.created_at) THEN
                        RAISE EXCEPTION 'agent versions are immutable: only the review state may change'
                            USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'agent_versions_immutable';
                    END IF;
                    RETURN NEW;
                END $$;

                CREATE TRIGGER trg_agent_versions_immutable
                    BEFORE UPDATE ON agents.agent_versions
                    FOR EACH ROW EXECUTE FUNCTION agents.reject_agent_version_content_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS trg_agent_versions_immutable ON agents.agent_versions;
                DROP FUNCTION IF EXISTS agents.reject_agent_version_content_change();
                """);

            migrationBuilder.DropTable(
                name: "agent_execution_details",
                schema: "agents");

            migrationBuilder.DropTable(
                name: "agent_execution_summary",
                schema: "agents");

            migrationBuilder.DropTable(
                name: "agent_tasks",
                schema: "agents");

            migrationBuilder.DropTable(
                name: "agent_versions",
                schema: "agents");

            migrationBuilder.DropTable(
                name: "agent_workspace",
                schema: "agents");

            migrationBuilder.DropTable(
                name: "inbox_messages",
                schema: "agents");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "agents");

            migrationBuilder.DropTable(
                name: "agents",
                schema: "agents");
        }
    }
}
