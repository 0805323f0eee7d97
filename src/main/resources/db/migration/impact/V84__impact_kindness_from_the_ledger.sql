-- Certificates issued and pay-it-forward given out are no longer copied into impact_fact by listeners: the impact
-- page asks the ledger for them when it is read (KindnessTotals), so they always agree with it. The copies made so
-- far would now count twice; the made-up history of the demo village (demo = TRUE) has no ledger rows and stays.
DELETE FROM impact_fact WHERE kind IN ('GIFT_CERTIFICATE_ISSUED', 'PAY_IT_FORWARD_GIVEN') AND demo = FALSE;
