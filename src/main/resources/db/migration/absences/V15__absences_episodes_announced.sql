-- When an episode's AbsenceNoticed went out, in the transaction that recorded the episode. Before this version the
-- scheduled and start-up sweeps recorded episodes with no transaction, so their events were dropped and no welfare
-- check opened: every earlier episode is left unannounced here, and the next sweep of its shop (at start-up)
-- announces it once if the customer is still absent, or marks it announced if they have been seen since.
ALTER TABLE absence_episode ADD COLUMN announced_at TIMESTAMP WITH TIME ZONE;
