-- Search: the change feed every node's index follows, saved searches with their alerts, and
-- what people searched for.

-- One row per change to something searchable, written by triggers in the changing transaction
-- itself, so no change can be committed without its row. `txid` lets a node read exactly the
-- rows committed since its last snapshot, whatever order their ids were drawn in.
CREATE TABLE search_changes (
    id         bigserial PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('talent', 'call')),
    entity_id  uuid NOT NULL,
    txid       xid8 NOT NULL DEFAULT pg_current_xact_id(),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX search_changes_txid_idx ON search_changes (txid);
CREATE INDEX search_changes_created_idx ON search_changes (created_at);

CREATE FUNCTION search_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    row_data record;
    entity   uuid;
BEGIN
    IF TG_OP = 'DELETE' THEN row_data := OLD; ELSE row_data := NEW; END IF;
    -- The column naming the entity differs by table; read it by name.
    entity := (to_jsonb(row_data) ->> TG_ARGV[1])::uuid;
    INSERT INTO search_changes (kind, entity_id) VALUES (TG_ARGV[0], entity);
    PERFORM pg_notify('search_changes', '');
    RETURN NULL;
END $$;

CREATE TRIGGER talent_profiles_search AFTER INSERT OR UPDATE OR DELETE ON talent_profiles
    FOR EACH ROW EXECUTE FUNCTION search_change('talent', 'id');
CREATE TRIGGER talent_languages_search AFTER INSERT OR UPDATE OR DELETE ON talent_languages
    FOR EACH ROW EXECUTE FUNCTION search_change('talent', 'talent_profile_id');
CREATE TRIGGER talent_credits_search AFTER INSERT OR UPDATE OR DELETE ON talent_credits
    FOR EACH ROW EXECUTE FUNCTION search_change('talent', 'talent_profile_id');
CREATE TRIGGER casting_calls_search AFTER INSERT OR UPDATE OR DELETE ON casting_calls
    FOR EACH ROW EXECUTE FUNCTION search_change('call', 'id');
CREATE TRIGGER casting_roles_search AFTER INSERT OR UPDATE OR DELETE ON casting_roles
    FOR EACH ROW EXECUTE FUNCTION search_change('call', 'casting_call_id');

-- A talent's activity (signing in) ranks their profile.
CREATE FUNCTION search_user_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_changes (kind, entity_id)
        SELECT 'talent', id FROM talent_profiles WHERE user_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER users_search AFTER UPDATE OF last_login_at ON users
    FOR EACH ROW WHEN (OLD.last_login_at IS DISTINCT FROM NEW.last_login_at)
    EXECUTE FUNCTION search_user_activity();

CREATE TABLE saved_searches (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    target       text NOT NULL CHECK (target IN ('calls', 'talents')),
    query        text NOT NULL DEFAULT '',
    filters      jsonb NOT NULL DEFAULT '{}'::jsonb,
    frequency    text NOT NULL CHECK (frequency IN ('instant', 'daily')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_run_at  timestamptz
);
CREATE INDEX saved_searches_user_idx ON saved_searches (user_id, created_at DESC);

-- Every item an alert has told about: at most once each, whatever reruns.
CREATE TABLE saved_search_hits (
    saved_search_id uuid NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
    entity_id       text NOT NULL,
    notified_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (saved_search_id, entity_id)
);

CREATE TABLE search_executions (
    id           bigserial PRIMARY KEY,
    user_id      uuid REFERENCES users (id) ON DELETE SET NULL,
    target       text NOT NULL CHECK (target IN ('calls', 'talents')),
    query        text NOT NULL,
    -- The query as matched (normalized), so spellings of one search count together.
    normalized   text NOT NULL,
    filters      jsonb NOT NULL DEFAULT '{}'::jsonb,
    result_count integer NOT NULL,
    took_us      integer NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX search_executions_created_idx ON search_executions (created_at DESC);
CREATE INDEX search_executions_user_idx ON search_executions (user_id, created_at DESC) WHERE user_id IS NOT NULL;
