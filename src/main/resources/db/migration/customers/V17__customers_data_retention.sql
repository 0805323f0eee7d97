-- How long each shop keeps what it no longer needs (UK GDPR storage limitation), in days; NULL keeps it for good.
-- The nightly retention task (durable, cluster-safe) removes what is older, in small batches.
CREATE TABLE data_retention (
    shop_id              UUID PRIMARY KEY,
    visits_days          INT,
    closed_checks_days   INT,
    alarm_details_days   INT,
    access_log_days      INT,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by           UUID
);
