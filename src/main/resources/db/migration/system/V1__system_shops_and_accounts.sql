-- Shops (tenants), their accounts, invitations, API tokens and login throttling.
CREATE TABLE shop (
    id          UUID PRIMARY KEY,
    slug        VARCHAR(40)  NOT NULL UNIQUE,
    name        VARCHAR(120) NOT NULL,
    time_zone   VARCHAR(60)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE account (
    id             UUID PRIMARY KEY,
    shop_id        UUID         NOT NULL REFERENCES shop (id),
    username       VARCHAR(60)  NOT NULL UNIQUE,
    display_name   VARCHAR(120) NOT NULL,
    role           VARCHAR(20)  NOT NULL CHECK (role IN ('OWNER', 'STAFF', 'VOLUNTEER')),
    password_hash  VARCHAR(200) NOT NULL,
    enabled        BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX account_by_shop ON account (shop_id);

CREATE TABLE invitation (
    id            UUID PRIMARY KEY,
    shop_id       UUID         NOT NULL REFERENCES shop (id),
    token_hash    VARCHAR(64)  NOT NULL UNIQUE,
    display_name  VARCHAR(120) NOT NULL,
    role          VARCHAR(20)  NOT NULL CHECK (role IN ('STAFF', 'VOLUNTEER')),
    invited_by    UUID         NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    accepted_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX invitation_by_shop ON invitation (shop_id);

CREATE TABLE api_token (
    id            UUID PRIMARY KEY,
    shop_id       UUID         NOT NULL REFERENCES shop (id),
    name          VARCHAR(80)  NOT NULL,
    token_hash    VARCHAR(64)  NOT NULL UNIQUE,
    created_by    UUID,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at  TIMESTAMP WITH TIME ZONE,
    revoked_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX api_token_by_shop ON api_token (shop_id);

-- Failed logins per username, shared by every app instance (the app keeps no state in memory).
CREATE TABLE login_throttle (
    username      VARCHAR(60) PRIMARY KEY,
    failures      INT         NOT NULL,
    window_start  TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until  TIMESTAMP WITH TIME ZONE
);

-- Spring Modulith's event publication registry (schema v2), portable between H2 and PostgreSQL.
CREATE TABLE event_publication (
    id                      UUID          NOT NULL PRIMARY KEY,
    listener_id             VARCHAR(512)  NOT NULL,
    event_type              VARCHAR(512)  NOT NULL,
    serialized_event        VARCHAR(4000) NOT NULL,
    publication_date        TIMESTAMP WITH TIME ZONE NOT NULL,
    completion_date         TIMESTAMP WITH TIME ZONE,
    status                  VARCHAR(20),
    completion_attempts     INT,
    last_resubmission_date  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX event_publication_by_completion_date ON event_publication (completion_date);
