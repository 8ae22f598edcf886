DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = 'users') THEN
        CREATE SCHEMA users;
    END IF;
END $EF$;
CREATE TABLE IF NOT EXISTS users.__ef_migrations_history (
    migration_id character varying(150) NOT NULL,
    product_version character varying(32) NOT NULL,
    CONSTRAINT pk___ef_migrations_history PRIMARY KEY (migration_id)
);

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
        IF NOT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = 'users') THEN
            CREATE SCHEMA users;
        END IF;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE TABLE users.audit_logs (
        id uuid NOT NULL,
        actor_user_id uuid,
        action character varying(64) NOT NULL,
        target_type character varying(64),
        target_id character varying(100),
        ip_address character varying(64),
        payload jsonb,
        created_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_audit_logs PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE TABLE users.inbox_messages (
        event_id uuid NOT NULL,
        consumer character varying(300) NOT NULL,
        processed_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_inbox_messages PRIMARY KEY (event_id, consumer)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE TABLE users.login_throttles (
        key character varying(200) NOT NULL,
        failures integer NOT NULL,
        window_started_at timestamp with time zone NOT NULL,
        locked_until timestamp with time zone,
        CONSTRAINT pk_login_throttles PRIMARY KEY (key)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE TABLE users.outbox_messages (
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
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE TABLE users.system_configs (
        id uuid NOT NULL,
        config_key character varying(100) NOT NULL,
        config_value text NOT NULL,
        value_type character varying(20) NOT NULL,
        description text,
        is_public boolean NOT NULL,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_system_configs PRIMARY KEY (id),
        CONSTRAINT ck_system_configs_value_type CHECK (value_type IN ('string', 'json', 'integer', 'boolean'))
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE TABLE users.users (
        id uuid NOT NULL,
        username character varying(50) NOT NULL,
        normalized_username character varying(50) NOT NULL,
        email character varying(100) NOT NULL,
        normalized_email character varying(100) NOT NULL,
        password character varying(255) NOT NULL,
        nickname character varying(50),
        avatar character varying(255),
        role character varying(20) NOT NULL,
        status character varying(20) NOT NULL,
        email_verified boolean NOT NULL,
        last_login_at timestamp with time zone,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        deleted_at timestamp with time zone,
        CONSTRAINT pk_users PRIMARY KEY (id),
        CONSTRAINT ck_users_role CHECK (role IN ('user', 'admin')),
        CONSTRAINT ck_users_status CHECK (status IN ('active', 'disabled'))
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE TABLE users.api_keys (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        name character varying(100) NOT NULL,
        prefix character varying(32) NOT NULL,
        key_hash character varying(64) NOT NULL,
        scopes text[] NOT NULL,
        expires_at timestamp with time zone,
        last_used_at timestamp with time zone,
        created_at timestamp with time zone NOT NULL,
        revoked_at timestamp with time zone,
        CONSTRAINT pk_api_keys PRIMARY KEY (id),
        CONSTRAINT fk_api_keys_users_user_id FOREIGN KEY (user_id) REFERENCES users.users (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE TABLE users.user_sessions (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        created_at timestamp with time zone NOT NULL,
        expires_at timestamp with time zone NOT NULL,
        revoked_at timestamp with time zone,
        revoked_reason character varying(50),
        ip_address character varying(64),
        user_agent character varying(300),
        CONSTRAINT pk_user_sessions PRIMARY KEY (id),
        CONSTRAINT fk_user_sessions_users_user_id FOREIGN KEY (user_id) REFERENCES users.users (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE TABLE users.refresh_tokens (
        id uuid NOT NULL,
        session_id uuid NOT NULL,
        token_hash character varying(64) NOT NULL,
        created_at timestamp with time zone NOT NULL,
        replaced_at timestamp with time zone,
        CONSTRAINT pk_refresh_tokens PRIMARY KEY (id),
        CONSTRAINT fk_refresh_tokens_user_sessions_session_id FOREIGN KEY (session_id) REFERENCES users.user_sessions (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE UNIQUE INDEX ix_api_keys_prefix ON users.api_keys (prefix);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE INDEX ix_api_keys_user_id ON users.api_keys (user_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE INDEX ix_audit_logs_action_created_at ON users.audit_logs (action, created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE INDEX ix_audit_logs_actor_user_id_created_at ON users.audit_logs (actor_user_id, created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE INDEX ix_audit_logs_created_at ON users.audit_logs (created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE INDEX ix_audit_logs_target_type_target_id ON users.audit_logs (target_type, target_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE INDEX ix_outbox_messages_pending ON users.outbox_messages (next_attempt_at) WHERE processed_at IS NULL AND failed_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE INDEX ix_refresh_tokens_session_id ON users.refresh_tokens (session_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE UNIQUE INDEX ix_refresh_tokens_token_hash ON users.refresh_tokens (token_hash);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE UNIQUE INDEX idx_system_configs_key ON users.system_configs (config_key);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE INDEX ix_user_sessions_user_id ON users.user_sessions (user_id) WHERE revoked_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE INDEX ix_users_created_at ON users.users (created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE UNIQUE INDEX ux_users_email ON users.users (normalized_email) WHERE deleted_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    CREATE UNIQUE INDEX ux_users_username ON users.users (normalized_username) WHERE deleted_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124083951_InitialUsers') THEN
    INSERT INTO users.__ef_migrations_history (migration_id, product_version)
    VALUES ('20261124083951_InitialUsers', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124101852_SessionChangeNotifications') THEN
    CREATE FUNCTION users.notify_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('users_auth_changed', COALESCE(to_jsonb(NEW), to_jsonb(OLD)) ->> TG_ARGV[0]);
      RETURN NULL;
    END $$;

    CREATE TRIGGER tr_users_auth_changed
      AFTER UPDATE OF role, status, deleted_at OR DELETE ON users.users
      FOR EACH ROW EXECUTE FUNCTION users.notify_auth_changed('id');

    CREATE TRIGGER tr_user_sessions_auth_changed
      AFTER UPDATE OF revoked_at, expires_at OR DELETE ON users.user_sessions
      FOR EACH ROW EXECUTE FUNCTION users.notify_auth_changed('user_id');
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124101852_SessionChangeNotifications') THEN
    INSERT INTO users.__ef_migrations_history (migration_id, product_version)
    VALUES ('20261124101852_SessionChangeNotifications', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124152211_ApiKeyChangeNotifications') THEN
    CREATE TRIGGER tr_api_keys_auth_changed
      AFTER UPDATE OF revoked_at, expires_at, scopes, key_hash, user_id OR DELETE ON users.api_keys
      FOR EACH ROW EXECUTE FUNCTION users.notify_auth_changed('user_id');
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261124152211_ApiKeyChangeNotifications') THEN
    INSERT INTO users.__ef_migrations_history (migration_id, product_version)
    VALUES ('20261124152211_ApiKeyChangeNotifications', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261201203425_UserProfileChangeNotifications') THEN
    DROP TRIGGER IF EXISTS tr_users_auth_changed ON users.users;
    CREATE TRIGGER tr_users_auth_changed
      AFTER UPDATE OR DELETE ON users.users
      FOR EACH ROW EXECUTE FUNCTION users.notify_auth_changed('id');
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM users.__ef_migrations_history WHERE "migration_id" = '20261201203425_UserProfileChangeNotifications') THEN
    INSERT INTO users.__ef_migrations_history (migration_id, product_version)
    VALUES ('20261201203425_UserProfileChangeNotifications', '10.0.15');
    END IF;
END $EF$;
COMMIT;

