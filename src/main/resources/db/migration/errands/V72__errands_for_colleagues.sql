-- Colleagues are customers too: a team member may ask the rest of the team for help for themselves (cover a shift,
-- a lift, a hand with the stock). Such an errand has no customer but the member who asked (asked_by_member, a team
-- member's id; no foreign key into the team module's tables); every errand has exactly one of the two.
ALTER TABLE errand ALTER COLUMN customer_id DROP NOT NULL;
ALTER TABLE errand ADD COLUMN asked_by_member UUID;
ALTER TABLE errand ADD CONSTRAINT errand_for_whom CHECK ((customer_id IS NOT NULL AND asked_by_member IS NULL)
    OR (customer_id IS NULL AND asked_by_member IS NOT NULL));

ALTER TABLE errand DROP CONSTRAINT errand_kind;
ALTER TABLE errand ADD CONSTRAINT errand_kind CHECK (kind IN ('DELIVERY', 'PRESCRIPTION', 'READ_POST',
    'LETTERS_FORMS', 'LAWN', 'DOG_WALK', 'ODD_JOBS', 'LIFT', 'OTHER', 'COVER_SHIFT', 'STOCK_HAND'));

CREATE INDEX errand_by_asker ON errand (shop_id, asked_by_member);
