-- "Seen or spoke to them" taken back puts the customer's line back as it was: also which rule made them red (V19)
-- and the missed days the line showed.
ALTER TABLE absence_contact_undo ADD COLUMN absence_red_by VARCHAR(12);
ALTER TABLE absence_contact_undo ADD COLUMN absence_missed_days DOUBLE PRECISION;
