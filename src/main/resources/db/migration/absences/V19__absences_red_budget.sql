-- The owner sets a red budget, not a red level: how many reds a week the shop can follow up, per 100 regulars.
-- Each sweep turns it into the red level from the shop's own calibrated chances; red_below now keeps the level the
-- latest sweep used (set again by the next sweep), and regulars how many regulars the shop has (counted once a day).
ALTER TABLE absence_settings ADD COLUMN red_budget DOUBLE PRECISION NOT NULL DEFAULT 2;
ALTER TABLE absence_settings ADD COLUMN regulars INT;
ALTER TABLE absence_settings ADD COLUMN regulars_counted_on DATE;
-- Which rule made an absence red: CHANCE (rarer than the red level) or MISSED_DAYS (the usual days missed); null
-- unless red. Kept on the list and on episodes (reds from missed days are spent from the budget first); V92 keeps it
-- on the undo of "Seen or spoke to them".
ALTER TABLE absence ADD COLUMN red_by VARCHAR(12);
ALTER TABLE absence_episode ADD COLUMN red_by VARCHAR(12);
CREATE INDEX absence_episode_by_shop_noticed ON absence_episode (shop_id, noticed_at);
