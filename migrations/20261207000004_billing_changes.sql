-- A change worth less than what is left of the period paid for (a yearly subscriber moving to
-- monthly) waits for the period's end: the renewal then charges the new plan and interval.
ALTER TABLE subscriptions
    ADD COLUMN next_plan_id text REFERENCES plans (id),
    ADD COLUMN next_interval text CHECK (next_interval IN ('month', 'year')),
    ADD CONSTRAINT subscriptions_next_change CHECK ((next_plan_id IS NULL) = (next_interval IS NULL));
