-- Consent given or withdrawn on paper: the day the form was signed, who witnessed it, and the scanned page (optional).
ALTER TABLE consent ADD COLUMN signed_on DATE;
ALTER TABLE consent ADD COLUMN witnessed_by VARCHAR(120);
ALTER TABLE consent ADD COLUMN revoked_how VARCHAR(200);
ALTER TABLE consent ADD COLUMN revoke_signed_on DATE;
ALTER TABLE consent ADD COLUMN revoke_witnessed_by VARCHAR(120);

-- A scanned signed page: given with the consent row it records, or withdrawing it. Care data's paper trail: erased
-- with the customer.
CREATE TABLE consent_page (
    id            UUID PRIMARY KEY,
    shop_id       UUID        NOT NULL REFERENCES shop (id),
    customer_id   UUID        NOT NULL REFERENCES customer (id),
    consent_id    UUID        NOT NULL REFERENCES consent (id),
    purpose       VARCHAR(10) NOT NULL CHECK (purpose IN ('GIVEN', 'WITHDRAWN')),
    content_type  VARCHAR(40) NOT NULL,
    content       BYTEA       NOT NULL,
    uploaded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    uploaded_by   UUID        NOT NULL
);
CREATE INDEX consent_page_by_customer ON consent_page (shop_id, customer_id);
