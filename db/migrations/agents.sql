DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = 'agents') THEN
        CREATE SCHEMA agents;
    END IF;
END $EF$;
CREATE TABLE IF NOT EXISTS agents.__ef_migrations_history (
    migration_id character varying(150) NOT NULL,
    product_version character varying(32) NOT NULL,
    CONSTRAINT pk___ef_migrations_history PRIMARY KEY (migration_id)
);

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
        IF NOT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = 'agents') THEN
            CREATE SCHEMA agents;
        END IF;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE TABLE agents.agent_execution_details (
        id uuid NOT NULL,
        trace_id character varying(64) NOT NULL,
        sequence_no integer NOT NULL,
        step_type character varying(32) NOT NULL,
        message_content text,
        message_type character varying(32),
        model_id character varying(128),
        provider_name character varying(64),
        message_tokens integer,
        model_call_time integer,
        tool_name character varying(128),
        tool_request_args text,
        tool_response_data text,
        tool_execution_time integer,
        tool_success boolean,
        is_fallback_used boolean NOT NULL,
        fallback_reason text,
        fallback_from_model character varying(128),
        fallback_to_model character varying(128),
        step_cost numeric(20,8),
        step_success boolean NOT NULL,
        step_error_message text,
        created_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_agent_execution_details PRIMARY KEY (id),
        CONSTRAINT ck_agent_execution_details_step_type CHECK (step_type IN ('user_message', 'ai_response', 'tool_call'))
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE TABLE agents.agent_execution_summary (
        id uuid NOT NULL,
        trace_id character varying(64) NOT NULL,
        user_id uuid NOT NULL,
        session_id uuid NOT NULL,
        agent_id uuid NOT NULL,
        execution_start_time timestamp with time zone NOT NULL,
        execution_end_time timestamp with time zone,
        total_execution_time integer,
        total_input_tokens integer NOT NULL,
        total_output_tokens integer NOT NULL,
        total_tokens integer NOT NULL,
        tool_call_count integer NOT NULL,
        total_tool_execution_time integer NOT NULL,
        total_cost numeric(20,8) NOT NULL,
        execution_success boolean NOT NULL,
        error_phase character varying(64),
        error_message text,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_agent_execution_summary PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE TABLE agents.agent_tasks (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        session_id uuid NOT NULL,
        agent_id uuid,
        parent_task_id uuid,
        task_name character varying(255) NOT NULL,
        description text,
        status character varying(20) NOT NULL,
        progress integer NOT NULL,
        start_time timestamp with time zone,
        end_time timestamp with time zone,
        task_result text,
        error text,
        retry_count integer NOT NULL,
        input_data jsonb,
        output_data jsonb,
        events jsonb NOT NULL,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_agent_tasks PRIMARY KEY (id),
        CONSTRAINT ck_agent_tasks_progress CHECK (progress BETWEEN 0 AND 100),
        CONSTRAINT ck_agent_tasks_status CHECK (status IN ('pending', 'running', 'paused', 'completed', 'failed', 'stopped')),
        CONSTRAINT fk_agent_tasks_agent_tasks_parent_task_id FOREIGN KEY (parent_task_id) REFERENCES agents.agent_tasks (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE TABLE agents.agents (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        name character varying(255) NOT NULL,
        avatar character varying(255),
        description text,
        system_prompt text,
        welcome_message text,
        tool_ids uuid[] NOT NULL,
        knowledge_base_ids uuid[] NOT NULL,
        tool_preset_params jsonb NOT NULL,
        multi_modal boolean NOT NULL,
        model_settings jsonb NOT NULL,
        agent_mode character varying(20) NOT NULL,
        enabled boolean NOT NULL,
        published_version_id uuid,
        latest_version_number character varying(20),
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        deleted_at timestamp with time zone,
        CONSTRAINT pk_agents PRIMARY KEY (id),
        CONSTRAINT ck_agents_agent_mode CHECK (agent_mode IN ('thinking', 'direct'))
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE TABLE agents.inbox_messages (
        event_id uuid NOT NULL,
        consumer character varying(300) NOT NULL,
        processed_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_inbox_messages PRIMARY KEY (event_id, consumer)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE TABLE agents.outbox_messages (
        id uuid NOT NULL,
        type character varying(500) NOT NULL,
        content jsonb NOT NULL,
        occurred_at timestamp with time zone NOT NULL,
        next_attempt_at timestamp with time zone NOT NULL,
        attempts integer NOT NULL,
        last_error character varying(2000),
        processed_at timestamp with time zone,
        failed_at timestamp with time zone,
        CONSTRAINT pk_outbox_messages PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE TABLE agents.agent_versions (
        id uuid NOT NULL,
        agent_id uuid NOT NULL,
        user_id uuid NOT NULL,
        version_number character varying(20) NOT NULL,
        name character varying(255) NOT NULL,
        avatar character varying(255),
        description text,
        system_prompt text,
        welcome_message text,
        tool_ids uuid[] NOT NULL,
        knowledge_base_ids uuid[] NOT NULL,
        tool_preset_params jsonb NOT NULL,
        multi_modal boolean NOT NULL,
        model_settings jsonb NOT NULL,
        agent_mode character varying(20) NOT NULL,
        change_log character varying(10000),
        publish_status character varying(20) NOT NULL,
        reject_reason character varying(1000),
        reviewed_at timestamp with time zone,
        published_at timestamp with time zone,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_agent_versions PRIMARY KEY (id),
        CONSTRAINT ck_agent_versions_agent_mode CHECK (agent_mode IN ('thinking', 'direct')),
        CONSTRAINT ck_agent_versions_publish_status CHECK (publish_status IN ('reviewing', 'published', 'rejected', 'delisted')),
        CONSTRAINT fk_agent_versions_agents_agent_id FOREIGN KEY (agent_id) REFERENCES agents.agents (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE TABLE agents.agent_workspace (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        agent_id uuid NOT NULL,
        llm_model_config jsonb,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_agent_workspace PRIMARY KEY (id),
        CONSTRAINT fk_agent_workspace_agents_agent_id FOREIGN KEY (agent_id) REFERENCES agents.agents (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE INDEX ix_agent_execution_details_created_at ON agents.agent_execution_details (created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE UNIQUE INDEX ix_agent_execution_details_trace_id_sequence_no ON agents.agent_execution_details (trace_id, sequence_no);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE INDEX ix_agent_execution_summary_session_id ON agents.agent_execution_summary (session_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE UNIQUE INDEX ix_agent_execution_summary_trace_id ON agents.agent_execution_summary (trace_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE INDEX ix_agent_execution_summary_user_id_agent_id_execution_start_ti ON agents.agent_execution_summary (user_id, agent_id, execution_start_time) INCLUDE (execution_success, total_execution_time, total_input_tokens, total_output_tokens, total_tokens, tool_call_count, total_cost);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE INDEX ix_agent_execution_summary_user_id_execution_start_time_id ON agents.agent_execution_summary (user_id, execution_start_time DESC, id DESC);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE INDEX ix_agent_tasks_parent_task_id ON agents.agent_tasks (parent_task_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE INDEX ix_agent_tasks_user_id_session_id ON agents.agent_tasks (user_id, session_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE UNIQUE INDEX ix_agent_versions_agent_id_version_number ON agents.agent_versions (agent_id, version_number);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE INDEX ix_agent_versions_description_trgm ON agents.agent_versions USING gin (description gin_trgm_ops);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE INDEX ix_agent_versions_name_trgm ON agents.agent_versions USING gin (name gin_trgm_ops);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE INDEX ix_agent_versions_publish_status_created_at ON agents.agent_versions (publish_status, created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE INDEX ix_agent_workspace_agent_id ON agents.agent_workspace (agent_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE UNIQUE INDEX ix_agent_workspace_user_id_agent_id ON agents.agent_workspace (user_id, agent_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE INDEX ix_agents_published_version_id ON agents.agents (published_version_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE INDEX ix_agents_user_id_updated_at ON agents.agents (user_id, updated_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    CREATE INDEX ix_outbox_messages_pending ON agents.outbox_messages (next_attempt_at) WHERE processed_at IS NULL AND failed_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
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
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM agents.__ef_migrations_history WHERE "migration_id" = '20261124113444_InitialAgents') THEN
    INSERT INTO agents.__ef_migrations_history (migration_id, product_version)
    VALUES ('20261124113444_InitialAgents', '10.0.15');
    END IF;
END $EF$;
COMMIT;

