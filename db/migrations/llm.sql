DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = 'llm') THEN
        CREATE SCHEMA llm;
    END IF;
END $EF$;
CREATE TABLE IF NOT EXISTS llm.__ef_migrations_history (
    migration_id character varying(150) NOT NULL,
    product_version character varying(32) NOT NULL,
    CONSTRAINT pk___ef_migrations_history PRIMARY KEY (migration_id)
);

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
        IF NOT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = 'llm') THEN
            CREATE SCHEMA llm;
        END IF;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE TABLE llm.fallback_chains (
        id uuid NOT NULL,
        owner_id uuid,
        name character varying(100) NOT NULL,
        description text,
        model_ids uuid[] NOT NULL,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_fallback_chains PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE TABLE llm.gateway_requests (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        request_id character varying(200) NOT NULL,
        request_hash character varying(64) NOT NULL,
        service character varying(50) NOT NULL,
        status character varying(30) NOT NULL,
        model_id uuid,
        input_tokens bigint NOT NULL,
        output_tokens bigint NOT NULL,
        cost numeric(20,8) NOT NULL,
        latency_ms bigint NOT NULL,
        response jsonb,
        error text,
        created_at timestamp with time zone NOT NULL,
        completed_at timestamp with time zone,
        CONSTRAINT pk_gateway_requests PRIMARY KEY (id),
        CONSTRAINT ck_gateway_requests_status CHECK (status IN ('in_progress', 'succeeded', 'failed'))
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE TABLE llm.inbox_messages (
        event_id uuid NOT NULL,
        consumer character varying(300) NOT NULL,
        processed_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_inbox_messages PRIMARY KEY (event_id, consumer)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE TABLE llm.outbox_messages (
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
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE TABLE llm.providers (
        id uuid NOT NULL,
        owner_id uuid,
        name character varying(100) NOT NULL,
        type character varying(30) NOT NULL,
        description text,
        is_active boolean NOT NULL,
        metadata jsonb NOT NULL,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        deleted_at timestamp with time zone,
        CONSTRAINT pk_providers PRIMARY KEY (id),
        CONSTRAINT ck_providers_type CHECK (type IN ('openai', 'openai-compatible', 'azure-openai', 'anthropic', 'local'))
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE TABLE llm.credentials (
        id uuid NOT NULL,
        provider_id uuid NOT NULL,
        alias character varying(100) NOT NULL,
        api_key_encrypted text NOT NULL,
        secret_key_encrypted text,
        key_last4 character varying(4) NOT NULL,
        expires_at timestamp with time zone,
        daily_quota integer,
        quota_used integer NOT NULL,
        quota_day date,
        rate_limited_until timestamp with time zone,
        is_active boolean NOT NULL,
        last_used_at timestamp with time zone,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_credentials PRIMARY KEY (id),
        CONSTRAINT ck_credentials_quota CHECK (daily_quota IS NULL OR daily_quota > 0),
        CONSTRAINT ck_credentials_quota_used CHECK (quota_used >= 0),
        CONSTRAINT fk_credentials_providers_provider_id FOREIGN KEY (provider_id) REFERENCES llm.providers (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE TABLE llm.endpoints (
        id uuid NOT NULL,
        provider_id uuid NOT NULL,
        name character varying(100) NOT NULL,
        base_url character varying(500) NOT NULL,
        api_version character varying(50),
        region character varying(50),
        connect_timeout_seconds integer NOT NULL,
        read_timeout_seconds integer NOT NULL,
        retry_count integer NOT NULL,
        is_default boolean NOT NULL,
        is_active boolean NOT NULL,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_endpoints PRIMARY KEY (id),
        CONSTRAINT ck_endpoints_retry_count CHECK (retry_count BETWEEN 0 AND 10),
        CONSTRAINT ck_endpoints_timeouts CHECK (connect_timeout_seconds BETWEEN 1 AND 600 AND read_timeout_seconds BETWEEN 1 AND 3600),
        CONSTRAINT fk_endpoints_providers_provider_id FOREIGN KEY (provider_id) REFERENCES llm.providers (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE TABLE llm.models (
        id uuid NOT NULL,
        provider_id uuid NOT NULL,
        owner_id uuid,
        model_id character varying(200) NOT NULL,
        name character varying(200) NOT NULL,
        version character varying(50),
        description text,
        type character varying(30) NOT NULL,
        context_window integer,
        max_output_tokens integer,
        input_price_per1k numeric(20,8) NOT NULL,
        output_price_per1k numeric(20,8) NOT NULL,
        currency character varying(3) NOT NULL,
        capabilities jsonb NOT NULL,
        status character varying(30) NOT NULL,
        embedding_dimension integer,
        fallback_chain_id uuid,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        deleted_at timestamp with time zone,
        CONSTRAINT pk_models PRIMARY KEY (id),
        CONSTRAINT ck_models_embedding_dimension CHECK ((type = 'embedding') = (embedding_dimension IS NOT NULL) AND (embedding_dimension IS NULL OR embedding_dimension BETWEEN 1 AND 16000)),
        CONSTRAINT ck_models_limits CHECK ((context_window IS NULL OR context_window > 0) AND (max_output_tokens IS NULL OR max_output_tokens > 0)),
        CONSTRAINT ck_models_prices CHECK (input_price_per1k >= 0 AND output_price_per1k >= 0),
        CONSTRAINT ck_models_status CHECK (status IN ('available', 'maintenance', 'deprecated')),
        CONSTRAINT ck_models_type CHECK (type IN ('chat', 'completion', 'embedding', 'vision')),
        CONSTRAINT fk_models_fallback_chains_fallback_chain_id FOREIGN KEY (fallback_chain_id) REFERENCES llm.fallback_chains (id) ON DELETE SET NULL,
        CONSTRAINT fk_models_providers_provider_id FOREIGN KEY (provider_id) REFERENCES llm.providers (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE TABLE llm.profiles (
        id uuid NOT NULL,
        owner_id uuid,
        name character varying(100) NOT NULL,
        description text,
        model_id uuid NOT NULL,
        temperature double precision,
        max_tokens integer,
        top_p double precision,
        frequency_penalty double precision,
        seed bigint,
        provider_config jsonb NOT NULL,
        fallback_chain_id uuid,
        is_active boolean NOT NULL,
        is_default boolean NOT NULL,
        last_used_at timestamp with time zone,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        deleted_at timestamp with time zone,
        CONSTRAINT pk_profiles PRIMARY KEY (id),
        CONSTRAINT ck_profiles_frequency_penalty CHECK (frequency_penalty IS NULL OR frequency_penalty BETWEEN -2 AND 2),
        CONSTRAINT ck_profiles_max_tokens CHECK (max_tokens IS NULL OR max_tokens > 0),
        CONSTRAINT ck_profiles_temperature CHECK (temperature IS NULL OR temperature BETWEEN 0 AND 2),
        CONSTRAINT ck_profiles_top_p CHECK (top_p IS NULL OR top_p BETWEEN 0 AND 1),
        CONSTRAINT fk_profiles_fallback_chains_fallback_chain_id FOREIGN KEY (fallback_chain_id) REFERENCES llm.fallback_chains (id) ON DELETE SET NULL,
        CONSTRAINT fk_profiles_models_model_id FOREIGN KEY (model_id) REFERENCES llm.models (id) ON DELETE RESTRICT
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE INDEX ix_credentials_expires_at ON llm.credentials (expires_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE UNIQUE INDEX ix_credentials_provider_id_alias ON llm.credentials (provider_id, alias);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE UNIQUE INDEX ix_endpoints_provider_id ON llm.endpoints (provider_id) WHERE is_default;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE UNIQUE INDEX ix_endpoints_provider_id_name ON llm.endpoints (provider_id, name);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE UNIQUE INDEX ix_fallback_chains_owner_id_name ON llm.fallback_chains (owner_id, name) NULLS NOT DISTINCT;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE INDEX ix_gateway_requests_created_at ON llm.gateway_requests (created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE UNIQUE INDEX ix_gateway_requests_user_id_request_id ON llm.gateway_requests (user_id, request_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE INDEX ix_models_capabilities ON llm.models USING gin (capabilities);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE INDEX ix_models_fallback_chain_id ON llm.models (fallback_chain_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE INDEX ix_models_owner_id ON llm.models (owner_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE UNIQUE INDEX ix_models_provider_id_model_id ON llm.models (provider_id, model_id) WHERE deleted_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE INDEX ix_models_type_status ON llm.models (type, status);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE INDEX ix_outbox_messages_pending ON llm.outbox_messages (next_attempt_at) WHERE processed_at IS NULL AND failed_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE INDEX ix_profiles_fallback_chain_id ON llm.profiles (fallback_chain_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE INDEX ix_profiles_model_id ON llm.profiles (model_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE UNIQUE INDEX ix_profiles_owner_id ON llm.profiles (owner_id) NULLS NOT DISTINCT WHERE is_default AND deleted_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE UNIQUE INDEX ix_profiles_owner_id_name ON llm.profiles (owner_id, name) NULLS NOT DISTINCT WHERE deleted_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE UNIQUE INDEX ix_providers_owner_id_name ON llm.providers (owner_id, name) NULLS NOT DISTINCT WHERE deleted_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    CREATE INDEX ix_providers_type ON llm.providers (type);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124113701_InitialLlm') THEN
    INSERT INTO llm.__ef_migrations_history (migration_id, product_version)
    VALUES ('20261124113701_InitialLlm', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124124531_GatewayRequestsRecordedWhenComplete') THEN
    DELETE FROM llm.gateway_requests WHERE status = 'in_progress' OR completed_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124124531_GatewayRequestsRecordedWhenComplete') THEN
    ALTER TABLE llm.gateway_requests DROP CONSTRAINT ck_gateway_requests_status;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124124531_GatewayRequestsRecordedWhenComplete') THEN
    UPDATE llm.gateway_requests SET completed_at = TIMESTAMPTZ '-infinity' WHERE completed_at IS NULL;
    ALTER TABLE llm.gateway_requests ALTER COLUMN completed_at SET NOT NULL;
    ALTER TABLE llm.gateway_requests ALTER COLUMN completed_at SET DEFAULT TIMESTAMPTZ '-infinity';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124124531_GatewayRequestsRecordedWhenComplete') THEN
    ALTER TABLE llm.gateway_requests ADD CONSTRAINT ck_gateway_requests_status CHECK (status IN ('succeeded', 'failed'));
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM llm.__ef_migrations_history WHERE "migration_id" = '20261124124531_GatewayRequestsRecordedWhenComplete') THEN
    INSERT INTO llm.__ef_migrations_history (migration_id, product_version)
    VALUES ('20261124124531_GatewayRequestsRecordedWhenComplete', '10.0.15');
    END IF;
END $EF$;
COMMIT;

