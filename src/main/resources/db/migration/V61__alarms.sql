-- Alarm-receiving partners. The HMAC secret is stored encrypted (AES-GCM, key from extramile.alarms.secret-key);
-- it is shown once when set and never again. A provider's name is unique on the installation.
CREATE TABLE alarm_provider (
    id          UUID PRIMARY KEY,
    shop_id     UUID         NOT NULL REFERENCES shop (id),
    name        VARCHAR(60)  NOT NULL,
    secret_enc  VARCHAR(400) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT alarm_provider_name UNIQUE (name)
);

-- A customer's alarm device (pendant, fall detector) as the provider knows it.
CREATE TABLE alarm_device (
    id                     UUID PRIMARY KEY,
    shop_id                UUID        NOT NULL REFERENCES shop (id),
    provider_id            UUID        NOT NULL REFERENCES alarm_provider (id),
    device_id              VARCHAR(100) NOT NULL,
    customer_id            UUID        NOT NULL,
    heartbeat_seconds      INT         NOT NULL CHECK (heartbeat_seconds > 0),
    last_heartbeat_at      TIMESTAMP WITH TIME ZONE,
    supervision_alerted_at TIMESTAMP WITH TIME ZONE,
    active                 BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT alarm_device_once UNIQUE (provider_id, device_id)
);
CREATE INDEX alarm_device_by_shop ON alarm_device (shop_id);

-- Every signed request with an event id, and the answer given: a repeated event id gets the same answer and
-- creates nothing. The unique constraint is what makes that hold across instances.
CREATE TABLE alarm_intake (
    id           UUID PRIMARY KEY,
    provider_id  UUID         NOT NULL REFERENCES alarm_provider (id),
    event_id     VARCHAR(100) NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    http_status  INT          NOT NULL,
    answer       VARCHAR(1000) NOT NULL,
    CONSTRAINT alarm_intake_once UNIQUE (provider_id, event_id)
);

-- Signed alarms for a device nobody registered: the owner sees them.
CREATE TABLE alarm_unmatched (
    id           UUID PRIMARY KEY,
    shop_id      UUID         NOT NULL REFERENCES shop (id),
    provider_id  UUID         NOT NULL REFERENCES alarm_provider (id),
    device_id    VARCHAR(100) NOT NULL,
    event_id     VARCHAR(100) NOT NULL,
    kind         VARCHAR(20)  NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX alarm_unmatched_by_shop ON alarm_unmatched (shop_id, received_at);

-- An alarm and where its ladder stands. stage: the index of the responder last asked, -1 once everyone on duty and
-- the owners have been called in. next_at is the ladder's next deadline; version makes every move a conditional
-- update, so two instances (or a handler re-run after a crash) never move it twice.
CREATE TABLE alarm (
    id            UUID PRIMARY KEY,
    shop_id       UUID        NOT NULL REFERENCES shop (id),
    customer_id   UUID        NOT NULL,
    device_row_id UUID        NOT NULL REFERENCES alarm_device (id),
    intake_id     UUID        NOT NULL REFERENCES alarm_intake (id),
    kind          VARCHAR(20) NOT NULL CHECK (kind IN ('BUTTON', 'FALL', 'INACTIVITY', 'LOW_BATTERY', 'TEST')),
    occurred_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    status        VARCHAR(15) NOT NULL CHECK (status IN ('RECORDED', 'OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
    stage         INT         NOT NULL DEFAULT 0,
    version       INT         NOT NULL DEFAULT 0,
    next_at       TIMESTAMP WITH TIME ZONE,
    all_hands_at  TIMESTAMP WITH TIME ZONE,
    acked_at      TIMESTAMP WITH TIME ZONE,
    acked_by      UUID,
    arrived_at    TIMESTAMP WITH TIME ZONE,
    reminded_at   TIMESTAMP WITH TIME ZONE,
    resolved_at   TIMESTAMP WITH TIME ZONE,
    outcome       VARCHAR(30),
    CONSTRAINT alarm_once UNIQUE (intake_id)
);
CREATE INDEX alarm_due ON alarm (status, next_at);
CREATE INDEX alarm_by_shop ON alarm (shop_id, received_at);

-- The responders of an alarm in the order they are asked (on duty when it came in, nearest first). token_hash is
-- the SHA-256 of the one-time link sent to them; set when they are asked.
CREATE TABLE alarm_responder (
    alarm_id    UUID        NOT NULL REFERENCES alarm (id),
    seq         INT         NOT NULL,
    member_id   UUID        NOT NULL,
    token_hash  VARCHAR(64),
    asked_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (alarm_id, seq),
    CONSTRAINT alarm_responder_token UNIQUE (token_hash)
);

-- Each alarm's timeline, to the second. event_key makes each fact recorded once.
CREATE TABLE alarm_event (
    id          UUID PRIMARY KEY,
    alarm_id    UUID         NOT NULL REFERENCES alarm (id),
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    kind        VARCHAR(30)  NOT NULL,
    member_id   UUID,
    event_key   VARCHAR(120) NOT NULL,
    CONSTRAINT alarm_event_once UNIQUE (alarm_id, event_key)
);
CREATE INDEX alarm_event_by_alarm ON alarm_event (alarm_id, at);
