-- Responder links are random tokens, no longer derived from the alarm id and the responder's place in the ladder
-- (an HMAC keyed by a setting that defaulted to a constant, so anyone who knew an alarm id could make its link).
-- Only the SHA-256 of a token is stored; the token itself is in the text or in-app notice sent to the responder.
-- A responder may hold several links to the same alarm (the ask, everyone's call, the reminder): each is valid
-- until expires_at (issue + 24 h, brought forward to resolution + 1 h once the alarm is over) or until revoked.
CREATE TABLE alarm_responder_link (
    id          UUID        PRIMARY KEY,
    shop_id     UUID        NOT NULL REFERENCES shop (id),
    alarm_id    UUID        NOT NULL,
    seq         INT         NOT NULL,
    token_hash  CHAR(64)    NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT alarm_responder_link_token UNIQUE (token_hash),
    CONSTRAINT alarm_responder_link_responder FOREIGN KEY (alarm_id, seq) REFERENCES alarm_responder (alarm_id, seq)
);
CREATE INDEX alarm_responder_link_by_alarm ON alarm_responder_link (alarm_id);

-- The digests of the derived links go: a link sent before this release no longer opens anything (the alarm board
-- still works, and staff can resolve from it).
ALTER TABLE alarm_responder DROP CONSTRAINT alarm_responder_token;
ALTER TABLE alarm_responder DROP COLUMN token_hash;

-- The key that seals the providers' HMAC secrets, when EXTRAMILE_ALARM_SECRET_KEY is not set: generated at random
-- by the first instance that needs it (one row, inserted if absent, then read by every instance). Setting the
-- environment variable keeps the key out of the database and its backups, which is better.
CREATE TABLE alarm_secret_key (
    id          INT          PRIMARY KEY CHECK (id = 1),
    passphrase  VARCHAR(100) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
