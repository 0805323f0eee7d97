-- One timeline per customer, fed by other modules' events (visits are read from the visit log).
CREATE TABLE timeline_entry (
    id            UUID PRIMARY KEY,
    shop_id       UUID         NOT NULL REFERENCES shop (id),
    customer_id   UUID         NOT NULL,
    at            TIMESTAMP WITH TIME ZONE NOT NULL,
    kind          VARCHAR(40)  NOT NULL,
    detail        VARCHAR(300),
    source_key    VARCHAR(120) NOT NULL,
    CONSTRAINT timeline_entry_once UNIQUE (shop_id, source_key)
);
CREATE INDEX timeline_entry_by_customer ON timeline_entry (shop_id, customer_id, at);
