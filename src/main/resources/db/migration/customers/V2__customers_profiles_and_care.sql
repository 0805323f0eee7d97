-- Customers, their care profile, missed-visit plan (contacts), consent, away notices, and the care access log.
CREATE TABLE customer (
    id              UUID PRIMARY KEY,
    shop_id         UUID         NOT NULL REFERENCES shop (id),
    reference       VARCHAR(60),
    name            VARCHAR(120) NOT NULL,
    preferred_name  VARCHAR(60),
    search_key      VARCHAR(400) NOT NULL,
    phone           VARCHAR(30),
    mobile          VARCHAR(30),
    address_line    VARCHAR(200),
    town            VARCHAR(80),
    postcode        VARCHAR(12),
    latitude        DOUBLE PRECISION,
    longitude       DOUBLE PRECISION,
    birthday        DATE,
    household       VARCHAR(120),
    tags            VARCHAR(400),
    archived_at     TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT customer_reference_unique UNIQUE (shop_id, reference),
    CONSTRAINT customer_latitude_range CHECK (latitude BETWEEN -90 AND 90),
    CONSTRAINT customer_longitude_range CHECK (longitude BETWEEN -180 AND 180)
);
CREATE INDEX customer_by_shop_name ON customer (shop_id, search_key);

CREATE TABLE care_profile (
    customer_id            UUID PRIMARY KEY REFERENCES customer (id),
    shop_id                UUID     NOT NULL REFERENCES shop (id),
    lives_alone            BOOLEAN  NOT NULL,
    personal_alarm         BOOLEAN  NOT NULL,
    vulnerable             BOOLEAN  NOT NULL,
    free_delivery          BOOLEAN  NOT NULL,
    mobility_notes         VARCHAR(500),
    sight_notes            VARCHAR(500),
    hearing_notes          VARCHAR(500),
    usual_items            VARCHAR(500),
    newspaper              VARCHAR(120),
    care_notes             VARCHAR(2000),
    access_notes           VARCHAR(1000),
    updated_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by             UUID     NOT NULL
);
CREATE INDEX care_profile_by_shop ON care_profile (shop_id);

CREATE TABLE customer_contact (
    id            UUID PRIMARY KEY,
    shop_id       UUID         NOT NULL REFERENCES shop (id),
    customer_id   UUID         NOT NULL REFERENCES customer (id),
    name          VARCHAR(120) NOT NULL,
    relationship  VARCHAR(20)  NOT NULL CHECK (relationship IN ('NEIGHBOUR', 'FAMILY', 'KEYHOLDER', 'FRIEND', 'CARER', 'OTHER')),
    phone         VARCHAR(30)  NOT NULL,
    has_key       BOOLEAN      NOT NULL,
    ring_order    INT          NOT NULL
);
CREATE INDEX customer_contact_by_customer ON customer_contact (shop_id, customer_id);

CREATE TABLE consent (
    id                     UUID PRIMARY KEY,
    shop_id                UUID     NOT NULL REFERENCES shop (id),
    customer_id            UUID     NOT NULL REFERENCES customer (id),
    welfare_checks         BOOLEAN  NOT NULL,
    contact_named_people   BOOLEAN  NOT NULL,
    keep_care_notes        BOOLEAN  NOT NULL,
    how_given              VARCHAR(200),
    recorded_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_by            UUID     NOT NULL,
    revoked_at             TIMESTAMP WITH TIME ZONE,
    revoked_by             UUID
);
CREATE INDEX consent_by_customer ON consent (shop_id, customer_id);

CREATE TABLE away_notice (
    id            UUID PRIMARY KEY,
    shop_id       UUID        NOT NULL REFERENCES shop (id),
    customer_id   UUID        NOT NULL REFERENCES customer (id),
    reason        VARCHAR(20) NOT NULL CHECK (reason IN ('HOLIDAY', 'HOSPITAL', 'FAMILY_VISIT', 'OTHER')),
    from_date     DATE        NOT NULL,
    to_date       DATE        NOT NULL,
    note          VARCHAR(300),
    created_by    UUID        NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    cancelled_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT away_notice_dates CHECK (to_date >= from_date)
);
CREATE INDEX away_notice_by_customer ON away_notice (shop_id, customer_id);

-- Who read which customer's care or access notes, and when. Append-only.
CREATE TABLE care_access_log (
    id           UUID PRIMARY KEY,
    shop_id      UUID        NOT NULL REFERENCES shop (id),
    customer_id  UUID        NOT NULL REFERENCES customer (id),
    account_id   UUID        NOT NULL,
    what         VARCHAR(20) NOT NULL CHECK (what IN ('CARE_NOTES', 'ACCESS_NOTES')),
    at           TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX care_access_log_by_shop ON care_access_log (shop_id, at);
