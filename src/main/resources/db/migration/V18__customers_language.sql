-- The language a customer reads (letters to them, texts to their neighbours about them); null: the shop's default.
ALTER TABLE customer ADD COLUMN language VARCHAR(2);
ALTER TABLE customer ADD CONSTRAINT customer_language CHECK (language IS NULL OR language IN ('en', 'cy'));
