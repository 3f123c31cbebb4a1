-- Media: headshots, reels, self-tapes and attachments. The objects live in S3 under keys made of
-- the asset's id only; this table is what is known about them, and its events are their history.

CREATE TABLE media_assets (
    id              uuid PRIMARY KEY,
    -- Whose the asset is (the talent; a hirer for the sides of a self-tape request).
    owner_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose         text NOT NULL CHECK (purpose IN ('headshot', 'gallery', 'showreel', 'voice_reel', 'self_tape', 'attachment', 'sides')),
    -- 'profile' follows the profile's visibility; 'private' is for the owner (and where it is sent).
    visibility      text NOT NULL DEFAULT 'profile' CHECK (visibility IN ('profile', 'private')),
    format          text NOT NULL,
    -- The name the file had on the person's device, shown to them only; never part of a key.
    filename        text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
    declared_size   bigint NOT NULL CHECK (declared_size > 0),
    size_bytes      bigint,
    status          text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'uploaded', 'scanning', 'unscanned', 'processing', 'ready', 'rejected', 'error')),
    -- The S3 multipart upload in progress (videos), until it completes.
    upload_id       text,
    part_size       bigint,
    position        integer NOT NULL DEFAULT 0,
    is_primary      boolean NOT NULL DEFAULT false,
    width           integer,
    height          integer,
    duration_s      double precision,
    -- 64-bit perceptual hash of a photo.
    phash           bytea,
    -- Rendition name -> object key.
    renditions      jsonb NOT NULL DEFAULT '{}',
    hls             boolean NOT NULL DEFAULT false,
    progress        smallint CHECK (progress BETWEEN 0 AND 100),
    -- Why it was refused or failed: a message key shown to the owner.
    reason          text,
    -- Sent with this application (a self-tape or an attachment).
    application_id  uuid REFERENCES applications (id) ON DELETE CASCADE,
    self_tape_request_id uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT media_primary_is_headshot CHECK (NOT is_primary OR purpose = 'headshot')
);
CREATE INDEX media_assets_owner_idx ON media_assets (owner_id, purpose, position);
CREATE UNIQUE INDEX media_assets_one_primary ON media_assets (owner_id) WHERE is_primary;
CREATE INDEX media_assets_application_idx ON media_assets (application_id) WHERE application_id IS NOT NULL;
CREATE INDEX media_assets_phash_idx ON media_assets (owner_id) WHERE phash IS NOT NULL;
CREATE INDEX media_assets_unscanned_idx ON media_assets (updated_at) WHERE status IN ('unscanned', 'pending');

CREATE TABLE media_asset_events (
    id          bigserial PRIMARY KEY,
    asset_id    uuid NOT NULL REFERENCES media_assets (id) ON DELETE CASCADE,
    from_status text,
    to_status   text NOT NULL,
    note        text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX media_asset_events_asset_idx ON media_asset_events (asset_id, id);

-- A photo close to another account's photo: a possible stolen photo, for an administrator.
CREATE TABLE media_similar_photos (
    asset_id    uuid NOT NULL REFERENCES media_assets (id) ON DELETE CASCADE,
    similar_id  uuid NOT NULL REFERENCES media_assets (id) ON DELETE CASCADE,
    distance    integer NOT NULL,
    status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'removed')),
    decided_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    decided_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (asset_id, similar_id)
);
CREATE INDEX media_similar_open_idx ON media_similar_photos (created_at) WHERE status = 'open';

-- A transcode callback delivered once (its id), whatever the number of retries.
CREATE TABLE media_transcode_callbacks (
    id          text PRIMARY KEY,
    asset_id    uuid NOT NULL REFERENCES media_assets (id) ON DELETE CASCADE,
    received_at timestamptz NOT NULL DEFAULT now()
);

-- When a call closed: self-tapes and attachments of its applications are kept 180 days after.
ALTER TABLE casting_calls ADD COLUMN closed_at timestamptz;
UPDATE casting_calls SET closed_at = updated_at WHERE status = 'closed';
CREATE FUNCTION casting_calls_closed_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'closed' AND OLD.status IS DISTINCT FROM 'closed' THEN
        NEW.closed_at := now();
    ELSIF NEW.status <> 'closed' THEN
        NEW.closed_at := NULL;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER casting_calls_closed_at BEFORE UPDATE OF status ON casting_calls
    FOR EACH ROW EXECUTE FUNCTION casting_calls_closed_at();
CREATE INDEX casting_calls_closed_idx ON casting_calls (closed_at) WHERE status = 'closed';
