-- A second factor for signing in (TOTP): the secret shared with the person's authenticator app, switched on when
-- confirmed by a first code; last_step is the time step of the last code accepted (a code is accepted once).
CREATE TABLE account_second_factor (
    account_id    UUID PRIMARY KEY REFERENCES account (id),
    shop_id       UUID        NOT NULL REFERENCES shop (id),
    secret        VARCHAR(64) NOT NULL,
    confirmed_at  TIMESTAMP WITH TIME ZONE,
    last_step     BIGINT      NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX account_second_factor_by_shop ON account_second_factor (shop_id);

-- One-time recovery codes for a lost phone, stored as SHA-256 hashes only.
CREATE TABLE account_recovery_code (
    account_id  UUID        NOT NULL REFERENCES account (id),
    shop_id     UUID        NOT NULL REFERENCES shop (id),
    code_hash   VARCHAR(64) NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (account_id, code_hash)
);
CREATE INDEX account_recovery_code_by_shop ON account_recovery_code (shop_id);
