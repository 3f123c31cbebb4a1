-- Self-tape requests: a hirer asks applicants of a role for a tape by a deadline; the talent
-- records or uploads one; the request moves pending -> submitted -> viewed.
CREATE TABLE self_tape_requests (
    id             uuid PRIMARY KEY,
    application_id uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    requested_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    instructions   text NOT NULL CHECK (length(instructions) BETWEEN 1 AND 4000),
    -- The scenes to perform (a PDF the hirer uploaded), optional.
    sides_asset_id uuid REFERENCES media_assets (id) ON DELETE SET NULL,
    deadline       timestamptz NOT NULL,
    status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'submitted', 'viewed')),
    tape_asset_id  uuid REFERENCES media_assets (id) ON DELETE SET NULL,
    reminded_at    timestamptz,
    submitted_at   timestamptz,
    viewed_at      timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now()
);
-- One open request per application at a time.
CREATE UNIQUE INDEX self_tape_requests_open_idx ON self_tape_requests (application_id) WHERE status = 'pending';
CREATE INDEX self_tape_requests_application_idx ON self_tape_requests (application_id, created_at DESC);
CREATE INDEX self_tape_requests_due_idx ON self_tape_requests (deadline) WHERE status = 'pending' AND reminded_at IS NULL;
ALTER TABLE media_assets ADD CONSTRAINT media_assets_self_tape_request_fk
    FOREIGN KEY (self_tape_request_id) REFERENCES self_tape_requests (id) ON DELETE SET NULL;
