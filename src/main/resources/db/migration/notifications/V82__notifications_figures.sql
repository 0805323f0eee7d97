-- Digests (the monthly impact email) carry whole numbers besides the first name, ask and link: stored as
-- comma-separated integers, never text, so the "no care notes in messages" rule stays structural.
ALTER TABLE notification ADD COLUMN figures VARCHAR(300);
