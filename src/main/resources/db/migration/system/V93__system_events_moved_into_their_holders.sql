-- The events that were top-level records now live in their module's holder class, as the
-- other modules' do (AbsenceEvents, SystemEvents, CommunityEvents, RecognitionEvents,
-- LedgerEvents). The event publication registry stores each publication's event class
-- by name, and each listener's id names the class it takes: publications not yet
-- completed when the installation was upgraded are renamed, so the app resubmits them
-- to the same listeners at start. Completed ones are renamed too, for a consistent table.

UPDATE event_publication SET event_type = 'app.extramile.absences.AbsenceEvents$AbsenceNoticed' WHERE event_type = 'app.extramile.absences.AbsenceNoticed';
UPDATE event_publication SET listener_id = REPLACE(listener_id, '(app.extramile.absences.AbsenceNoticed)', '(app.extramile.absences.AbsenceEvents$AbsenceNoticed)')
  WHERE listener_id LIKE '%(app.extramile.absences.AbsenceNoticed)';
UPDATE event_publication SET event_type = 'app.extramile.absences.AbsenceEvents$ContactRecorded' WHERE event_type = 'app.extramile.absences.ContactRecorded';
UPDATE event_publication SET listener_id = REPLACE(listener_id, '(app.extramile.absences.ContactRecorded)', '(app.extramile.absences.AbsenceEvents$ContactRecorded)')
  WHERE listener_id LIKE '%(app.extramile.absences.ContactRecorded)';
UPDATE event_publication SET event_type = 'app.extramile.absences.AbsenceEvents$ContactUndone' WHERE event_type = 'app.extramile.absences.ContactUndone';
UPDATE event_publication SET listener_id = REPLACE(listener_id, '(app.extramile.absences.ContactUndone)', '(app.extramile.absences.AbsenceEvents$ContactUndone)')
  WHERE listener_id LIKE '%(app.extramile.absences.ContactUndone)';
UPDATE event_publication SET event_type = 'app.extramile.absences.AbsenceEvents$OpeningHoursSet' WHERE event_type = 'app.extramile.absences.OpeningHoursSet';
UPDATE event_publication SET listener_id = REPLACE(listener_id, '(app.extramile.absences.OpeningHoursSet)', '(app.extramile.absences.AbsenceEvents$OpeningHoursSet)')
  WHERE listener_id LIKE '%(app.extramile.absences.OpeningHoursSet)';
UPDATE event_publication SET event_type = 'app.extramile.system.SystemEvents$AccountCreated' WHERE event_type = 'app.extramile.system.AccountCreated';
UPDATE event_publication SET listener_id = REPLACE(listener_id, '(app.extramile.system.AccountCreated)', '(app.extramile.system.SystemEvents$AccountCreated)')
  WHERE listener_id LIKE '%(app.extramile.system.AccountCreated)';
UPDATE event_publication SET event_type = 'app.extramile.community.CommunityEvents$CharityTakingsRecorded' WHERE event_type = 'app.extramile.community.CharityTakingsRecorded';
UPDATE event_publication SET listener_id = REPLACE(listener_id, '(app.extramile.community.CharityTakingsRecorded)', '(app.extramile.community.CommunityEvents$CharityTakingsRecorded)')
  WHERE listener_id LIKE '%(app.extramile.community.CharityTakingsRecorded)';
UPDATE event_publication SET event_type = 'app.extramile.recognition.RecognitionEvents$ColleagueThanked' WHERE event_type = 'app.extramile.recognition.ColleagueThanked';
UPDATE event_publication SET listener_id = REPLACE(listener_id, '(app.extramile.recognition.ColleagueThanked)', '(app.extramile.recognition.RecognitionEvents$ColleagueThanked)')
  WHERE listener_id LIKE '%(app.extramile.recognition.ColleagueThanked)';
UPDATE event_publication SET event_type = 'app.extramile.ledger.LedgerEvents$GiftGiven' WHERE event_type = 'app.extramile.ledger.GiftGiven';
UPDATE event_publication SET listener_id = REPLACE(listener_id, '(app.extramile.ledger.GiftGiven)', '(app.extramile.ledger.LedgerEvents$GiftGiven)')
  WHERE listener_id LIKE '%(app.extramile.ledger.GiftGiven)';

-- Who's missing's listeners moved when AbsenceWatch was split: the list clears an absence on
-- a visit (WhosMissing), the sweep relearns after a till import (AbsenceSweep).
UPDATE event_publication SET listener_id = 'app.extramile.absences.WhosMissing.on(app.extramile.visits.VisitEvents$VisitRecorded)'
  WHERE listener_id = 'app.extramile.absences.AbsenceWatch.on(app.extramile.visits.VisitEvents$VisitRecorded)';
UPDATE event_publication SET listener_id = 'app.extramile.absences.AbsenceSweep.on(app.extramile.visits.VisitEvents$VisitsImported)'
  WHERE listener_id = 'app.extramile.absences.AbsenceWatch.on(app.extramile.visits.VisitEvents$VisitsImported)';
