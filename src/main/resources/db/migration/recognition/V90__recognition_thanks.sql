-- Recognition: a colleague thanks a team member for an extra-mile act, with a short note, optionally about the
-- errand, welfare check, alarm or call-out it was for (referred to by kind and id, no foreign key into other modules).
CREATE TABLE recognition_thanks (
    id            UUID         PRIMARY KEY,
    shop_id       UUID         NOT NULL REFERENCES shop (id),
    from_account  UUID         NOT NULL,
    from_name     VARCHAR(120) NOT NULL,
    to_member     UUID         NOT NULL,
    to_name       VARCHAR(120) NOT NULL,
    note          VARCHAR(280) NOT NULL,
    about_kind    VARCHAR(20),
    about_id      UUID,
    thanked_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT recognition_thanks_about CHECK ((about_kind IS NULL AND about_id IS NULL)
        OR (about_kind IN ('ERRAND', 'WELFARE_CHECK', 'ALARM', 'CALL_OUT') AND about_id IS NOT NULL))
);
CREATE INDEX recognition_thanks_by_shop ON recognition_thanks (shop_id, thanked_at);

-- One monthly digest per shop and month, however often the task runs and on however many instances.
CREATE TABLE recognition_digest (
    shop_id    UUID        NOT NULL REFERENCES shop (id),
    month_of   VARCHAR(7)  NOT NULL,
    sent_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    thanks     INT         NOT NULL,
    CONSTRAINT recognition_digest_once PRIMARY KEY (shop_id, month_of)
);
