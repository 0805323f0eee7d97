-- Welfare checks may now also be opened from the doorstep (an errand found no answer or something worrying).
ALTER TABLE welfare_check DROP CONSTRAINT welfare_check_reason;
ALTER TABLE welfare_check ADD CONSTRAINT welfare_check_reason
    CHECK (reason IN ('ABSENCE', 'BY_HAND', 'SCHEDULED', 'DOORSTEP'));

-- Errands: favours and deliveries for a customer. A weekly errand is a series: every occurrence is a row with the
-- series id and its own date; the next one is created once by a durable task (unique per series and date).
CREATE TABLE errand (
    id               UUID         PRIMARY KEY,
    shop_id          UUID         NOT NULL REFERENCES shop (id),
    customer_id      UUID         NOT NULL,
    kind             VARCHAR(20)  NOT NULL,
    items            VARCHAR(2000),
    bags             INT          NOT NULL DEFAULT 0,
    charge_pence     BIGINT       NOT NULL DEFAULT 0,
    on_date          DATE         NOT NULL,
    from_time        TIME         NOT NULL,
    to_time          TIME         NOT NULL,
    needs_driver     BOOLEAN      NOT NULL,
    needs_dbs        BOOLEAN      NOT NULL,
    status           VARCHAR(12)  NOT NULL,
    series_id        UUID,
    weekday          INT,
    next_created     BOOLEAN      NOT NULL DEFAULT FALSE,
    assignee_member  UUID,
    assignee_account UUID,
    minutes_spent    INT,
    door_outcome     VARCHAR(12),
    observation      VARCHAR(500),
    worrying         BOOLEAN      NOT NULL DEFAULT FALSE,
    source_key       VARCHAR(120) NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by       UUID,
    done_at          TIMESTAMP WITH TIME ZONE,
    CONSTRAINT errand_kind CHECK (kind IN ('DELIVERY', 'PRESCRIPTION', 'READ_POST', 'LETTERS_FORMS', 'LAWN',
        'DOG_WALK', 'ODD_JOBS', 'LIFT', 'OTHER')),
    CONSTRAINT errand_status CHECK (status IN ('OPEN', 'ACCEPTED', 'DONE', 'CANCELLED')),
    CONSTRAINT errand_door CHECK (door_outcome IS NULL OR door_outcome IN ('DELIVERED', 'NO_ANSWER', 'OBSERVED')),
    CONSTRAINT errand_window CHECK (from_time < to_time),
    CONSTRAINT errand_amounts CHECK (bags >= 0 AND charge_pence >= 0),
    CONSTRAINT errand_once UNIQUE (shop_id, source_key),
    CONSTRAINT errand_occurrence UNIQUE (series_id, on_date)
);
CREATE INDEX errand_by_day ON errand (shop_id, on_date);
CREATE INDEX errand_by_customer ON errand (shop_id, customer_id);

-- A helper said no to an errand: it is not offered to them again.
CREATE TABLE errand_decline (
    errand_id   UUID NOT NULL REFERENCES errand (id),
    member_id   UUID NOT NULL,
    shop_id     UUID NOT NULL REFERENCES shop (id),
    declined_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT errand_decline_once PRIMARY KEY (errand_id, member_id)
);

-- Where the shop is, for the delivery round's start and end.
CREATE TABLE errand_shop_place (
    shop_id   UUID             PRIMARY KEY REFERENCES shop (id),
    latitude  DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL
);

-- A day's planned delivery round, kept in rows so it survives restarts.
CREATE TABLE errand_round (
    shop_id        UUID    NOT NULL REFERENCES shop (id),
    round_date     DATE    NOT NULL,
    planned_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    travel_seconds BIGINT  NOT NULL,
    metres         BIGINT  NOT NULL,
    CONSTRAINT errand_round_pk PRIMARY KEY (shop_id, round_date)
);

CREATE TABLE errand_round_driver (
    shop_id    UUID NOT NULL REFERENCES shop (id),
    round_date DATE NOT NULL,
    member_id  UUID NOT NULL,
    capacity   INT  NOT NULL,
    position   INT  NOT NULL,
    CONSTRAINT errand_round_driver_pk PRIMARY KEY (shop_id, round_date, member_id)
);

-- One row per delivery of the day: on a driver's route (member_id, seq, eta) or left out (reason).
CREATE TABLE errand_round_stop (
    shop_id     UUID        NOT NULL REFERENCES shop (id),
    round_date  DATE        NOT NULL,
    errand_id   UUID        NOT NULL REFERENCES errand (id),
    member_id   UUID,
    seq         INT,
    eta         TIME,
    pinned      BOOLEAN     NOT NULL DEFAULT FALSE,
    left_reason VARCHAR(30),
    CONSTRAINT errand_round_stop_pk PRIMARY KEY (shop_id, round_date, errand_id)
);
