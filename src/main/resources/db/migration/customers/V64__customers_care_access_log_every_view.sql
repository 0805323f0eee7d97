-- The care access log records every view of care data, not only reveals of care and access notes: the care profile
-- shown (flags, mobility, sight and hearing notes, usual items, the paper) and care flags shown on a list such as
-- Who's missing. The check on what was seen widens; the check has no name common to H2 and PostgreSQL, so the table
-- is rebuilt with its rows.
CREATE TABLE care_access_log_new (
    id           UUID PRIMARY KEY,
    shop_id      UUID        NOT NULL REFERENCES shop (id),
    customer_id  UUID        NOT NULL REFERENCES customer (id),
    account_id   UUID        NOT NULL,
    what         VARCHAR(20) NOT NULL,
    at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT care_access_log_what CHECK (what IN ('CARE_NOTES', 'ACCESS_NOTES', 'CARE_PROFILE', 'CARE_FLAGS'))
);
INSERT INTO care_access_log_new (id, shop_id, customer_id, account_id, what, at)
    SELECT id, shop_id, customer_id, account_id, what, at FROM care_access_log;
DROP TABLE care_access_log;
ALTER TABLE care_access_log_new RENAME TO care_access_log;
CREATE INDEX care_access_log_by_shop ON care_access_log (shop_id, at);
