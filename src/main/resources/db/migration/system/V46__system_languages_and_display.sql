-- Each shop's default language (new accounts, texts to people who are not on the team, the public page
-- when the browser prefers neither) and each account's own choice (null: the shop's default). Codes 'en' or
-- 'cy', checked by the app (app.extramile.shared.Language).
ALTER TABLE shop ADD COLUMN language VARCHAR(2) DEFAULT 'en' NOT NULL;
ALTER TABLE account ADD COLUMN language VARCHAR(2);
-- How each person likes to read the pages: larger text, higher contrast.
ALTER TABLE account ADD COLUMN large_text BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE account ADD COLUMN high_contrast BOOLEAN DEFAULT FALSE NOT NULL;
