-- How long each kind of step may take before its reminder, per shop; a kind without a row keeps its default.
CREATE TABLE welfare_deadline (
    shop_id   UUID        NOT NULL REFERENCES shop (id),
    kind      VARCHAR(20) NOT NULL CHECK (kind IN ('RING_CUSTOMER', 'RING_CONTACT', 'POP_ROUND', 'EMERGENCY')),
    minutes   INT         NOT NULL CHECK (minutes BETWEEN 5 AND 1440),
    CONSTRAINT welfare_deadline_once PRIMARY KEY (shop_id, kind)
);
