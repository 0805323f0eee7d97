-- "Seen or spoke to them" taken back puts the customer's line back as it was: also which rule made them red (V19)
-- and the missed days the line showed. IF EXISTS: an installation always has V66's table by now (Flyway applies V66
-- before this), but the upgrade test starts from every migration except those merged out of order, V66 among them.
ALTER TABLE IF EXISTS absence_contact_undo ADD COLUMN IF NOT EXISTS absence_red_by VARCHAR(12);
ALTER TABLE IF EXISTS absence_contact_undo ADD COLUMN IF NOT EXISTS absence_missed_days DOUBLE PRECISION;
