-- The Digital Twin: sources the admins register, every document or message fetched from them
-- (an ingestion item), and the casting calls extracted from those items waiting in the
-- validation queue (candidates). Only an approved candidate becomes a public casting call.

CREATE TABLE ingestion_sources (
    id                uuid PRIMARY KEY,
    kind              text NOT NULL CHECK (kind IN ('web', 'whatsapp')),
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    -- WEB: the page to fetch. WHATSAPP: the group chat id (`...@g.us`).
    url               text,
    group_id          text,
    is_active         boolean NOT NULL DEFAULT true,
    -- A cron expression; NULL means the kind's default schedule (web every 4 h, WhatsApp 15 min).
    schedule          text,
    -- Conditional GET: what the page said last time, so an unchanged page costs nothing.
    etag              text,
    last_modified     text,
    -- When a fetch was last queued (by its schedule or "run now"): the schedule counts from it.
    last_queued_at    timestamptz,
    last_processed_at timestamptz,
    last_error        text,
    last_error_at     timestamptz,
    created_by        uuid REFERENCES users (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ingestion_sources_target CHECK (
        (kind = 'web' AND url IS NOT NULL AND group_id IS NULL) OR
        (kind = 'whatsapp' AND group_id IS NOT NULL AND url IS NULL))
);
CREATE UNIQUE INDEX ingestion_sources_url_key ON ingestion_sources (url) WHERE url IS NOT NULL;
CREATE UNIQUE INDEX ingestion_sources_group_key ON ingestion_sources (group_id) WHERE group_id IS NOT NULL;

-- One fetched post. `external_id` makes every way in idempotent: a Whapi message id, a hash
-- of an exported message, or the page URL with the post's hash.
CREATE TABLE ingestion_items (
    id           uuid PRIMARY KEY,
    source_id    uuid NOT NULL REFERENCES ingestion_sources (id) ON DELETE CASCADE,
    external_id  text NOT NULL,
    sender       text,
    posted_at    timestamptz,
    text         text NOT NULL,
    source_url   text,
    status       text NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued', 'filtered', 'not_casting', 'candidate', 'duplicate', 'failed')),
    attempts     integer NOT NULL DEFAULT 0,
    last_error   text,
    -- Which extractor answered (`rules`, `openai`, or `rules` after a failed `openai`).
    extractor    text,
    extractor_note text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    processed_at timestamptz,
    UNIQUE (source_id, external_id)
);
CREATE INDEX ingestion_items_source_idx ON ingestion_items (source_id, created_at DESC);
CREATE INDEX ingestion_items_failed_idx ON ingestion_items (created_at DESC) WHERE status = 'failed';

CREATE TABLE ingestion_candidates (
    id              uuid PRIMARY KEY,
    item_id         uuid NOT NULL UNIQUE REFERENCES ingestion_items (id) ON DELETE CASCADE,
    source_id       uuid NOT NULL REFERENCES ingestion_sources (id) ON DELETE CASCADE,
    status          text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'approved', 'rejected', 'merged')),
    extraction      jsonb NOT NULL,
    -- Duplicate detection over the normalized text: exact hash and a 64-bit SimHash.
    content_hash    text NOT NULL,
    simhash         bigint NOT NULL,
    -- A near-duplicate found when it arrived: a suggestion for the admin, never applied alone.
    similar_to      uuid REFERENCES ingestion_candidates (id) ON DELETE SET NULL,
    similarity      real,
    -- Reposts folded into this one (exact duplicates).
    repost_count    integer NOT NULL DEFAULT 0,
    casting_call_id uuid REFERENCES casting_calls (id) ON DELETE SET NULL,
    decided_by      uuid REFERENCES users (id),
    decided_at      timestamptz,
    reject_reason   text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ingestion_candidates_decision CHECK (
        (status = 'pending') = (decided_at IS NULL) AND
        (status <> 'rejected' OR reject_reason IS NOT NULL) AND
        (status NOT IN ('approved', 'merged') OR casting_call_id IS NOT NULL))
);
CREATE INDEX ingestion_candidates_queue_idx ON ingestion_candidates (created_at) WHERE status = 'pending';
CREATE INDEX ingestion_candidates_hash_idx ON ingestion_candidates (content_hash, created_at DESC);
CREATE INDEX ingestion_candidates_recent_idx ON ingestion_candidates (created_at DESC);

ALTER TABLE ingestion_items ADD COLUMN duplicate_of uuid REFERENCES ingestion_candidates (id) ON DELETE SET NULL;

-- An approved aggregated call shows a personal phone number only when the admin said so.
ALTER TABLE casting_calls ADD COLUMN show_contact_phone boolean NOT NULL DEFAULT false;
