-- "Seen or spoke to them" on Who's missing can be taken back for a few seconds: what the contact replaced (the
-- customer's previous contact, and their line on the list), kept until then.
CREATE TABLE absence_contact_undo (
    id                     UUID PRIMARY KEY,
    shop_id                UUID        NOT NULL REFERENCES shop (id),
    customer_id            UUID        NOT NULL,
    contact_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    contact_how            VARCHAR(20) NOT NULL,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    previous_seen_at       TIMESTAMP WITH TIME ZONE,
    previous_how           VARCHAR(20),
    absence_last_seen_at   TIMESTAMP WITH TIME ZONE,
    absence_chance         DOUBLE PRECISION,
    absence_level          VARCHAR(10),
    absence_computed_at    TIMESTAMP WITH TIME ZONE,
    absence_snoozed_until  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX absence_contact_undo_by_shop ON absence_contact_undo (shop_id, created_at);
