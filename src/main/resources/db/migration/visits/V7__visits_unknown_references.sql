-- Visits from the till (import or API) naming a card or customer reference no customer has: kept to be matched by the
-- owner to an existing customer or a new one, when the visits are added. Or, when the shop chose it, the customer is
-- created straight away (off by default).
CREATE TABLE visits_setting (
    shop_id                  UUID    PRIMARY KEY REFERENCES shop (id),
    create_unknown_customers BOOLEAN NOT NULL
);

CREATE TABLE unknown_reference_visit (
    shop_id       UUID         NOT NULL REFERENCES shop (id),
    reference     VARCHAR(60)  NOT NULL,
    source        VARCHAR(10)  NOT NULL,
    -- The API's external id; for a till import till:<reference>:<epoch second>, its visit's id being made from the
    -- customer and the time once matched.
    external_id   VARCHAR(200) NOT NULL,
    seen_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    amount_minor  BIGINT,
    received_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX unknown_reference_visit_by_reference ON unknown_reference_visit (shop_id, reference);
-- The same visit sent twice waits once.
CREATE UNIQUE INDEX unknown_reference_visit_once ON unknown_reference_visit (shop_id, source, external_id);
