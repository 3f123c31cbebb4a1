-- Search hardening: which database a node's index belongs to, where saved-search alerts are in
-- the change feed, and the search log rolled up into daily counts after 90 days.

-- One random id per database, keyed by the database's oid: a copy made with CREATE DATABASE
-- ... TEMPLATE (or restored elsewhere) has another oid and so gets an id of its own, where a
-- row written here by the migration would have been copied along. Written on first use.
CREATE TABLE database_identity (
    database_oid oid PRIMARY KEY,
    id           uuid NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- How far each alert frequency has read the change feed (a pg_snapshot as text): each tick
-- matches only what was committed since against the saved searches, then moves the cursor in
-- the same transaction as the alerts it sent.
CREATE TABLE search_alert_cursors (
    frequency  text PRIMARY KEY CHECK (frequency IN ('instant', 'daily')),
    snapshot   text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO search_alert_cursors (frequency, snapshot)
    SELECT f, pg_current_snapshot()::text FROM unnest(ARRAY['instant', 'daily']) AS f;

-- A talent signing in re-ranks their profile (a change row) without changing what it says:
-- such rows keep the indexes current but are not news for saved searches.
ALTER TABLE search_changes ADD COLUMN activity boolean NOT NULL DEFAULT false;
CREATE OR REPLACE FUNCTION search_user_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_changes (kind, entity_id, activity)
        SELECT 'talent', id, true FROM talent_profiles WHERE user_id = NEW.id;
    RETURN NULL;
END $$;

-- Searches older than 90 days, counted per day and normalized query (who searched is not kept).
CREATE TABLE search_execution_days (
    day          date NOT NULL,
    target       text NOT NULL CHECK (target IN ('calls', 'talents')),
    normalized   text NOT NULL,
    searches     bigint NOT NULL,
    zero_results bigint NOT NULL,
    result_sum   bigint NOT NULL,
    PRIMARY KEY (day, target, normalized)
);
