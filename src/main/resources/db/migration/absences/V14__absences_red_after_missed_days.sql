-- An absence is also red once this many of the customer's usual days have gone by without a visit (0: only by
-- chance), and the latest sweep keeps how many that was for the morning list's explanation.
ALTER TABLE absence_settings ADD COLUMN red_after_missed_days INT NOT NULL DEFAULT 2;
ALTER TABLE absence ADD COLUMN missed_days DOUBLE PRECISION NOT NULL DEFAULT 0;
