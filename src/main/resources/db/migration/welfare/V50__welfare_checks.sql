-- Welfare checks: from "she hasn't been in" to a confirmed outcome, one step of the customer's plan at a time.
CREATE TABLE welfare_check (
    id            UUID PRIMARY KEY,
    shop_id       UUID         NOT NULL REFERENCES shop (id),
    customer_id   UUID         NOT NULL,
    reason        VARCHAR(20)  NOT NULL CHECK (reason IN ('ABSENCE', 'BY_HAND')),
    source_key    VARCHAR(120) NOT NULL,
    status        VARCHAR(10)  NOT NULL CHECK (status IN ('OPEN', 'RESOLVED')),
    outcome       VARCHAR(30),
    opened_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    opened_by     UUID,
    resolved_at   TIMESTAMP WITH TIME ZONE,
    resolved_by   UUID,
    CONSTRAINT welfare_check_once UNIQUE (shop_id, source_key)
);
CREATE INDEX welfare_check_by_shop ON welfare_check (shop_id, status);

-- The ladder: one row per step, in order. Only one step is open at a time; its due time is the deadline.
CREATE TABLE welfare_step (
    id             UUID PRIMARY KEY,
    shop_id        UUID         NOT NULL REFERENCES shop (id),
    check_id       UUID         NOT NULL REFERENCES welfare_check (id),
    seq            INT          NOT NULL,
    kind           VARCHAR(20)  NOT NULL CHECK (kind IN ('RING_CUSTOMER', 'RING_CONTACT', 'POP_ROUND', 'EMERGENCY')),
    contact_name   VARCHAR(120),
    contact_phone  VARCHAR(30),
    status         VARCHAR(10)  NOT NULL CHECK (status IN ('WAITING', 'OPEN', 'DONE', 'ESCALATED', 'CANCELLED')),
    assignee       UUID,
    due_at         TIMESTAMP WITH TIME ZONE,
    reminded_at    TIMESTAMP WITH TIME ZONE,
    outcome        VARCHAR(30),
    done_at        TIMESTAMP WITH TIME ZONE,
    done_by        UUID,
    CONSTRAINT welfare_step_order UNIQUE (check_id, seq)
);
CREATE INDEX welfare_step_due ON welfare_step (status, due_at);

-- Who declined a pop-round (so it is not offered to them again).
CREATE TABLE welfare_step_decline (
    step_id      UUID NOT NULL REFERENCES welfare_step (id),
    account_id   UUID NOT NULL,
    declined_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (step_id, account_id)
);
