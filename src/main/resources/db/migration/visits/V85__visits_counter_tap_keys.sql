-- A tap at the counter sent with the key the browser made when it was tapped (a tap kept while the line was down,
-- sent again after a lost answer, or from two tabs): the first one records the visit, every later one with the same
-- key answers with that visit and records nothing. Keys are kept a week, then purged; no customer data here.
CREATE TABLE counter_tap (
    shop_id     UUID                     NOT NULL,
    tap_key     UUID                     NOT NULL,
    visit_id    UUID                     NOT NULL,
    seen_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT counter_tap_once PRIMARY KEY (shop_id, tap_key)
);
CREATE INDEX counter_tap_by_age ON counter_tap (created_at);
