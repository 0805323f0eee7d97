-- The team: the people who help (with or without a login), their skills and when they are on duty.
CREATE TABLE team_member (
    id          UUID PRIMARY KEY,
    shop_id     UUID         NOT NULL REFERENCES shop (id),
    name        VARCHAR(120) NOT NULL,
    mobile      VARCHAR(30),
    email       VARCHAR(200),
    account_id  UUID,
    home_lat    DOUBLE PRECISION,
    home_lon    DOUBLE PRECISION,
    position    INT          NOT NULL DEFAULT 0,
    active      BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX team_member_by_shop ON team_member (shop_id, active);

-- A skill a member has; DBS checks (and anything else with a date) lapse on expires_on.
CREATE TABLE team_member_skill (
    member_id   UUID        NOT NULL REFERENCES team_member (id),
    shop_id     UUID        NOT NULL REFERENCES shop (id),
    skill       VARCHAR(20) NOT NULL CHECK (skill IN ('DRIVER', 'FIRST_AID', 'KEYHOLDER', 'DBS_CHECKED', 'FOOD_HYGIENE')),
    expires_on  DATE,
    PRIMARY KEY (member_id, skill)
);

-- The weekly on-duty pattern, in the shop's local time. starts_at >= ends_at runs over midnight into the next
-- weekday (equal: the whole day). weekday is ISO (1 = Monday).
CREATE TABLE team_rota_slot (
    id         UUID PRIMARY KEY,
    shop_id    UUID NOT NULL REFERENCES shop (id),
    member_id  UUID NOT NULL REFERENCES team_member (id),
    weekday    INT  NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    starts_at  TIME NOT NULL,
    ends_at    TIME NOT NULL
);
CREATE INDEX team_rota_slot_by_shop ON team_rota_slot (shop_id);

-- One-off changes: a member on duty (covering) or off duty (away) for a range of time.
CREATE TABLE team_rota_change (
    id          UUID PRIMARY KEY,
    shop_id     UUID    NOT NULL REFERENCES shop (id),
    member_id   UUID    NOT NULL REFERENCES team_member (id),
    on_duty     BOOLEAN NOT NULL,
    from_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    until_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CHECK (until_at > from_at)
);
CREATE INDEX team_rota_change_by_shop ON team_rota_change (shop_id, until_at);
