-- A shop may require every owner to sign in with a second factor.
ALTER TABLE shop ADD COLUMN owners_need_second_factor BOOLEAN NOT NULL DEFAULT FALSE;
