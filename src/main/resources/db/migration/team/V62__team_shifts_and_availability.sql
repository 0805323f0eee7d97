-- The weekly rota now holds three kinds of slot: on-duty responder cover (what alarms dispatch from), shifts in the
-- shop, and the times a member says they are available to help. Existing slots are on-duty cover.
ALTER TABLE team_rota_slot ADD COLUMN kind VARCHAR(10) DEFAULT 'ON_DUTY' NOT NULL;
ALTER TABLE team_rota_slot ADD CONSTRAINT team_rota_slot_kind CHECK (kind IN ('ON_DUTY', 'SHIFT', 'AVAILABLE'));
