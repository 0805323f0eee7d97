-- The missed-visit plan says whether to act already at amber (someone very frail) or, as by default, at red.
ALTER TABLE customer ADD COLUMN act_at_amber BOOLEAN NOT NULL DEFAULT FALSE;
