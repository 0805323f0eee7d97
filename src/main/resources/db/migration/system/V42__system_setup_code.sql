-- The one-time setup code: without it, the first visitor of a new installation could claim it. One row, inserted if
-- absent by the first instance that starts with no shop (or taken from EXTRAMILE_SETUP_CODE); only the SHA-256 of the
-- code is kept. Setup claims the row (used_at set where it was null) in the transaction that creates the first shop,
-- so of several setups at once exactly one wins, and the code is used up.
CREATE TABLE setup_code (
    id          INT      PRIMARY KEY CHECK (id = 1),
    code_hash   CHAR(64) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE
);

