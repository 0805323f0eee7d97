-- The getting-started list on a new shop's Today page: the steps ticked by hand (or skipped as not for this shop,
-- or ticked by what the owner did, such as saving the opening hours), and HIDDEN when the owner put the list away.
-- Steps the shop's data shows as done (customers there, a consent recorded) are not stored.
CREATE TABLE getting_started (
    shop_id    UUID        NOT NULL REFERENCES shop (id),
    step       VARCHAR(20) NOT NULL CHECK (step IN ('SHOP', 'HOURS', 'TEAM', 'CUSTOMERS', 'VISITS', 'CONSENT',
                                                    'ALARMS', 'PUBLIC_PAGE', 'HIDDEN')),
    ticked_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    ticked_by  UUID,
    PRIMARY KEY (shop_id, step)
);

-- Shops that were running before the list existed are past their first hour.
INSERT INTO getting_started (shop_id, step, ticked_at)
SELECT id, 'HIDDEN', CURRENT_TIMESTAMP FROM shop;
