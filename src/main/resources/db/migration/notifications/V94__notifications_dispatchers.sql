-- Each running dispatcher (one per app instance) beats here every second. A text or email claimed by a dispatcher
-- whose beat has stopped was cut off by that instance's death: another instance releases it within seconds,
-- instead of after the claim timeout. Not shop data: one row per running instance.
CREATE TABLE notification_dispatcher (
    worker  VARCHAR(100) PRIMARY KEY,
    beat_at TIMESTAMP WITH TIME ZONE NOT NULL
);
