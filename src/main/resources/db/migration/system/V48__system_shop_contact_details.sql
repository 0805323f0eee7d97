-- Where the shop is and its phone number: printed on the forms customers keep (the consent form says how to reach
-- the shop to withdraw). Not in the cached Shop record: they can change.
ALTER TABLE shop ADD COLUMN address VARCHAR(300);
ALTER TABLE shop ADD COLUMN phone VARCHAR(40);
