-- A change worth less than what is left of the period paid for (a yearly subscriber moving to
-- monthly) waits for the period's end: the renewal then charges the new plan and interval.
ALTER TABLE subscriptions
    ADD COLUMN next_plan_id text REFERENCES plans (id),
    ADD COLUMN next_interval text CHECK (next_interval IN ('month', 'year')),
    ADD CONSTRAINT subscriptions_next_change CHECK ((next_plan_id IS NULL) = (next_interval IS NULL));

-- Revenue by plan: each invoice names the plan it was for (a credit note its invoice's plan).
ALTER TABLE tax_invoices ADD COLUMN plan_id text REFERENCES plans (id);
UPDATE tax_invoices t SET plan_id = c.plan_id FROM checkouts c WHERE c.id = t.checkout_id;
UPDATE tax_invoices t SET plan_id = s.plan_id
  FROM renewals r JOIN subscriptions s ON s.id = r.subscription_id
  WHERE t.plan_id IS NULL AND r.gateway_payment_id = t.gateway_payment_id;
UPDATE tax_invoices t SET plan_id = i.plan_id FROM tax_invoices i WHERE t.kind = 'credit_note' AND i.id = t.refers_to;
CREATE INDEX tax_invoices_issued_idx ON tax_invoices (issued_at);
