//! Paying for a plan: a checkout on the gateway's hosted page, confirmed only by what the server
//! reads back from the gateway (never by the browser's redirect), settled once in one
//! transaction (checkout paid, subscription started, tax invoice numbered), and the gateway's
//! webhooks: authenticated by their secret, stored as they came, idempotent on the event and
//! the payment.

use super::{
    BillingError, CheckoutStatus, Interval, PaymentMethod, PlanId, Subject, SubscriptionStatus,
    invoice::{self, Draft, InvoiceKind, Seller, TaxInvoice},
    moyasar::{Envelope, Gateway, GatewayError, NewInvoice, Payment},
    service::{end_live, event, lock_subject, plan_by_id},
};
use crate::{
    Locale, Msg,
    account::{User, UserRole},
    audit::{self, RequestMeta},
    money::Halalas,
    routes::Page,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::{PgConnection, PgPool, Row};
use std::sync::Arc;
use time::OffsetDateTime;
use uuid::Uuid;

/// Where the money goes and how the gateway reaches back.
#[derive(Clone, Debug)]
pub struct PaymentSettings {
    /// The site's public origin (the return page and callbacks are built on it).
    pub site_url: String,
    /// The webhook's shared secret (`secret_token` in each event).
    pub webhook_secret: String,
    pub seller: Seller,
    /// The origin of the gateway's hosted checkout, where the site's forms send the browser.
    pub checkout_origin: String,
}

/// A checkout as the browser needs it: where to pay, and what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutStart {
    pub checkout_id: Uuid,
    pub url: String,
    pub amount: Halalas,
    pub vat: Halalas,
    pub gateway_invoice_id: String,
}

/// What a person chose: the plan, how often to pay and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub plan: PlanId,
    pub interval: Interval,
    pub method: PaymentMethod,
}

/// What choosing a plan did: a checkout to pay now, or a change that waits for the end of the
/// period already paid for (a downgrade, or a change worth less than what is left).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Started {
    Checkout(CheckoutStart),
    Scheduled { plan: PlanId, interval: Interval, at: OffsetDateTime },
}

/// What settling a payment did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Settled {
    /// Paid now: the subscription started and this invoice was issued.
    Now(Box<TaxInvoice>),
    /// It was settled before (a replay, the other of the webhook and the return page).
    Before,
}

/// What a webhook did, for its answer and the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookOutcome {
    Settled,
    AlreadySettled,
    /// Seen before: nothing done again.
    Replay,
    /// Not (yet) about a checkout of ours: kept to be reconciled.
    Unmatched,
    Failed,
    Ignored,
}

impl WebhookOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookOutcome::Settled => "settled",
            WebhookOutcome::AlreadySettled => "already_settled",
            WebhookOutcome::Replay => "replay",
            WebhookOutcome::Unmatched => "unmatched",
            WebhookOutcome::Failed => "failed",
            WebhookOutcome::Ignored => "ignored",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("not a gateway event: {0}")]
    Malformed(String),
    #[error("the event's secret_token is wrong")]
    Unauthorized,
    #[error(transparent)]
    Gateway(#[from] GatewayError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

#[derive(Clone)]
pub struct Payments {
    pub(super) db: PgPool,
    pub(super) gateway: Arc<dyn Gateway>,
    pub(super) settings: Arc<PaymentSettings>,
}

struct Open {
    payer: Option<Uuid>,
    subject: Subject,
    plan: PlanId,
    interval: Interval,
    amount: i64,
    status: String,
    invoice_id: Option<String>,
}

fn open_from(row: &sqlx::postgres::PgRow) -> Result<Open, sqlx::Error> {
    let plan: String = row.try_get("plan_id")?;
    let interval: String = row.try_get("billing_interval")?;
    let user: Option<Uuid> = row.try_get("subject_user_id")?;
    let org: Option<Uuid> = row.try_get("subject_organization_id")?;
    Ok(Open {
        payer: row.try_get("payer_user_id")?,
        subject: org.map_or(Subject::User(user.unwrap_or_default()), Subject::Organization),
        plan: PlanId::parse(&plan).map_err(|_| sqlx::Error::Decode(format!("plan {plan}").into()))?,
        interval: Interval::parse(&interval).unwrap_or(Interval::Month),
        amount: row.try_get("amount_halalas")?,
        status: row.try_get("status")?,
        invoice_id: row.try_get("gateway_invoice_id")?,
    })
}

use crate::token::same_secret;

impl Payments {
    pub fn new(db: PgPool, gateway: Arc<dyn Gateway>, settings: PaymentSettings) -> Self {
        Self { db, gateway, settings: Arc::new(settings) }
    }

    pub fn seller(&self) -> &Seller {
        &self.settings.seller
    }

    pub fn checkout_origin(&self) -> &str {
        &self.settings.checkout_origin
    }

    /// Opens a checkout for `plan` and asks the gateway for its hosted page. Admins and
    /// guardians are never charged, a minor's plan is their guardian's to choose, and each
    /// account buys its own kind of plan.
    pub async fn start(
        &self,
        user: &User,
        ward_profile: Option<Uuid>,
        choice: Choice,
        lang: Locale,
        meta: &RequestMeta,
    ) -> Result<Started, BillingError> {
        let Choice { plan, interval, method } = choice;
        // A guardian chooses and pays for a ward's plan; the ward's account is what it governs.
        let ward = match ward_profile {
            Some(profile) => Some(super::service::ward_of(&self.db, user, profile).await?),
            None => None,
        };
        let beneficiary = ward.as_ref().unwrap_or(user);
        let Some((subject, audience)) = Subject::of(beneficiary) else {
            return Err(BillingError::Refused(Msg::new("error-billing-never-charged")));
        };
        if plan.audience() != audience {
            return Err(BillingError::Refused(Msg::new("error-billing-plan-audience")));
        }
        if user.role == UserRole::Hirer && matches!(subject, Subject::User(_)) {
            return Err(BillingError::Refused(Msg::new("error-billing-no-organization")));
        }
        if ward.is_none() && super::service::is_minor(&self.db, user).await? {
            return Err(BillingError::Refused(Msg::new("error-billing-guardian-chooses")));
        }
        let mut conn = self.db.acquire().await?;
        let plan_row = plan_by_id(&mut conn, plan).await?;
        let current = super::service::current_of(&mut conn, subject, audience).await?;
        drop(conn);
        let paying = current.subscription.as_ref().filter(|s| s.status != SubscriptionStatus::Trialing && !s.complimentary);
        if plan_row.is_free() {
            // Down to the free plan: the paid one runs to the end of its period, then ends.
            let Some(s) = paying else { return Err(BillingError::Refused(Msg::new("error-billing-free-plan"))) };
            self.set_cancel_at_period_end(user, ward_profile, true).await?;
            return Ok(Started::Scheduled { plan, interval, at: s.period_end });
        }
        if let Some(s) = &current.subscription
            && current.plan.id == plan
            && s.interval == interval
            && s.status == SubscriptionStatus::Active
            && !s.complimentary
        {
            return Err(BillingError::Refused(Msg::new("error-billing-already-on-plan")));
        }
        // From a paid plan: the unused part of its period is credited; a change worth less than
        // that waits for the period's end, when the renewal charges it.
        let (amount, kind) = match &current.subscription {
            Some(s) if s.status == SubscriptionStatus::Active && !s.complimentary => {
                let paid = current.plan.price(s.interval).gross.0;
                let price = plan_row.price(interval).gross.0;
                let now = OffsetDateTime::now_utc();
                match super::subscription::prorated(price, paid, s.period_start, s.period_end, now) {
                    Some(amount) => (Halalas(amount), "upgrade"),
                    None => {
                        self.schedule_change(user, s.id, plan, interval, meta).await?;
                        return Ok(Started::Scheduled { plan, interval, at: s.period_end });
                    }
                }
            }
            _ => (plan_row.price(interval).gross, "new"),
        };
        let vat = super::Price::from_gross(amount).vat;
        let id = Uuid::new_v4();
        let (subject_user, subject_org) = subject.ids();
        sqlx::query(
            "INSERT INTO checkouts (id, payer_user_id, subject_user_id, subject_organization_id, plan_id, billing_interval, kind,
                                    amount_halalas, vat_halalas, locale)
             VALUES ($1, $2, $3, $4, $5, $6, $10, $7, $8, $9)",
        )
        .bind(id)
        .bind(user.id)
        .bind(subject_user)
        .bind(subject_org)
        .bind(plan.as_str())
        .bind(interval.as_str())
        .bind(amount.0)
        .bind(vat.0)
        .bind(lang.code())
        .bind(kind)
        .execute(&self.db)
        .await?;
        let site = self.settings.site_url.trim_end_matches('/');
        let request = NewInvoice {
            amount: amount.0,
            currency: "SAR".into(),
            description: format!("TakeOne — {} ({})", plan_row.name_en, interval.as_str()),
            callback_url: format!("{site}{}{}", crate::routes::api::PREFIX, crate::routes::api::BILLING_INVOICE_CALLBACK),
            success_url: format!("{site}{}", with_checkout(Page::BillingReturn.href(lang), id)),
            back_url: format!("{site}{}", Page::Plans.href(lang)),
            metadata: json!({ "checkout_id": id.to_string(), "plan": plan.as_str(), "interval": interval.as_str(),
                              "method": method.as_str() }),
        };
        let invoice = match self.gateway.create_invoice(&request).await {
            Ok(i) => i,
            Err(e) => {
                tracing::warn!(error = %e, checkout = %id, "the gateway did not open the checkout");
                sqlx::query("UPDATE checkouts SET status = 'failed', failure = $2 WHERE id = $1")
                    .bind(id)
                    .bind(e.to_string())
                    .execute(&self.db)
                    .await?;
                return Err(BillingError::Refused(Msg::new("error-billing-gateway")));
            }
        };
        if invoice.amount != amount.0 || invoice.currency != "SAR" {
            tracing::error!(checkout = %id, amount = invoice.amount, currency = %invoice.currency, "the gateway's invoice does not match the checkout");
            return Err(BillingError::Refused(Msg::new("error-billing-gateway")));
        }
        sqlx::query("UPDATE checkouts SET gateway_invoice_id = $2, checkout_url = $3 WHERE id = $1")
            .bind(id)
            .bind(&invoice.id)
            .bind(&invoice.url)
            .execute(&self.db)
            .await?;
        audit::record(
            &self.db,
            "CheckoutStarted",
            Some(user.id),
            Some(&id.to_string()),
            meta,
            json!({ "plan": plan.as_str(), "interval": interval.as_str(), "amount": amount.0 }),
        )
        .await?;
        Ok(Started::Checkout(CheckoutStart { checkout_id: id, url: invoice.url, amount, vat, gateway_invoice_id: invoice.id }))
    }

    /// Records a change for the end of the period: the renewal charges the new plan and
    /// interval then. It replaces a cancellation asked for earlier (the account stays a payer).
    async fn schedule_change(
        &self,
        user: &User,
        subscription: Uuid,
        plan: PlanId,
        interval: Interval,
        meta: &RequestMeta,
    ) -> Result<(), BillingError> {
        let mut tx = self.db.begin().await?;
        let status: Option<String> = sqlx::query_scalar(
            "UPDATE subscriptions SET next_plan_id = $2, next_interval = $3, cancel_at_period_end = false
             WHERE id = $1 AND status IN ('active', 'past_due') RETURNING status",
        )
        .bind(subscription)
        .bind(plan.as_str())
        .bind(interval.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(status) = status else { return Err(BillingError::NotFound) };
        let to = SubscriptionStatus::from_db(&status).unwrap_or(SubscriptionStatus::Active);
        super::service::event(&mut tx, subscription, Some(&status), to, "change_scheduled", Some(user.id)).await?;
        crate::audit::record(
            &mut *tx,
            "SubscriptionChangeScheduled",
            Some(user.id),
            Some(&subscription.to_string()),
            meta,
            json!({ "plan": plan.as_str(), "interval": interval.as_str() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The person is back from the gateway's page: what the gateway says about the checkout's
    /// invoice decides, whatever the address they came back with says. Only the payer may ask.
    pub async fn confirm(&self, user: &User, checkout: Uuid) -> Result<CheckoutStatus, BillingError> {
        let row = sqlx::query("SELECT * FROM checkouts WHERE id = $1").bind(checkout).fetch_optional(&self.db).await?;
        let Some(row) = row else { return Err(BillingError::NotFound) };
        let open = open_from(&row)?;
        if open.payer != Some(user.id) {
            return Err(BillingError::NotFound);
        }
        if open.status != "paid"
            && let Some(invoice_id) = &open.invoice_id
        {
            self.read_back(checkout, invoice_id).await?;
        }
        self.status(checkout).await
    }

    /// Reads a checkout's hosted invoice from the gateway and settles it with the paid payment
    /// it lists, read on its own: what the gateway says, not what anyone sent us.
    async fn read_back(&self, checkout: Uuid, invoice_id: &str) -> Result<Option<Settled>, BillingError> {
        let gateway = |e: GatewayError| {
            tracing::warn!(error = %e, %checkout, "reading the checkout from the gateway");
            BillingError::Refused(Msg::new("error-billing-gateway"))
        };
        let invoice = self.gateway.invoice(invoice_id).await.map_err(gateway)?;
        let Some(paid) = invoice.payments.iter().find(|p| p.is_paid()) else { return Ok(None) };
        let payment = self.gateway.payment(&paid.id).await.map_err(gateway)?;
        Ok(Some(self.settle(checkout, &payment, None).await?))
    }

    /// The gateway posted a hosted invoice back (it carries no secret): only its id is used, to
    /// read the invoice back. An unknown invoice is not an error the gateway should retry.
    pub async fn invoice_callback(&self, invoice_id: &str) -> Result<(), BillingError> {
        let checkout: Option<Uuid> = sqlx::query_scalar("SELECT id FROM checkouts WHERE gateway_invoice_id = $1 AND status = 'open'")
            .bind(invoice_id)
            .fetch_optional(&self.db)
            .await?;
        if let Some(checkout) = checkout {
            self.read_back(checkout, invoice_id).await?;
        }
        Ok(())
    }

    pub async fn status(&self, checkout: Uuid) -> Result<CheckoutStatus, BillingError> {
        let row = sqlx::query(
            "SELECT c.status, c.plan_id, c.billing_interval, c.amount_halalas, c.failure, c.checkout_url, t.id AS invoice_id
             FROM checkouts c LEFT JOIN tax_invoices t ON t.checkout_id = c.id AND t.kind = 'invoice' WHERE c.id = $1",
        )
        .bind(checkout)
        .fetch_optional(&self.db)
        .await?
        .ok_or(BillingError::NotFound)?;
        let plan: String = row.try_get("plan_id")?;
        Ok(CheckoutStatus {
            status: row.try_get("status")?,
            plan: PlanId::parse(&plan).map_err(|_| BillingError::NotFound)?,
            amount: Halalas(row.try_get("amount_halalas")?),
            invoice: row.try_get("invoice_id")?,
            declined: row.try_get::<Option<String>, _>("failure")?.is_some(),
            retry_url: row.try_get("checkout_url")?,
        })
    }

    /// Settles a checkout with a payment read from the gateway: it must be paid, of the
    /// checkout's amount, in riyals, and name this checkout (its invoice or its metadata).
    /// Once only: the checkout row is locked, and a paid checkout is left as it is.
    pub async fn settle(&self, checkout: Uuid, payment: &Payment, event_id: Option<&str>) -> Result<Settled, BillingError> {
        let mut tx = self.db.begin().await?;
        let row = sqlx::query("SELECT * FROM checkouts WHERE id = $1 FOR UPDATE").bind(checkout).fetch_optional(&mut *tx).await?;
        let Some(row) = row else { return Err(BillingError::NotFound) };
        let open = open_from(&row)?;
        if open.status == "paid" {
            mark_event(&mut tx, event_id, WebhookOutcome::AlreadySettled).await?;
            tx.commit().await?;
            return Ok(Settled::Before);
        }
        let names_checkout = payment.invoice_id.is_some() && payment.invoice_id == open.invoice_id
            || payment.meta("checkout_id") == Some(checkout.to_string().as_str());
        if !payment.is_paid() || payment.amount != open.amount || payment.currency != "SAR" || !names_checkout {
            tracing::warn!(%checkout, payment = %payment.id, status = %payment.status, amount = payment.amount,
                currency = %payment.currency, names_checkout, "a payment that does not settle this checkout was refused");
            mark_event(&mut tx, event_id, WebhookOutcome::Failed).await?;
            tx.commit().await?;
            return Err(BillingError::Refused(Msg::new("error-billing-payment-mismatch")));
        }
        // One live subscription per subject: two checkouts of one account settled at once take
        // turns (the same lock as grants).
        lock_subject(&mut tx, open.subject).await?;
        let now = OffsetDateTime::now_utc();
        sqlx::query("UPDATE checkouts SET status = 'paid', paid_at = $2, gateway_payment_id = $3 WHERE id = $1")
            .bind(checkout)
            .bind(now)
            .bind(&payment.id)
            .execute(&mut *tx)
            .await?;
        let subscription = start_subscription(&mut tx, &open, payment, now).await?;
        let plan = plan_by_id(&mut tx, open.plan).await?;
        let (period_ar, period_en) = match open.interval {
            Interval::Month => ("اشتراك شهري", "monthly subscription"),
            Interval::Year => ("اشتراك سنوي", "yearly subscription"),
        };
        let buyer_name = buyer_name(&mut tx, open.payer, open.subject).await?;
        let tax_invoice = invoice::issue(
            &mut tx,
            &self.settings.seller,
            Draft {
                kind: InvoiceKind::Invoice,
                refers_to: None,
                checkout: Some(checkout),
                payment: Some(&payment.id),
                buyer_user_id: open.payer,
                buyer_name: &buyer_name,
                plan: Some(open.plan),
                description_ar: format!("{} — {period_ar}", plan.name_ar),
                description_en: format!("{} — {period_en}", plan.name_en),
                total: Halalas(payment.amount),
            },
            now,
        )
        .await?;
        audit::record(
            &mut *tx,
            "SubscriptionPurchased",
            open.payer,
            Some(&subscription.to_string()),
            &RequestMeta::default(),
            json!({ "checkout": checkout, "payment": payment.id, "invoice": tax_invoice.label(), "amount": payment.amount }),
        )
        .await?;
        mark_event(&mut tx, event_id, WebhookOutcome::Settled).await?;
        tx.commit().await?;
        tracing::info!(%checkout, payment = %payment.id, invoice = %tax_invoice.label(), "checkout settled");
        Ok(Settled::Now(Box::new(tax_invoice)))
    }

    /// A gateway event as it came (`raw`): its secret checked in constant time before anything
    /// is kept, stored once (a replay of its id changes nothing), then the payment it names read
    /// back from the gateway and settled. The answer is sent only after this has committed.
    pub async fn webhook(&self, raw: &[u8]) -> Result<WebhookOutcome, WebhookError> {
        let value: serde_json::Value = serde_json::from_slice(raw).map_err(|e| WebhookError::Malformed(e.to_string()))?;
        // The secret first: a body without it, or with another, proves nothing and is not read.
        let presented = value.get("secret_token").and_then(|v| v.as_str()).unwrap_or_default();
        if !same_secret(presented.as_bytes(), self.settings.webhook_secret.as_bytes()) {
            return Err(WebhookError::Unauthorized);
        }
        let envelope: Envelope = serde_json::from_value(value).map_err(|e| WebhookError::Malformed(e.to_string()))?;
        if envelope.id.is_empty() || envelope.id.len() > 200 {
            return Err(WebhookError::Malformed("the event has no id".into()));
        }
        let payment_id = envelope.data.get("id").and_then(|v| v.as_str()).map(str::to_string);
        let mut body: serde_json::Value = serde_json::from_slice(raw).unwrap_or_default();
        // The secret itself is not kept.
        if let Some(o) = body.as_object_mut() {
            o.remove("secret_token");
        }
        let inserted =
            sqlx::query("INSERT INTO gateway_events (id, kind, payment_id, body) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING")
                .bind(&envelope.id)
                .bind(&envelope.kind)
                .bind(&payment_id)
                .bind(&body)
                .execute(&self.db)
                .await?
                .rows_affected();
        if inserted == 0 {
            let processed: Option<Option<OffsetDateTime>> = sqlx::query_scalar("SELECT processed_at FROM gateway_events WHERE id = $1")
                .bind(&envelope.id)
                .fetch_optional(&self.db)
                .await?;
            if processed.flatten().is_some() {
                return Ok(WebhookOutcome::Replay);
            }
        }
        self.process_event(&envelope.id, &envelope.kind, payment_id.as_deref()).await
    }

    /// Acts on a stored event: for a payment, what the gateway says about it now (so events
    /// out of order come to the same end).
    pub async fn process_event(&self, event: &str, kind: &str, payment_id: Option<&str>) -> Result<WebhookOutcome, WebhookError> {
        let Some(payment_id) = payment_id.filter(|_| kind.starts_with("payment_")) else {
            mark_event_now(&self.db, event, WebhookOutcome::Ignored).await?;
            return Ok(WebhookOutcome::Ignored);
        };
        let payment = self.gateway.payment(payment_id).await?;
        let checkout: Option<Uuid> = sqlx::query_scalar(
            "SELECT id FROM checkouts WHERE gateway_payment_id = $1 OR gateway_invoice_id = $2 OR id::text = $3 LIMIT 1",
        )
        .bind(&payment.id)
        .bind(payment.invoice_id.as_deref().unwrap_or("-"))
        .bind(payment.meta("checkout_id").unwrap_or("-"))
        .fetch_optional(&self.db)
        .await?;
        let Some(checkout) = checkout else {
            mark_event_now(&self.db, event, WebhookOutcome::Unmatched).await?;
            return Ok(WebhookOutcome::Unmatched);
        };
        if !payment.is_paid() {
            if payment.status == "failed" {
                // A declined card: the hosted page stays open for another try, so the checkout
                // does too; the reason is kept to show.
                sqlx::query("UPDATE checkouts SET failure = $2 WHERE id = $1 AND status = 'open'")
                    .bind(checkout)
                    .bind(payment.source.as_ref().and_then(|s| s.message.clone()).unwrap_or_else(|| "failed".into()))
                    .execute(&self.db)
                    .await?;
            }
            mark_event_now(&self.db, event, WebhookOutcome::Ignored).await?;
            return Ok(WebhookOutcome::Ignored);
        }
        match self.settle(checkout, &payment, Some(event)).await {
            Ok(Settled::Now(_)) => Ok(WebhookOutcome::Settled),
            Ok(Settled::Before) => Ok(WebhookOutcome::AlreadySettled),
            Err(BillingError::Refused(_)) => Ok(WebhookOutcome::Failed),
            Err(BillingError::Database(e)) => Err(WebhookError::Database(e)),
            Err(other) => {
                tracing::warn!(error = %other, event, "a gateway event could not be settled");
                Ok(WebhookOutcome::Failed)
            }
        }
    }

    /// Events kept but not yet acted on (the gateway unreachable then, or a checkout not yet
    /// known), and open checkouts older than a minute: asked again. Run on a schedule.
    pub async fn reconcile(&self) -> Result<usize, WebhookError> {
        let events: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "SELECT id, kind, payment_id FROM gateway_events
             WHERE (processed_at IS NULL OR outcome = 'unmatched') AND received_at < now() - interval '1 minute'
               AND received_at > now() - interval '7 days'
             ORDER BY received_at LIMIT 100",
        )
        .fetch_all(&self.db)
        .await?;
        let mut done = 0;
        for (id, kind, payment) in events {
            match self.process_event(&id, &kind, payment.as_deref()).await {
                Ok(WebhookOutcome::Settled) => done += 1,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, event = %id, "reconciling a gateway event"),
            }
        }
        let open: Vec<(Uuid, String)> = sqlx::query_as(
            "SELECT id, gateway_invoice_id FROM checkouts WHERE status = 'open' AND gateway_invoice_id IS NOT NULL
               AND created_at < now() - interval '1 minute' AND created_at > now() - interval '2 days' LIMIT 100",
        )
        .fetch_all(&self.db)
        .await?;
        for (checkout, invoice_id) in open {
            let invoice = match self.gateway.invoice(&invoice_id).await {
                Ok(i) => i,
                Err(e) => {
                    tracing::warn!(error = %e, %checkout, "reconciling a checkout");
                    continue;
                }
            };
            if invoice.payments.iter().any(|p| p.is_paid()) {
                if let Ok(Some(Settled::Now(_))) = self.read_back(checkout, &invoice_id).await {
                    done += 1;
                }
            } else if matches!(invoice.status.as_str(), "expired" | "canceled" | "voided") {
                sqlx::query("UPDATE checkouts SET status = 'expired' WHERE id = $1 AND status = 'open'")
                    .bind(checkout)
                    .execute(&self.db)
                    .await?;
            }
        }
        sqlx::query("UPDATE checkouts SET status = 'expired' WHERE status = 'open' AND created_at < now() - interval '2 days'")
            .execute(&self.db)
            .await?;
        Ok(done)
    }

    /// An issued invoice, for its buyer (or an admin).
    pub async fn tax_invoice(&self, user: &User, id: Uuid) -> Result<TaxInvoice, BillingError> {
        let mut conn = self.db.acquire().await?;
        let invoice = invoice::load(&mut conn, id).await?.ok_or(BillingError::NotFound)?;
        if user.role != UserRole::Admin && invoice.buyer_user_id != Some(user.id) {
            return Err(BillingError::NotFound);
        }
        Ok(invoice)
    }

    /// The invoices and credit notes an account was issued, newest first.
    pub async fn tax_invoices_of(&self, user: &User) -> Result<Vec<TaxInvoice>, BillingError> {
        let ids: Vec<Uuid> =
            sqlx::query_scalar("SELECT id FROM tax_invoices WHERE buyer_user_id = $1 ORDER BY issued_at DESC, number DESC LIMIT 200")
                .bind(user.id)
                .fetch_all(&self.db)
                .await?;
        let mut conn = self.db.acquire().await?;
        let mut out = vec![];
        for id in ids {
            if let Some(i) = invoice::load(&mut conn, id).await? {
                out.push(i);
            }
        }
        Ok(out)
    }
}

fn with_checkout(href: String, id: Uuid) -> String {
    crate::routes::with_query(href, &[("checkout", &id.to_string())])
}

async fn mark_event(conn: &mut PgConnection, event: Option<&str>, outcome: WebhookOutcome) -> Result<(), sqlx::Error> {
    if let Some(event) = event {
        sqlx::query("UPDATE gateway_events SET processed_at = now(), outcome = $2 WHERE id = $1")
            .bind(event)
            .bind(outcome.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

async fn mark_event_now(db: &PgPool, event: &str, outcome: WebhookOutcome) -> Result<(), sqlx::Error> {
    let processed = outcome != WebhookOutcome::Unmatched;
    sqlx::query("UPDATE gateway_events SET processed_at = CASE WHEN $3 THEN now() END, outcome = $2 WHERE id = $1")
        .bind(event)
        .bind(outcome.as_str())
        .bind(processed)
        .execute(db)
        .await?;
    Ok(())
}

pub(super) async fn buyer_name(conn: &mut PgConnection, payer: Option<Uuid>, subject: Subject) -> Result<String, sqlx::Error> {
    if let Subject::Organization(org) = subject {
        let name: Option<String> = sqlx::query_scalar("SELECT coalesce(name_ar, name_en) FROM organizations WHERE id = $1")
            .bind(org)
            .fetch_optional(&mut *conn)
            .await?
            .flatten();
        if let Some(name) = name {
            return Ok(name);
        }
    }
    let name: Option<String> =
        sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1").bind(payer).fetch_optional(&mut *conn).await?;
    Ok(name.unwrap_or_default())
}

/// The paid plan starts now: the subject's live subscription (a trial, a grant, another plan)
/// ends, replaced by this one for one period, renewing with the card the payment saved.
async fn start_subscription(conn: &mut PgConnection, open: &Open, payment: &Payment, now: OffsetDateTime) -> Result<Uuid, sqlx::Error> {
    let (user, org) = open.subject.ids();
    end_live(conn, open.subject, "replaced_by_purchase", open.payer).await?;
    let end = open.interval.after(now);
    let card = payment.source.clone().unwrap_or_default();
    let id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO subscriptions (id, user_id, organization_id, plan_id, billing_interval, status, current_period_start,
                                    current_period_end, card_token, card_brand, card_last4, payer_user_id)
         VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8, $9, $10, $11)",
    )
    .bind(id)
    .bind(user)
    .bind(org)
    .bind(open.plan.as_str())
    .bind(open.interval.as_str())
    .bind(now)
    .bind(end)
    .bind(&card.token)
    .bind(&card.company)
    .bind(card.last4())
    .bind(open.payer)
    .execute(&mut *conn)
    .await?;
    event(conn, id, None, SubscriptionStatus::Active, "paid", open.payer).await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_compared_whole() {
        assert!(same_secret(b"whsec-123", b"whsec-123"));
        assert!(!same_secret(b"whsec-123", b"whsec-124"));
        assert!(!same_secret(b"whsec-123", b"whsec-12"));
        assert!(!same_secret(b"", b"x"));
    }

    #[test]
    fn methods_are_the_gateways() {
        for m in PaymentMethod::ALL {
            assert_eq!(PaymentMethod::parse(m.as_str()), Ok(m));
        }
        assert!(PaymentMethod::parse("cash").is_err());
    }
}
