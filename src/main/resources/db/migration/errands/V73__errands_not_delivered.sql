-- "No answer" at the door is not "done": the errand ends NOT_DELIVERED, and says what happens next: bring it back
-- to the shop, or try again (a new errand, retry_errand_id). Only DONE errands count as help given.
ALTER TABLE errand ALTER COLUMN status SET DATA TYPE VARCHAR(20);
ALTER TABLE errand DROP CONSTRAINT errand_status;
ALTER TABLE errand ADD CONSTRAINT errand_status CHECK (status IN ('OPEN', 'ACCEPTED', 'DONE', 'NOT_DELIVERED',
    'CANCELLED'));
ALTER TABLE errand ADD COLUMN next_step VARCHAR(12);
ALTER TABLE errand ADD COLUMN retry_errand_id UUID;
ALTER TABLE errand ADD CONSTRAINT errand_next_step CHECK (next_step IS NULL OR next_step IN ('BRING_BACK', 'TRY_AGAIN'));
-- Before this version a "no answer" was recorded as DONE: it was not delivered.
UPDATE errand SET status = 'NOT_DELIVERED' WHERE status = 'DONE' AND door_outcome = 'NO_ANSWER';
