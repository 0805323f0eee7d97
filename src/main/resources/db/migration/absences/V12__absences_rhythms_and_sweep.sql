-- When the shop is open, and the levels at which an absence is amber or red. One row per shop; also the lock
-- that keeps two sweeps of one shop from overlapping.
CREATE TABLE absence_settings (
    shop_id        UUID PRIMARY KEY REFERENCES shop (id),
    open_weekdays  VARCHAR(7)       NOT NULL,
    opens_at       TIME             NOT NULL,
    closes_at      TIME             NOT NULL,
    amber_below    DOUBLE PRECISION NOT NULL,
    red_below      DOUBLE PRECISION NOT NULL,
    last_sweep_at  TIMESTAMP WITH TIME ZONE,
    -- Set when visits arrive out of order (a till import): the next sweep relearns every rhythm from scratch.
    relearn        BOOLEAN          NOT NULL DEFAULT FALSE
);

-- Days the shop is closed besides its usual closed weekdays (bank holidays, Christmas).
CREATE TABLE shop_closure (
    shop_id  UUID NOT NULL REFERENCES shop (id),
    closed_on  DATE NOT NULL,
    PRIMARY KEY (shop_id, closed_on)
);

-- Each customer's learned rhythm (UsualRhythm, about 200 bytes) and how far it has learned.
CREATE TABLE usual_rhythm (
    customer_id     UUID    PRIMARY KEY,
    shop_id         UUID    NOT NULL REFERENCES shop (id),
    state           BYTEA   NOT NULL,
    learned_until   TIMESTAMP WITH TIME ZONE,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX usual_rhythm_by_shop ON usual_rhythm (shop_id);

-- Contacts other than visits that count as being seen (a call, a delivery, a welfare check).
CREATE TABLE customer_seen (
    customer_id   UUID        PRIMARY KEY,
    shop_id       UUID        NOT NULL REFERENCES shop (id),
    last_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    how           VARCHAR(20) NOT NULL
);
CREATE INDEX customer_seen_by_shop ON customer_seen (shop_id);

-- The latest sweep's view of each customer: how unusual their absence is.
CREATE TABLE absence (
    customer_id     UUID             PRIMARY KEY,
    shop_id         UUID             NOT NULL REFERENCES shop (id),
    last_seen_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    chance          DOUBLE PRECISION NOT NULL,
    level           VARCHAR(10)      NOT NULL CHECK (level IN ('FINE', 'AMBER', 'RED')),
    computed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    snoozed_until   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX absence_by_shop ON absence (shop_id, level);

-- One row per absence episode that reached its notice level: AbsenceNoticed is published exactly once per row.
CREATE TABLE absence_episode (
    id            UUID             PRIMARY KEY,
    shop_id       UUID             NOT NULL REFERENCES shop (id),
    customer_id   UUID             NOT NULL,
    last_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    level         VARCHAR(10)      NOT NULL,
    chance        DOUBLE PRECISION NOT NULL,
    noticed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT absence_episode_once UNIQUE (shop_id, customer_id, last_seen_at)
);
