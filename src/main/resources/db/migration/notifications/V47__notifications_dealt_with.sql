-- In-app notices stay until the person deals with them: opens them or dismisses them.
ALTER TABLE notification ADD COLUMN dealt_with_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX notification_in_app_open ON notification (recipient_account_id, channel, dealt_with_at);
