-- Impact: what the shop did, counted from other modules' events. Each fact is keyed by its source id (the check,
-- give-out, certificate, gift or takings id), so an event delivered twice is counted once: the fact insert does
-- nothing the second time and the month's counter is only bumped when the fact was new.
CREATE TABLE impact_fact (
    shop_id       UUID         NOT NULL,
    kind          VARCHAR(40)  NOT NULL,
    source_id     UUID         NOT NULL,
    occurred_on   DATE         NOT NULL,
    amount_minor  BIGINT       NOT NULL DEFAULT 0,
    recorded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    demo          BOOLEAN      NOT NULL DEFAULT FALSE,
    PRIMARY KEY (shop_id, kind, source_id)
);

-- One counter per shop, month (its first day, in the shop's time zone) and kind.
CREATE TABLE impact_month (
    shop_id       UUID         NOT NULL,
    period_start  DATE         NOT NULL,
    kind          VARCHAR(40)  NOT NULL,
    facts         BIGINT       NOT NULL,
    amount_minor  BIGINT       NOT NULL,
    PRIMARY KEY (shop_id, period_start, kind)
);
