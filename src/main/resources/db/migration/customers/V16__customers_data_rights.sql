-- Customers' data rights (UK GDPR): each access request (export) and erasure, who asked and when. Ids only, never a
-- name. An erasure row is also the durable erasure record: at every start the app erases these customers again,
-- so data restored from an older backup is erased once more (the same record is kept in a file outside the
-- database, extramile.customers.erasure-file, because a restored database may predate the erasure).
CREATE TABLE customer_rights_request (
    id            UUID PRIMARY KEY,
    shop_id       UUID        NOT NULL,
    customer_id   UUID        NOT NULL,
    kind          VARCHAR(10) NOT NULL,
    at            TIMESTAMP WITH TIME ZONE NOT NULL,
    by_account    UUID,
    CONSTRAINT customer_rights_request_kind CHECK (kind IN ('EXPORT', 'ERASURE'))
);
CREATE INDEX customer_rights_request_by_customer ON customer_rights_request (shop_id, customer_id);
