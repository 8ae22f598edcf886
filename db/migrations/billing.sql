DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = 'billing') THEN
        CREATE SCHEMA billing;
    END IF;
END $EF$;
CREATE TABLE IF NOT EXISTS billing.__ef_migrations_history (
    migration_id character varying(150) NOT NULL,
    product_version character varying(32) NOT NULL,
    CONSTRAINT pk___ef_migrations_history PRIMARY KEY (migration_id)
);

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
        IF NOT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = 'billing') THEN
            CREATE SCHEMA billing;
        END IF;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE TABLE billing.accounts (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        currency character varying(10) NOT NULL,
        balance numeric(20,8) NOT NULL,
        frozen_balance numeric(20,8) NOT NULL,
        credit_limit numeric(20,8) NOT NULL,
        plan_product_id uuid,
        version bigint NOT NULL,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_accounts PRIMARY KEY (id),
        CONSTRAINT ck_accounts_available CHECK (balance - frozen_balance >= -credit_limit),
        CONSTRAINT ck_accounts_balance CHECK (balance >= -credit_limit),
        CONSTRAINT ck_accounts_credit_limit CHECK (credit_limit >= 0),
        CONSTRAINT ck_accounts_frozen_balance CHECK (frozen_balance >= 0)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE TABLE billing.inbox_messages (
        event_id uuid NOT NULL,
        consumer character varying(300) NOT NULL,
        processed_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_inbox_messages PRIMARY KEY (event_id, consumer)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE TABLE billing.outbox_messages (
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
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE TABLE billing.pricing_rules (
        id uuid NOT NULL,
        kind character varying(20) NOT NULL,
        target character varying(200) NOT NULL,
        input_price_per1k numeric(20,8),
        output_price_per1k numeric(20,8),
        markup_percent numeric(10,4),
        price_per_execution numeric(20,8),
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_pricing_rules PRIMARY KEY (id),
        CONSTRAINT ck_pricing_rules_kind CHECK (kind IN ('model', 'execution')),
        CONSTRAINT ck_pricing_rules_prices CHECK (COALESCE(input_price_per1k, 0) >= 0 AND COALESCE(output_price_per1k, 0) >= 0 AND COALESCE(price_per_execution, 0) >= 0 AND COALESCE(markup_percent, 0) >= -100)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE TABLE billing.products (
        id uuid NOT NULL,
        name character varying(255) NOT NULL,
        description text,
        type character varying(20) NOT NULL,
        pricing_mode character varying(20) NOT NULL,
        unit_price numeric(20,8) NOT NULL,
        currency character varying(10) NOT NULL,
        metadata jsonb,
        status character varying(20) NOT NULL,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_products PRIMARY KEY (id),
        CONSTRAINT ck_products_pricing_mode CHECK (pricing_mode IN ('fixed', 'pay_as_you_go')),
        CONSTRAINT ck_products_status CHECK (status IN ('listed', 'unlisted')),
        CONSTRAINT ck_products_type CHECK (type IN ('recharge', 'subscription')),
        CONSTRAINT ck_products_unit_price CHECK (unit_price >= 0)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE TABLE billing.usage_counters (
        user_id uuid NOT NULL,
        "window" character varying(10) NOT NULL,
        window_start timestamp with time zone NOT NULL,
        requests bigint NOT NULL,
        tokens bigint NOT NULL,
        CONSTRAINT pk_usage_counters PRIMARY KEY (user_id, "window", window_start),
        CONSTRAINT ck_usage_counters_window CHECK ("window" IN ('minute', 'day'))
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE TABLE billing.usage_records (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        request_id character varying(255) NOT NULL,
        service_name character varying(100) NOT NULL,
        model_name character varying(200),
        input_tokens bigint NOT NULL,
        output_tokens bigint NOT NULL,
        executions integer NOT NULL,
        cost numeric(20,8) NOT NULL,
        status character varying(20) NOT NULL,
        pricing_rule character varying(500),
        description character varying(500),
        reservation_id uuid,
        billed_at timestamp with time zone NOT NULL,
        billed_on date NOT NULL,
        CONSTRAINT pk_usage_records PRIMARY KEY (id),
        CONSTRAINT ck_usage_records_cost CHECK (cost >= 0),
        CONSTRAINT ck_usage_records_status CHECK (status IN ('charged', 'unpaid'))
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE TABLE billing.reservations (
        id uuid NOT NULL,
        account_id uuid NOT NULL,
        user_id uuid NOT NULL,
        request_id character varying(255) NOT NULL,
        amount numeric(20,8) NOT NULL,
        status character varying(20) NOT NULL,
        settled_amount numeric(20,8),
        expires_at timestamp with time zone NOT NULL,
        created_at timestamp with time zone NOT NULL,
        closed_at timestamp with time zone,
        CONSTRAINT pk_reservations PRIMARY KEY (id),
        CONSTRAINT ck_reservations_amount CHECK (amount > 0),
        CONSTRAINT ck_reservations_settled CHECK ((status = 'settled') = (settled_amount IS NOT NULL)),
        CONSTRAINT ck_reservations_status CHECK (status IN ('open', 'settled', 'released', 'expired')),
        CONSTRAINT fk_reservations_accounts_account_id FOREIGN KEY (account_id) REFERENCES billing.accounts (id) ON DELETE RESTRICT
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE TABLE billing.transactions (
        id uuid NOT NULL,
        account_id uuid NOT NULL,
        user_id uuid NOT NULL,
        sequence bigint NOT NULL,
        type character varying(20) NOT NULL,
        amount numeric(20,8) NOT NULL,
        balance_before numeric(20,8) NOT NULL,
        balance_after numeric(20,8) NOT NULL,
        frozen_change numeric(20,8) NOT NULL,
        frozen_after numeric(20,8) NOT NULL,
        order_id uuid,
        usage_record_id uuid,
        reservation_id uuid,
        description character varying(500),
        created_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_transactions PRIMARY KEY (id),
        CONSTRAINT ck_transactions_balance_chain CHECK (balance_after = balance_before + amount),
        CONSTRAINT ck_transactions_frozen_after CHECK (frozen_after >= 0),
        CONSTRAINT ck_transactions_sequence CHECK (sequence >= 1),
        CONSTRAINT ck_transactions_type CHECK (type IN ('recharge', 'deduction', 'refund', 'reservation', 'release', 'adjustment')),
        CONSTRAINT fk_transactions_accounts_account_id FOREIGN KEY (account_id) REFERENCES billing.accounts (id) ON DELETE RESTRICT
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE TABLE billing.orders (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        order_no character varying(100) NOT NULL,
        product_id uuid NOT NULL,
        order_type character varying(20) NOT NULL,
        title character varying(255) NOT NULL,
        amount numeric(20,8) NOT NULL,
        currency character varying(10) NOT NULL,
        status character varying(20) NOT NULL,
        expires_at timestamp with time zone NOT NULL,
        paid_at timestamp with time zone,
        cancelled_at timestamp with time zone,
        refunded_at timestamp with time zone,
        refund_amount numeric(20,8) NOT NULL,
        payment_provider character varying(50),
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_orders PRIMARY KEY (id),
        CONSTRAINT ck_orders_amount CHECK (amount > 0),
        CONSTRAINT ck_orders_order_type CHECK (order_type IN ('recharge', 'subscription')),
        CONSTRAINT ck_orders_refund_amount CHECK (refund_amount >= 0 AND refund_amount <= amount),
        CONSTRAINT ck_orders_status CHECK (status IN ('pending', 'paid', 'partially_refunded', 'refunded', 'cancelled', 'expired')),
        CONSTRAINT fk_orders_products_product_id FOREIGN KEY (product_id) REFERENCES billing.products (id) ON DELETE RESTRICT
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE TABLE billing.payment_notifications (
        id uuid NOT NULL,
        provider character varying(50) NOT NULL,
        notification_id character varying(200) NOT NULL,
        order_id uuid NOT NULL,
        amount numeric(20,8) NOT NULL,
        received_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_payment_notifications PRIMARY KEY (id),
        CONSTRAINT fk_payment_notifications_orders_order_id FOREIGN KEY (order_id) REFERENCES billing.orders (id) ON DELETE RESTRICT
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE UNIQUE INDEX ix_accounts_user_id ON billing.accounts (user_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE INDEX ix_orders_expires_at ON billing.orders (expires_at) WHERE status = 'pending';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE UNIQUE INDEX ix_orders_order_no ON billing.orders (order_no);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE INDEX ix_orders_product_id ON billing.orders (product_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE INDEX ix_orders_user_id_created_at ON billing.orders (user_id, created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE INDEX ix_outbox_messages_pending ON billing.outbox_messages (next_attempt_at) WHERE processed_at IS NULL AND failed_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE INDEX ix_payment_notifications_order_id ON billing.payment_notifications (order_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE UNIQUE INDEX ix_payment_notifications_provider_notification_id ON billing.payment_notifications (provider, notification_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE UNIQUE INDEX ix_pricing_rules_kind_target ON billing.pricing_rules (kind, target);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE INDEX ix_products_status ON billing.products (status);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE INDEX ix_reservations_account_id ON billing.reservations (account_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE INDEX ix_reservations_expires_at ON billing.reservations (expires_at) WHERE status = 'open';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE UNIQUE INDEX ix_reservations_request_id ON billing.reservations (request_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE UNIQUE INDEX ix_transactions_account_id_sequence ON billing.transactions (account_id, sequence);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE INDEX ix_transactions_order_id ON billing.transactions (order_id) WHERE order_id IS NOT NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE INDEX ix_transactions_reservation_id ON billing.transactions (reservation_id) WHERE reservation_id IS NOT NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE INDEX ix_transactions_user_id_created_at ON billing.transactions (user_id, created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE INDEX ix_usage_counters_window_start ON billing.usage_counters (window_start);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE UNIQUE INDEX ix_usage_records_request_id ON billing.usage_records (request_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE UNIQUE INDEX ix_usage_records_reservation_id ON billing.usage_records (reservation_id) WHERE reservation_id IS NOT NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    CREATE INDEX ix_usage_records_user_id_billed_on ON billing.usage_records (user_id, billed_on);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM billing.__ef_migrations_history WHERE "migration_id" = '20261124113534_InitialBilling') THEN
    INSERT INTO billing.__ef_migrations_history (migration_id, product_version)
    VALUES ('20261124113534_InitialBilling', '10.0.15');
    END IF;
END $EF$;
COMMIT;

