-- Billing, part one: the plans (data, seeded here) and the subscriptions that put an account on
-- one. Prices are VAT-inclusive integer halalas with the VAT inside them stored beside them.

CREATE TABLE plans (
    id                     text PRIMARY KEY CHECK (id IN ('talent_free', 'talent_pro', 'hirer_starter', 'hirer_studio')),
    audience               text NOT NULL CHECK (audience IN ('talent', 'hirer')),
    position               integer NOT NULL,
    name_ar                text NOT NULL,
    name_en                text NOT NULL,
    currency               text NOT NULL DEFAULT 'SAR' CHECK (currency = 'SAR'),
    monthly_halalas        bigint NOT NULL CHECK (monthly_halalas >= 0),
    monthly_vat_halalas    bigint NOT NULL,
    yearly_halalas         bigint NOT NULL CHECK (yearly_halalas >= 0),
    yearly_vat_halalas     bigint NOT NULL,
    trial_days             integer NOT NULL DEFAULT 0 CHECK (trial_days >= 0),
    -- What the plan allows; NULL limits are unlimited.
    applications_per_month integer CHECK (applications_per_month >= 0),
    photos                 integer CHECK (photos >= 0),
    reels                  boolean NOT NULL,
    search_boost           boolean NOT NULL,
    open_calls             integer CHECK (open_calls >= 0),
    talent_search          boolean NOT NULL,
    self_tape_requests     boolean NOT NULL,
    bulk_messages          boolean NOT NULL,
    team_seats             integer CHECK (team_seats >= 1),
    active                 boolean NOT NULL DEFAULT true,
    -- VAT 15% inside the price: net = round(gross / 1.15), VAT = gross - net.
    CONSTRAINT plans_monthly_vat CHECK (monthly_vat_halalas = monthly_halalas - round(monthly_halalas * 100 / 115.0)),
    CONSTRAINT plans_yearly_vat CHECK (yearly_vat_halalas = yearly_halalas - round(yearly_halalas * 100 / 115.0))
);

INSERT INTO plans (id, audience, position, name_ar, name_en, monthly_halalas, monthly_vat_halalas, yearly_halalas, yearly_vat_halalas, trial_days,
                   applications_per_month, photos, reels, search_boost, open_calls, talent_search, self_tape_requests,
                   bulk_messages, team_seats)
VALUES
    ('talent_free',   'talent', 1, 'الموهبة المجانية', 'Talent Free',      0,     0,       0,      0, 0, 5,    3,    false, false, NULL, false, false, false, NULL),
    ('talent_pro',    'talent', 2, 'الموهبة الاحترافية', 'Talent Pro',   4900,   639,   49000,   6391, 7, NULL, NULL, true,  true,  NULL, false, false, false, NULL),
    ('hirer_starter', 'hirer',  1, 'البداية لجهات التوظيف', 'Hirer Starter',      0,     0,       0,      0, 0, NULL, NULL, true,  false, 1,    false, false, false, 1),
    ('hirer_studio',  'hirer',  2, 'الاستوديو', 'Hirer Studio',  99900, 13030,  999000, 130304, 7, NULL, NULL, true,  false, NULL, true,  true,  true,  10);

CREATE TABLE subscriptions (
    id                   uuid PRIMARY KEY,
    -- Talent subscribe for themselves (a guardian for a minor), hirers for their organization.
    user_id              uuid REFERENCES users (id) ON DELETE CASCADE,
    organization_id      uuid REFERENCES organizations (id) ON DELETE CASCADE,
    plan_id              text NOT NULL REFERENCES plans (id),
    billing_interval     text NOT NULL CHECK (billing_interval IN ('month', 'year')),
    status               text NOT NULL CHECK (status IN ('trialing', 'active', 'past_due', 'canceled', 'expired')),
    -- Given by an admin (or the demo data), never charged.
    complimentary        boolean NOT NULL DEFAULT false,
    current_period_start timestamptz NOT NULL,
    current_period_end   timestamptz NOT NULL CHECK (current_period_end > current_period_start),
    cancel_at_period_end boolean NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT subscriptions_one_subject CHECK (num_nonnulls(user_id, organization_id) = 1)
);
-- One live subscription per account or organization.
CREATE UNIQUE INDEX subscriptions_live_user ON subscriptions (user_id) WHERE status IN ('trialing', 'active', 'past_due');
CREATE UNIQUE INDEX subscriptions_live_org ON subscriptions (organization_id) WHERE status IN ('trialing', 'active', 'past_due');

CREATE TABLE subscription_events (
    id              uuid PRIMARY KEY,
    subscription_id uuid NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    from_status     text,
    to_status       text NOT NULL,
    reason          text NOT NULL,
    actor_user_id   uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscription_events_subscription_idx ON subscription_events (subscription_id, created_at);

-- The monthly application gate counts a talent's applications by creation time.
CREATE INDEX IF NOT EXISTS applications_talent_created_idx ON applications (talent_profile_id, created_at);
