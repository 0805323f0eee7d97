-- The community board: local events, charity campaigns with the takings collected at the till, and notices.
-- Each item is shown on the shop's public page (/p/{shop}) only when staff marked it public.
CREATE TABLE community_event (
    id              UUID          PRIMARY KEY,
    shop_id         UUID          NOT NULL,
    title           VARCHAR(120)  NOT NULL,
    starts_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    ends_at         TIMESTAMP WITH TIME ZONE,
    place           VARCHAR(160),
    organiser       VARCHAR(120),
    details         VARCHAR(1000),
    shown_publicly  BOOLEAN       NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by      UUID,
    CONSTRAINT community_event_ends_after_start CHECK (ends_at IS NULL OR ends_at >= starts_at)
);
CREATE INDEX community_event_by_shop ON community_event (shop_id, starts_at);

CREATE TABLE charity_campaign (
    id              UUID          PRIMARY KEY,
    shop_id         UUID          NOT NULL,
    charity         VARCHAR(120)  NOT NULL,
    target_minor    BIGINT        NOT NULL CHECK (target_minor > 0),
    currency        CHAR(3)       NOT NULL,
    shown_publicly  BOOLEAN       NOT NULL,
    opened_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    closed_at       TIMESTAMP WITH TIME ZONE,
    created_by      UUID
);
CREATE INDEX charity_campaign_by_shop ON charity_campaign (shop_id, opened_at);

-- Takings are append-only; the idempotency key makes a double tap or a resent form count once.
CREATE TABLE charity_takings (
    id               UUID          PRIMARY KEY,
    shop_id          UUID          NOT NULL,
    campaign_id      UUID          NOT NULL REFERENCES charity_campaign (id),
    taken_on         DATE          NOT NULL,
    amount_minor     BIGINT        NOT NULL CHECK (amount_minor > 0),
    idempotency_key  VARCHAR(120)  NOT NULL,
    recorded_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_by      UUID,
    CONSTRAINT charity_takings_once UNIQUE (shop_id, idempotency_key)
);
CREATE INDEX charity_takings_by_campaign ON charity_takings (campaign_id, taken_on);

CREATE TABLE community_notice (
    id              UUID          PRIMARY KEY,
    shop_id         UUID          NOT NULL,
    body            VARCHAR(500)  NOT NULL,
    until_on        DATE,
    shown_publicly  BOOLEAN       NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by      UUID
);
CREATE INDEX community_notice_by_shop ON community_notice (shop_id, created_at);
