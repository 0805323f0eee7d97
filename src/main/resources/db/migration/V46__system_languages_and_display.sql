-- Each shop's default language (new accounts, texts to people who are not on the team, the public page
-- when the browser prefers neither) and each account's own choice (null: the shop's default).
ALTER TABLE shop ADD COLUMN language VARCHAR(2) DEFAULT 'en' NOT NULL;
ALTER TABLE shop ADD CONSTRAINT shop_language CHECK (language IN ('en', 'cy'));
ALTER TABLE account ADD COLUMN language VARCHAR(2);
ALTER TABLE account ADD CONSTRAINT account_language CHECK (language IS NULL OR language IN ('en', 'cy'));
-- How each person likes to read the pages: larger text, higher contrast.
ALTER TABLE account ADD COLUMN large_text BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE account ADD COLUMN high_contrast BOOLEAN DEFAULT FALSE NOT NULL;
