-- Billing, part three: renewals charged from the saved card, once per subscription and period
-- (the key the gateway dedupes on is stored before the first try), retried on days 1, 3 and 7.

ALTER TABLE subscriptions ADD COLUMN payer_user_id uuid REFERENCES users (id) ON DELETE SET NULL;

CREATE TABLE renewals (
    id                 uuid PRIMARY KEY,
    subscription_id    uuid NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    -- The period this charge pays for starts when the one before it ends.
    period_start       timestamptz NOT NULL,
    -- The gateway's idempotency key (`given_id`): every try of this period sends the same.
    given_id           uuid NOT NULL UNIQUE,
    amount_halalas     bigint NOT NULL CHECK (amount_halalas >= 100),
    status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'failed')),
    attempts           integer NOT NULL DEFAULT 0,
    next_attempt_at    timestamptz,
    gateway_payment_id text,
    failure            text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (subscription_id, period_start)
);
CREATE INDEX renewals_due_idx ON renewals (next_attempt_at) WHERE status = 'pending';
CREATE INDEX subscriptions_period_end_idx ON subscriptions (current_period_end) WHERE status IN ('trialing', 'active', 'past_due');
