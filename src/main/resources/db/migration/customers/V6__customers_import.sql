-- Customer list imports (CSV or Excel): the uploaded file, the confirmed columns, the choices made for likely
-- duplicates and the progress, kept in the database so any instance shows progress and a durable task resumes an
-- import a stopped instance left half done. Portable between H2 (PostgreSQL mode) and PostgreSQL.
CREATE TABLE customer_import (
    id                UUID PRIMARY KEY,
    shop_id           UUID         NOT NULL REFERENCES shop (id),
    file_name         VARCHAR(200) NOT NULL,
    content           BYTEA        NOT NULL,
    size_bytes        INT          NOT NULL,
    format            VARCHAR(4)   NOT NULL CHECK (format IN ('CSV', 'XLSX')),
    delimiter         VARCHAR(1)   NOT NULL,
    has_header        BOOLEAN      NOT NULL,
    -- Which column (from 0) holds each field, as field=column pairs: name=0,phone=2
    columns           VARCHAR(300) NOT NULL,
    -- What to do with likely duplicates not chosen one by one: MERGE or SKIP.
    duplicates_choice VARCHAR(5)   NOT NULL DEFAULT 'SKIP' CHECK (duplicates_choice IN ('MERGE', 'SKIP')),
    status            VARCHAR(10)  NOT NULL CHECK (status IN ('UPLOADED', 'QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    total_rows        INT,
    rows_done         INT          NOT NULL DEFAULT 0,
    added             INT          NOT NULL DEFAULT 0,
    merged            INT          NOT NULL DEFAULT 0,
    skipped           INT          NOT NULL DEFAULT 0,
    rejected          INT          NOT NULL DEFAULT 0,
    -- The execution working on it now: it must still hold the claim to commit a chunk (a fencing token).
    claim_token       UUID,
    heartbeat_at      TIMESTAMP WITH TIME ZONE,
    failure           VARCHAR(300),
    created_by        UUID         NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at       TIMESTAMP WITH TIME ZONE
);
CREATE INDEX customer_import_by_shop ON customer_import (shop_id, created_at);
CREATE INDEX customer_import_by_status ON customer_import (status);

-- The owner's choice for one likely duplicate, by the row's line in the file.
CREATE TABLE customer_import_choice (
    import_id    UUID        NOT NULL REFERENCES customer_import (id),
    shop_id      UUID        NOT NULL REFERENCES shop (id),
    line_number  INT         NOT NULL,
    choice       VARCHAR(5)  NOT NULL CHECK (choice IN ('MERGE', 'SKIP')),
    PRIMARY KEY (import_id, line_number)
);

-- Every rejected row of an import, with its line in the file (its row number in Excel) and why.
CREATE TABLE customer_import_rejection (
    import_id    UUID         NOT NULL REFERENCES customer_import (id),
    shop_id      UUID         NOT NULL REFERENCES shop (id),
    line_number  INT          NOT NULL,
    reason       VARCHAR(20)  NOT NULL,
    detail       VARCHAR(120),
    PRIMARY KEY (import_id, line_number)
);

-- A fingerprint of every imported row (its fields, normalised), so importing the same file again adds nobody twice.
CREATE TABLE customer_import_key (
    shop_id      UUID        NOT NULL REFERENCES shop (id),
    row_key      VARCHAR(64) NOT NULL,
    customer_id  UUID        NOT NULL,
    PRIMARY KEY (shop_id, row_key)
);

-- Notes that came with an imported customer (not care notes: those need consent and live in the care profile).
ALTER TABLE customer ADD COLUMN notes VARCHAR(1000);
