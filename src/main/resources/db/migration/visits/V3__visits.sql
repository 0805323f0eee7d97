-- Visits: one row per time a customer was seen in the shop. external_id makes re-sending and re-importing harmless.
-- No foreign keys to other modules' tables (shop, customer): the visits module checks ids through their facades,
-- and a million-row import does not pay for two extra lookups per row.
CREATE TABLE visit (
    id             UUID PRIMARY KEY,
    shop_id        UUID        NOT NULL,
    customer_id    UUID        NOT NULL,
    seen_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    source         VARCHAR(10) NOT NULL CHECK (source IN ('COUNTER', 'IMPORT', 'API', 'DEMO')),
    external_id    VARCHAR(120),
    amount_minor   BIGINT,
    recorded_by    UUID,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT visit_external_id_unique UNIQUE (shop_id, external_id)
);
CREATE INDEX visit_by_customer ON visit (shop_id, customer_id, seen_at);
