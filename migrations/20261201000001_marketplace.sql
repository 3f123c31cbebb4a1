-- Marketplace core: talent profiles and guardians, organizations with members, call review,
-- questions, suspension and expiry, applications with their history, notes, messages,
-- shortlist links, notifications and e-mail deliveries, single-use tokens, reports.

-- Accounts ------------------------------------------------------------------------------
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('talent', 'hirer', 'guardian', 'admin'));
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;

-- Password reset and e-mail verification links. Only a hash of the token is kept.
CREATE TABLE user_tokens (
    id         uuid PRIMARY KEY,
    token_hash bytea NOT NULL UNIQUE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    text NOT NULL CHECK (purpose IN ('password_reset', 'email_verification')),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_tokens_user_idx ON user_tokens (user_id, purpose);

-- Organizations -------------------------------------------------------------------------
ALTER TABLE organizations
    ADD COLUMN website text,
    ADD COLUMN commercial_registration text,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
    ADD CONSTRAINT organizations_cr_format CHECK (commercial_registration IS NULL OR commercial_registration ~ '^[0-9]{10}$');
CREATE UNIQUE INDEX organizations_cr_key ON organizations (commercial_registration) WHERE commercial_registration IS NOT NULL;

CREATE TABLE organization_invitations (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email           text NOT NULL CHECK (email = lower(email)),
    token_hash      bytea NOT NULL UNIQUE,
    invited_by      uuid NOT NULL REFERENCES users (id),
    expires_at      timestamptz NOT NULL,
    accepted_by     uuid REFERENCES users (id),
    accepted_at     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organization_invitations_org_idx ON organization_invitations (organization_id, created_at DESC);

-- Talent --------------------------------------------------------------------------------
ALTER TABLE talent_profiles
    ADD COLUMN legal_name       text,
    ADD COLUMN bio_ar           text,
    ADD COLUMN bio_en           text,
    ADD COLUMN gender           text CHECK (gender IN ('male', 'female')),
    -- Age and "minor" are computed from this; never stored.
    ADD COLUMN date_of_birth    date,
    ADD COLUMN playing_age_min  integer CHECK (playing_age_min BETWEEN 0 AND 100),
    ADD COLUMN playing_age_max  integer CHECK (playing_age_max BETWEEN 0 AND 100),
    ADD COLUMN height_cm        integer CHECK (height_cm BETWEEN 40 AND 250),
    ADD COLUMN nationality      text,
    ADD COLUMN phone            text CHECK (phone ~ '^\+9665[0-9]{8}$'),
    ADD COLUMN dialects         text[] NOT NULL DEFAULT '{}',
    ADD COLUMN skills           text[] NOT NULL DEFAULT '{}',
    ADD COLUMN experience_level text CHECK (experience_level IN ('beginner', 'intermediate', 'professional')),
    ADD COLUMN visibility       text NOT NULL DEFAULT 'hirers' CHECK (visibility IN ('public', 'hirers', 'hidden')),
    ADD COLUMN guardian_linked_at timestamptz,
    ADD CONSTRAINT talent_playing_age_order CHECK (playing_age_min IS NULL OR playing_age_max IS NULL OR playing_age_min <= playing_age_max),
    ADD CONSTRAINT talent_dialects_known CHECK (dialects <@ ARRAY['najdi', 'hijazi', 'khaleeji', 'southern', 'egyptian',
        'levantine', 'iraqi', 'maghrebi', 'msa']::text[]),
    ADD CONSTRAINT talent_guardian_linked CHECK ((guardian_user_id IS NULL) = (guardian_linked_at IS NULL));
CREATE INDEX talent_profiles_guardian_idx ON talent_profiles (guardian_user_id) WHERE guardian_user_id IS NOT NULL;

CREATE TABLE talent_languages (
    talent_profile_id uuid NOT NULL REFERENCES talent_profiles (id) ON DELETE CASCADE,
    position          integer NOT NULL,
    language          text NOT NULL,
    level             text NOT NULL CHECK (level IN ('native', 'fluent', 'conversational', 'basic')),
    PRIMARY KEY (talent_profile_id, language),
    UNIQUE (talent_profile_id, position)
);

CREATE TABLE talent_credits (
    talent_profile_id uuid NOT NULL REFERENCES talent_profiles (id) ON DELETE CASCADE,
    position          integer NOT NULL,
    title             text NOT NULL,
    role_name         text NOT NULL,
    year              integer NOT NULL CHECK (year BETWEEN 1950 AND 2100),
    kind              text NOT NULL,
    PRIMARY KEY (talent_profile_id, position)
);

-- A minor's invitation to a guardian, accepted by the account with that e-mail.
CREATE TABLE guardian_invitations (
    id                uuid PRIMARY KEY,
    talent_profile_id uuid NOT NULL REFERENCES talent_profiles (id) ON DELETE CASCADE,
    email             text NOT NULL CHECK (email = lower(email)),
    token_hash        bytea NOT NULL UNIQUE,
    expires_at        timestamptz NOT NULL,
    accepted_by       uuid REFERENCES users (id),
    accepted_at       timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX guardian_invitations_profile_idx ON guardian_invitations (talent_profile_id, created_at DESC);

-- Casting calls -------------------------------------------------------------------------
ALTER TABLE casting_calls DROP CONSTRAINT casting_calls_status_check;
ALTER TABLE casting_calls
    ADD CONSTRAINT casting_calls_status_check
        CHECK (status IN ('draft', 'pending_review', 'active', 'closed', 'rejected', 'suspended')),
    -- Why a call is closed: its hirer closed it, or its deadline passed.
    ADD COLUMN closed_reason text CHECK (closed_reason IN ('hirer', 'expired')),
    ADD COLUMN review_note text,
    ADD COLUMN reviewed_at timestamptz;
CREATE INDEX casting_calls_deadline_idx ON casting_calls (deadline) WHERE status = 'active';

CREATE TABLE casting_questions (
    casting_call_id uuid NOT NULL REFERENCES casting_calls (id) ON DELETE CASCADE,
    position        integer NOT NULL CHECK (position BETWEEN 0 AND 4),
    prompt          text NOT NULL,
    PRIMARY KEY (casting_call_id, position)
);

-- Applications --------------------------------------------------------------------------
CREATE TABLE applications (
    id                uuid PRIMARY KEY,
    casting_call_id   uuid NOT NULL REFERENCES casting_calls (id),
    -- A role with applications cannot be removed from its call.
    role_id           uuid NOT NULL REFERENCES casting_roles (id) ON DELETE RESTRICT,
    talent_profile_id uuid NOT NULL REFERENCES talent_profiles (id) ON DELETE CASCADE,
    status            text NOT NULL CHECK (status IN ('awaiting_guardian', 'submitted', 'viewed', 'shortlisted',
                      'on_hold', 'booked', 'released', 'rejected', 'withdrawn')),
    cover_note        text,
    answers           jsonb NOT NULL DEFAULT '[]'::jsonb,
    -- Optimistic concurrency: every change names the version it saw.
    version           integer NOT NULL DEFAULT 1,
    -- When the hirer's side could first see it (after the guardian's approval for a minor).
    submitted_at      timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (talent_profile_id, role_id)
);
CREATE INDEX applications_role_idx ON applications (role_id, status, submitted_at DESC);
CREATE INDEX applications_call_idx ON applications (casting_call_id, status);

CREATE TABLE application_status_events (
    id             uuid PRIMARY KEY,
    application_id uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    from_status    text,
    to_status      text NOT NULL,
    actor_user_id  uuid REFERENCES users (id),
    at             timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX application_status_events_app_idx ON application_status_events (application_id, at);

-- Hirers' private notes on an applicant.
CREATE TABLE application_notes (
    id             uuid PRIMARY KEY,
    application_id uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    author_user_id uuid NOT NULL REFERENCES users (id),
    body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    created_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX application_notes_app_idx ON application_notes (application_id, created_at);

-- One thread per application.
CREATE TABLE messages (
    id             uuid PRIMARY KEY,
    application_id uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    sender_user_id uuid NOT NULL REFERENCES users (id),
    body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    created_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX messages_app_idx ON messages (application_id, created_at);

-- Read-only shortlist pages for a director without an account (the link is signed; the row
-- lets the hirer revoke it before it expires).
CREATE TABLE shortlist_links (
    id         uuid PRIMARY KEY,
    role_id    uuid NOT NULL REFERENCES casting_roles (id) ON DELETE CASCADE,
    created_by uuid NOT NULL REFERENCES users (id),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shortlist_links_role_idx ON shortlist_links (role_id, created_at DESC);

-- Notifications -------------------------------------------------------------------------
CREATE TABLE notifications (
    id         uuid PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       text NOT NULL,
    params     jsonb NOT NULL DEFAULT '{}'::jsonb,
    link       text NOT NULL,
    -- One notification per event and recipient, however often the event is reported.
    dedupe_key text NOT NULL UNIQUE,
    read_at    timestamptz,
    -- For events mailed in batches (new applications): when the batch mail took it.
    emailed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_batch_idx ON notifications (kind, user_id) WHERE emailed_at IS NULL;

-- Every e-mail TakeOne sends, written with the event that causes it. A delivery's dedupe key
-- is unique, so one event never becomes two mails.
CREATE TABLE email_deliveries (
    id          uuid PRIMARY KEY,
    dedupe_key  text NOT NULL UNIQUE,
    user_id     uuid REFERENCES users (id) ON DELETE SET NULL,
    to_address  text NOT NULL,
    locale      text NOT NULL CHECK (locale IN ('ar', 'en')),
    kind        text NOT NULL,
    params      jsonb NOT NULL DEFAULT '{}'::jsonb,
    status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts    integer NOT NULL DEFAULT 0,
    last_error  text,
    claimed_at  timestamptz,
    subject     text,
    message_id  text,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    sent_at     timestamptz
);
CREATE INDEX email_deliveries_pending_idx ON email_deliveries (created_at) WHERE status IN ('pending', 'sending');
CREATE INDEX email_deliveries_user_kind_idx ON email_deliveries (user_id, kind, created_at DESC);

-- Reports -------------------------------------------------------------------------------
CREATE TABLE reports (
    id               uuid PRIMARY KEY,
    casting_call_id  uuid NOT NULL REFERENCES casting_calls (id) ON DELETE CASCADE,
    reporter_user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason           text NOT NULL CHECK (reason IN ('asks_payment', 'fake', 'inappropriate', 'expired')),
    details          text NOT NULL,
    status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'actioned')),
    resolved_by      uuid REFERENCES users (id),
    resolved_at      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (casting_call_id, reporter_user_id)
);
CREATE INDEX reports_open_idx ON reports (created_at) WHERE status = 'open';
