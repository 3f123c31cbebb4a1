-- Foundation schema: accounts, sessions, organizations, talent (basic), casting calls with
-- roles, audit events, rate limits. Enumerations are text with CHECK constraints so the
-- domain's enums and the database agree on one spelling each.

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    email         text NOT NULL,
    password_hash text NOT NULL,
    role          text NOT NULL CHECK (role IN ('talent', 'hirer', 'admin')),
    display_name  text NOT NULL,
    locale        text NOT NULL DEFAULT 'ar' CHECK (locale IN ('ar', 'en')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz,
    -- Nafath (identity) fields from the spec; filled by the identity issue.
    nafath_verified    boolean NOT NULL DEFAULT false,
    nafath_verified_at timestamptz,
    nafath_expires_at  timestamptz,
    CONSTRAINT users_email_lowercase CHECK (email = lower(email))
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- tower-sessions' records, stored by the domain's PgSessionStore.
CREATE TABLE sessions (
    id          text PRIMARY KEY,
    data        jsonb NOT NULL,
    expiry_date timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry_date);

CREATE TABLE organizations (
    id         uuid PRIMARY KEY,
    name_ar    text,
    name_en    text,
    kind       text NOT NULL DEFAULT 'production_company'
               CHECK (kind IN ('production_company', 'agency', 'brand', 'individual')),
    city       text,
    verified   boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organizations_named CHECK (coalesce(name_ar, name_en) IS NOT NULL)
);

CREATE TABLE organization_members (
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    member_role     text NOT NULL DEFAULT 'owner' CHECK (member_role IN ('owner', 'member')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX organization_members_user_idx ON organization_members (user_id);

CREATE TABLE talent_profiles (
    id               uuid PRIMARY KEY,
    user_id          uuid NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    stage_name       text NOT NULL,
    city             text,
    guardian_user_id uuid REFERENCES users (id),
    verified         boolean NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE casting_calls (
    id              uuid PRIMARY KEY,
    organization_id uuid REFERENCES organizations (id),
    created_by      uuid REFERENCES users (id),
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description     text NOT NULL,
    -- The company as shown; for aggregated calls with no organization on TakeOne.
    company         text,
    city            text NOT NULL,
    project_type    text NOT NULL CHECK (project_type IN ('feature_film', 'tv_series', 'commercial',
                    'theatre', 'music_video', 'short_film', 'documentary', 'digital_content')),
    language        text NOT NULL DEFAULT 'ar' CHECK (language IN ('ar', 'en')),
    requirements    text,
    deadline        timestamptz,
    shoot_starts_on date,
    shoot_ends_on   date,
    contact_info    text,
    status          text NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'pending_review', 'active', 'closed', 'rejected')),
    source_url      text,
    content_hash    text UNIQUE,
    is_aggregated   boolean NOT NULL DEFAULT false,
    published_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT casting_calls_shoot_order CHECK (shoot_ends_on IS NULL OR shoot_starts_on IS NULL OR shoot_ends_on >= shoot_starts_on),
    CONSTRAINT casting_calls_owner CHECK (organization_id IS NOT NULL OR is_aggregated)
);
CREATE INDEX casting_calls_public_idx ON casting_calls (status, published_at DESC) WHERE status = 'active';
CREATE INDEX casting_calls_org_idx ON casting_calls (organization_id, updated_at DESC);

CREATE TABLE casting_roles (
    id                   uuid PRIMARY KEY,
    casting_call_id      uuid NOT NULL REFERENCES casting_calls (id) ON DELETE CASCADE,
    position             integer NOT NULL,
    name                 text NOT NULL,
    description          text,
    gender               text NOT NULL CHECK (gender IN ('male', 'female', 'any')),
    age_min              integer NOT NULL CHECK (age_min BETWEEN 0 AND 100),
    age_max              integer NOT NULL CHECK (age_max BETWEEN 0 AND 100),
    is_paid              boolean NOT NULL,
    compensation_halalas bigint CHECK (compensation_halalas > 0),
    CONSTRAINT casting_roles_age_order CHECK (age_min <= age_max),
    CONSTRAINT casting_roles_unpaid_has_no_amount CHECK (is_paid OR compensation_halalas IS NULL),
    UNIQUE (casting_call_id, position)
);
CREATE INDEX casting_roles_call_idx ON casting_roles (casting_call_id);

CREATE TABLE audit_events (
    id            uuid PRIMARY KEY,
    event_type    text NOT NULL,
    actor_user_id uuid REFERENCES users (id),
    target_id     text,
    ip_address    text,
    user_agent    text,
    metadata      jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_type_idx ON audit_events (event_type, created_at DESC);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, created_at DESC);

-- Fixed-window counters shared by every node (login and sign-up limits).
CREATE TABLE rate_limits (
    key          text PRIMARY KEY,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL
);
