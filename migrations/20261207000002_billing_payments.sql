-- Billing, part two: checkouts paid through the gateway, the gateway's events as they came,
-- and the simplified tax invoices (and credit notes) each payment issues.

CREATE TABLE checkouts (
    id                      uuid PRIMARY KEY,
    -- Who pays, and whose plan it buys (the payer's own, or their organization's).
    payer_user_id           uuid REFERENCES users (id) ON DELETE SET NULL,
    subject_user_id         uuid REFERENCES users (id) ON DELETE CASCADE,
    subject_organization_id uuid REFERENCES organizations (id) ON DELETE CASCADE,
    plan_id                 text NOT NULL REFERENCES plans (id),
    billing_interval        text NOT NULL CHECK (billing_interval IN ('month', 'year')),
    kind                    text NOT NULL CHECK (kind IN ('new', 'upgrade', 'renewal')),
    amount_halalas          bigint NOT NULL CHECK (amount_halalas >= 100),
    vat_halalas             bigint NOT NULL CHECK (vat_halalas >= 0 AND vat_halalas < amount_halalas),
    currency                text NOT NULL DEFAULT 'SAR' CHECK (currency = 'SAR'),
    status                  text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'failed', 'expired')),
    locale                  text NOT NULL DEFAULT 'ar',
    gateway_invoice_id      text UNIQUE,
    gateway_payment_id      text UNIQUE,
    checkout_url            text,
    failure                 text,
    created_at              timestamptz NOT NULL DEFAULT now(),
    paid_at                 timestamptz,
    CONSTRAINT checkouts_one_subject CHECK (num_nonnulls(subject_user_id, subject_organization_id) = 1)
);
CREATE INDEX checkouts_payer_idx ON checkouts (payer_user_id, created_at DESC);

-- Every event the gateway posted, kept as it came; a replay of the same id changes nothing.
CREATE TABLE gateway_events (
    id           text PRIMARY KEY,
    kind         text NOT NULL,
    payment_id   text,
    body         jsonb NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    processed_at timestamptz,
    -- settled, already_settled, ignored, unmatched (kept to be reconciled), refused.
    outcome      text
);
CREATE INDEX gateway_events_unprocessed_idx ON gateway_events (received_at) WHERE processed_at IS NULL;

-- Invoice numbers: one counter per series, moved in the paying transaction, so a number is
-- never skipped (a rolled back payment gives its number back).
CREATE TABLE invoice_counters (
    series text PRIMARY KEY,
    last   bigint NOT NULL DEFAULT 0
);
INSERT INTO invoice_counters (series) VALUES ('invoice'), ('credit_note');

CREATE TABLE tax_invoices (
    id                uuid PRIMARY KEY,
    kind              text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    number            bigint NOT NULL,
    -- A credit note refers to the invoice it corrects.
    refers_to         uuid REFERENCES tax_invoices (id),
    checkout_id       uuid REFERENCES checkouts (id),
    gateway_payment_id text,
    buyer_user_id     uuid REFERENCES users (id) ON DELETE SET NULL,
    buyer_name        text NOT NULL,
    seller_name_ar    text NOT NULL,
    seller_name_en    text NOT NULL,
    seller_vat_number text NOT NULL,
    issued_at         timestamptz NOT NULL,
    -- [{description_ar, description_en, quantity, net, vat, total}], halalas.
    lines             jsonb NOT NULL,
    net_halalas       bigint NOT NULL,
    vat_halalas       bigint NOT NULL,
    total_halalas     bigint NOT NULL CHECK (total_halalas = net_halalas + vat_halalas),
    currency          text NOT NULL DEFAULT 'SAR',
    qr                text NOT NULL,
    UNIQUE (kind, number)
);
CREATE INDEX tax_invoices_buyer_idx ON tax_invoices (buyer_user_id, issued_at DESC);
-- One invoice per payment.
CREATE UNIQUE INDEX tax_invoices_payment_idx ON tax_invoices (gateway_payment_id) WHERE kind = 'invoice';

-- The card a subscription renews with (the gateway's token; the brand and last four to show).
ALTER TABLE subscriptions
    ADD COLUMN card_token   text,
    ADD COLUMN card_brand   text,
    ADD COLUMN card_last4   text;

-- Once per account: the free trial.
CREATE TABLE trials_used (
    subject_id uuid PRIMARY KEY,
    plan_id    text NOT NULL REFERENCES plans (id),
    used_at    timestamptz NOT NULL DEFAULT now()
);

-- The sandbox gateway's own records (offline default only): invoices and payments as JSON.
CREATE TABLE sandbox_gateway_objects (
    id         text PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('invoice', 'payment', 'token')),
    body       jsonb NOT NULL,
    given_id   text UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
