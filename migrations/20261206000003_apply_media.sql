-- Applying with chosen media: what a role asks every applicant for, and the profile files an
-- application was sent with (the hiring organization sees those, whatever the profile shows).
ALTER TABLE casting_roles ADD COLUMN required_media text[] NOT NULL DEFAULT '{}'
    CONSTRAINT casting_roles_required_media_known CHECK (required_media <@ ARRAY['headshot', 'showreel', 'self_tape']::text[]);
CREATE TABLE application_media (
    application_id uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    asset_id       uuid NOT NULL REFERENCES media_assets (id) ON DELETE CASCADE,
    position       integer NOT NULL,
    PRIMARY KEY (application_id, asset_id)
);
CREATE INDEX application_media_asset_idx ON application_media (asset_id);
