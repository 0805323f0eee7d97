-- All hands on deck: a call-out for a big event, its slots (each needing some people, perhaps a skill), who signed
-- up (on the web or from their own link), and each member's link (only its SHA-256 is stored).
CREATE TABLE call_out (
    id           UUID         PRIMARY KEY,
    shop_id      UUID         NOT NULL REFERENCES shop (id),
    title        VARCHAR(120) NOT NULL,
    place        VARCHAR(120),
    details      VARCHAR(500),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   UUID,
    closed_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX call_out_by_shop ON call_out (shop_id, created_at);

CREATE TABLE call_out_slot (
    id           UUID         PRIMARY KEY,
    shop_id      UUID         NOT NULL REFERENCES shop (id),
    call_out_id  UUID         NOT NULL REFERENCES call_out (id),
    label        VARCHAR(120) NOT NULL,
    starts_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    ends_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    needed       INT          NOT NULL CHECK (needed BETWEEN 1 AND 100),
    skill        VARCHAR(20),
    CONSTRAINT call_out_slot_times CHECK (ends_at > starts_at)
);
CREATE INDEX call_out_slot_by_call_out ON call_out_slot (call_out_id, starts_at);
CREATE INDEX call_out_slot_by_start ON call_out_slot (starts_at);

CREATE TABLE call_out_signup (
    id           UUID         PRIMARY KEY,
    shop_id      UUID         NOT NULL REFERENCES shop (id),
    slot_id      UUID         NOT NULL REFERENCES call_out_slot (id),
    member_id    UUID         NOT NULL,
    via          VARCHAR(10)  NOT NULL CHECK (via IN ('WEB', 'LINK')),
    signed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    reminded_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT call_out_signup_once UNIQUE (slot_id, member_id)
);

CREATE TABLE call_out_link (
    id           UUID         PRIMARY KEY,
    shop_id      UUID         NOT NULL REFERENCES shop (id),
    call_out_id  UUID         NOT NULL REFERENCES call_out (id),
    member_id    UUID         NOT NULL,
    token_hash   CHAR(64)     NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT call_out_link_token UNIQUE (token_hash),
    CONSTRAINT call_out_link_once UNIQUE (call_out_id, member_id)
);
