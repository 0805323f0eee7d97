-- Till history imports: the uploaded file, the chosen column mapping and the progress, kept in the database so any
-- app instance can show progress, and resume an import that a stopped or crashed instance left half done.
-- Portable between H2 (PostgreSQL mode) and PostgreSQL: BYTEA is VARBINARY on H2; no TEXT (a CLOB on H2).
CREATE TABLE till_import (
    id                UUID PRIMARY KEY,
    shop_id           UUID         NOT NULL REFERENCES shop (id),
    file_name         VARCHAR(200) NOT NULL,
    content           BYTEA        NOT NULL,
    size_bytes        INT          NOT NULL,
    delimiter         VARCHAR(1)   NOT NULL,
    has_header        BOOLEAN      NOT NULL,
    reference_column  INT,
    time_column       INT,
    amount_column     INT,
    status            VARCHAR(10)  NOT NULL CHECK (status IN ('UPLOADED', 'QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    total_rows        INT,
    rows_done         INT          NOT NULL DEFAULT 0,
    added             INT          NOT NULL DEFAULT 0,
    duplicates        INT          NOT NULL DEFAULT 0,
    rejected          INT          NOT NULL DEFAULT 0,
    -- Which worker holds the import now; it must still hold it to commit a chunk (a fencing token).
    claim_token       UUID,
    heartbeat_at      TIMESTAMP WITH TIME ZONE,
    attempts          INT          NOT NULL DEFAULT 0,
    failure           VARCHAR(300),
    created_by        UUID         NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE,
    finished_at       TIMESTAMP WITH TIME ZONE
);
CREATE INDEX till_import_by_shop ON till_import (shop_id, created_at);
CREATE INDEX till_import_by_status ON till_import (status, heartbeat_at);

-- Every rejected line of an import, with its line number in the file and why.
CREATE TABLE till_import_rejection (
    import_id    UUID         NOT NULL REFERENCES till_import (id),
    shop_id      UUID         NOT NULL REFERENCES shop (id),
    line_number  INT          NOT NULL,
    reason       VARCHAR(20)  NOT NULL,
    detail       VARCHAR(120),
    PRIMARY KEY (import_id, line_number)
);
