-- A provider's name is unique within its shop, no longer on the whole installation: two shops may each work with a
-- partner called "careline". The intake finds the providers of the name given and tells them apart by whose secret
-- signed the request.
ALTER TABLE alarm_provider DROP CONSTRAINT alarm_provider_name;
ALTER TABLE alarm_provider ADD CONSTRAINT alarm_provider_name UNIQUE (shop_id, name);
CREATE INDEX alarm_provider_by_name ON alarm_provider (name);
