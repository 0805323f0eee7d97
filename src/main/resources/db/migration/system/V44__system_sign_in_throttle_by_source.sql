-- Failed sign-ins are counted per username and source address together (and per address across names, and wrong
-- API tokens per address), so the key is longer than a username: "<name> <address>".
ALTER TABLE login_throttle ALTER COLUMN username SET DATA TYPE VARCHAR(200);
DELETE FROM login_throttle;
