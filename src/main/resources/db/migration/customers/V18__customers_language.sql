-- The language a customer reads (letters to them, texts to their neighbours about them): 'en' or 'cy',
-- checked by the app; null: the shop's default.
ALTER TABLE customer ADD COLUMN language VARCHAR(2);
