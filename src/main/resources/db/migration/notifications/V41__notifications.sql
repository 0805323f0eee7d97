-- Every notification to be delivered, once per (shop, dedup key, channel). The row is the durable outbox: the
-- dispatcher claims a PENDING row with a conditional update (status PENDING -> SENDING), so a second app instance
-- or a second dispatcher never sends it twice; failures go back to PENDING with a later next_attempt_at, then FAILED.
-- The message is stored as its key and three typed arguments (first name, ask, link), never as free text.
CREATE TABLE notification (
    id                    UUID         PRIMARY KEY,
    shop_id               UUID         NOT NULL,
    dedup_key             VARCHAR(200) NOT NULL,
    channel               VARCHAR(10)  NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'IN_APP')),
    recipient_account_id  UUID,
    recipient_address     VARCHAR(200),
    message_key           VARCHAR(100) NOT NULL,
    first_name            VARCHAR(40)  NOT NULL,
    ask_key               VARCHAR(100) NOT NULL,
    link_path             VARCHAR(300) NOT NULL,
    status                VARCHAR(10)  NOT NULL CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'FAILED')),
    attempts              INT          NOT NULL DEFAULT 0,
    last_error            VARCHAR(300),
    next_attempt_at       TIMESTAMP WITH TIME ZONE,
    claimed_by            VARCHAR(100),
    claimed_at            TIMESTAMP WITH TIME ZONE,
    provider_id           VARCHAR(100),
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at               TIMESTAMP WITH TIME ZONE,
    CONSTRAINT notification_once UNIQUE (shop_id, dedup_key, channel),
    CONSTRAINT notification_has_recipient CHECK (recipient_account_id IS NOT NULL OR recipient_address IS NOT NULL)
);
CREATE INDEX notification_due ON notification (status, next_attempt_at);
CREATE INDEX notification_in_app ON notification (channel, created_at);
CREATE INDEX notification_by_recipient ON notification (recipient_account_id, created_at);
CREATE INDEX notification_by_shop ON notification (shop_id, status, created_at);

-- One row per delivery attempt. Its primary key is what makes a claim exclusive on every database: of two
-- dispatchers that both saw attempt n as next, only one can insert (notification, n). It is also the history.
CREATE TABLE notification_attempt (
    notification_id  UUID        NOT NULL,
    attempt          INT         NOT NULL,
    worker           VARCHAR(100) NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at      TIMESTAMP WITH TIME ZONE,
    outcome          VARCHAR(10) CHECK (outcome IN ('SENT', 'RETRY', 'FAILED')),
    error            VARCHAR(300),
    PRIMARY KEY (notification_id, attempt)
);
