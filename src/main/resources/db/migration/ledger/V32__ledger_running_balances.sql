-- A running balance on each certificate and pool, kept under the row lock every write already takes, so a write no
-- longer sums the account's whole history. Postings stay the truth: the nightly check rebuilds every balance from
-- them and reports any difference from these columns. The database refuses a balance below zero.
ALTER TABLE gift_certificate ADD COLUMN balance_minor BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE pay_it_forward_pool ADD COLUMN balance_minor BIGINT DEFAULT 0 NOT NULL;

UPDATE gift_certificate c SET balance_minor =
      coalesce((SELECT sum(p.amount_minor) FROM ledger_posting p WHERE p.credit_account = c.account_id), 0)
    - coalesce((SELECT sum(p.amount_minor) FROM ledger_posting p WHERE p.debit_account = c.account_id), 0);
UPDATE pay_it_forward_pool c SET balance_minor =
      coalesce((SELECT sum(p.amount_minor) FROM ledger_posting p WHERE p.credit_account = c.account_id), 0)
    - coalesce((SELECT sum(p.amount_minor) FROM ledger_posting p WHERE p.debit_account = c.account_id), 0);

ALTER TABLE gift_certificate ADD CONSTRAINT gift_certificate_not_overdrawn CHECK (balance_minor >= 0);
ALTER TABLE pay_it_forward_pool ADD CONSTRAINT pay_it_forward_pool_not_overdrawn CHECK (balance_minor >= 0);
