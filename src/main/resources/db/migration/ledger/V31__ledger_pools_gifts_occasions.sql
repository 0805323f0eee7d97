-- Pay-it-forward pools: one liability account each. An item pool (a coffee, a loaf, a meal) has a fixed price per
-- item, so "how many are waiting" is its balance over that price; a money pool has none.
CREATE TABLE pay_it_forward_pool (
    id                UUID        PRIMARY KEY,
    shop_id           UUID        NOT NULL,
    name              VARCHAR(60) NOT NULL,
    unit_price_minor  BIGINT,
    currency          CHAR(3)     NOT NULL,
    account_id        UUID        NOT NULL REFERENCES ledger_account (id),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    archived_at       TIMESTAMP WITH TIME ZONE,
    version           BIGINT      NOT NULL,
    CONSTRAINT pay_it_forward_pool_price CHECK (unit_price_minor IS NULL OR unit_price_minor > 0),
    CONSTRAINT pay_it_forward_pool_name UNIQUE (shop_id, name)
);

-- Who gave (a name or nobody: anonymous) and why something was given out; recipients are never recorded.
CREATE TABLE pay_it_forward_entry (
    id            UUID        PRIMARY KEY,
    shop_id       UUID        NOT NULL,
    pool_id       UUID        NOT NULL REFERENCES pay_it_forward_pool (id),
    request_id    UUID        NOT NULL REFERENCES ledger_request (id),
    kind          VARCHAR(10) NOT NULL,
    units         INT,
    amount_minor  BIGINT      NOT NULL,
    donor_name    VARCHAR(120),
    note          VARCHAR(300),
    reason        VARCHAR(300),
    referral      VARCHAR(120),
    at            TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pay_it_forward_entry_kind CHECK (kind IN ('DONATED', 'GIVEN')),
    CONSTRAINT pay_it_forward_entry_amount CHECK (amount_minor > 0)
);
CREATE INDEX pay_it_forward_entry_by_pool ON pay_it_forward_entry (shop_id, pool_id, at);

-- Gifts and free products given to customers ("flowers for her 90th").
CREATE TABLE ledger_gift (
    id           UUID         PRIMARY KEY,
    shop_id      UUID         NOT NULL,
    customer_id  UUID         NOT NULL,
    what         VARCHAR(200) NOT NULL,
    occasion     VARCHAR(120),
    given_on     DATE         NOT NULL,
    given_by     UUID,
    recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ledger_gift_by_shop ON ledger_gift (shop_id, given_on);

-- Yearly occasions other than birthdays (a wedding anniversary, a year since they moved in).
CREATE TABLE ledger_occasion (
    id           UUID         PRIMARY KEY,
    shop_id      UUID         NOT NULL,
    customer_id  UUID         NOT NULL,
    label        VARCHAR(120) NOT NULL,
    first_on     DATE         NOT NULL
);
CREATE INDEX ledger_occasion_by_shop ON ledger_occasion (shop_id);
