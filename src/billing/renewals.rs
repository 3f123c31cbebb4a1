//! Subscriptions that renew: at the end of a period the saved card is charged for the next one,
//! exactly once per subscription and period however many nodes run the job and however often
//! it is retried (the subscription's row is locked with SKIP LOCKED while it is charged, a
//! period has one renewal row, and the gateway's idempotency key of each try is stored before
//! it is sent, so a retried request is the same charge). A failed charge makes the subscription
//! past due, tried again on days 1, 3 and 7 with a mail each time; after the last it is canceled
//! and the account is back on the free plan, its data untouched. A subscription canceled at
//! period end, a grant or a trial simply ends.

use super::{
    Interval, PlanId, Subject, SubscriptionStatus,
    invoice::{self, Draft, InvoiceKind},
    moyasar::TokenCharge,
    payments::{Payments, buyer_name},
    service::{event, plan_by_id},
};
use crate::{
    audit::{self, RequestMeta},
    money::Halalas,
    notify::{self, Notice, NoticeKind},
    routes::Page,
};
use serde_json::json;
use sqlx::Row;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// Days after the end of the period on which a failed renewal is tried again.
pub const RETRY_DAYS: [i64; 3] = [1, 3, 7];

/// What one run of the renewal job did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenewalRun {
    pub renewed: usize,
    pub failed: usize,
    pub canceled: usize,
    pub ended: usize,
}

impl Payments {
    /// Renews, retries and ends what is due at `now`.
    pub async fn renew_due(&self, now: OffsetDateTime) -> Result<RenewalRun, sqlx::Error> {
        let mut run = RenewalRun { ended: self.end_due(now).await?, ..RenewalRun::default() };
        let due: Vec<Uuid> = sqlx::query_scalar(
            "SELECT s.id FROM subscriptions s
             WHERE s.status IN ('active', 'past_due') AND NOT s.complimentary AND NOT s.cancel_at_period_end
               AND s.card_token IS NOT NULL AND s.current_period_end <= $1
               AND NOT EXISTS (SELECT 1 FROM renewals r WHERE r.subscription_id = s.id AND r.period_start = s.current_period_end
                               AND (r.status <> 'pending' OR r.next_attempt_at > $1))
             ORDER BY s.current_period_end LIMIT 200",
        )
        .bind(now)
        .fetch_all(&self.db)
        .await?;
        for subscription in due {
            match self.renew_one(subscription, now).await {
                Ok(Some(true)) => run.renewed += 1,
                Ok(Some(false)) => run.failed += 1,
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, %subscription, "renewing a subscription"),
            }
        }
        run.canceled = self.cancel_exhausted(now).await?;
        Ok(run)
    }

    /// One subscription's renewal: `None` when another node has it or it is not due.
    async fn renew_one(&self, subscription: Uuid, now: OffsetDateTime) -> Result<Option<bool>, sqlx::Error> {
        let mut tx = self.db.begin().await?;
        // Held for the charge: another node running the job skips this subscription.
        let Some(row) = sqlx::query(
            "SELECT * FROM subscriptions WHERE id = $1 AND status IN ('active', 'past_due') AND current_period_end <= $2
             FOR UPDATE SKIP LOCKED",
        )
        .bind(subscription)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(None);
        };
        let period_start: OffsetDateTime = row.try_get("current_period_end")?;
        // A change scheduled for this period's end is what the next period is charged as.
        let plan_id: String = row.try_get::<Option<String>, _>("next_plan_id")?.map_or_else(|| row.try_get("plan_id"), Ok)?;
        let plan = plan_by_id(&mut tx, PlanId::parse(&plan_id).map_err(|_| sqlx::Error::Decode("plan".into()))?).await?;
        let interval = row.try_get::<Option<String>, _>("next_interval")?.map_or_else(|| row.try_get("billing_interval"), Ok)?;
        let interval = Interval::parse(&interval).unwrap_or(Interval::Month);
        let amount = plan.price(interval).gross;
        let token: String = row.try_get("card_token")?;
        let status: String = row.try_get("status")?;
        sqlx::query(
            "INSERT INTO renewals (id, subscription_id, period_start, given_id, amount_halalas, next_attempt_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (subscription_id, period_start) DO NOTHING",
        )
        .bind(Uuid::new_v4())
        .bind(subscription)
        .bind(period_start)
        .bind(Uuid::new_v4())
        .bind(amount.0)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let renewal = sqlx::query(
            "SELECT id, given_id, attempts, status, next_attempt_at FROM renewals WHERE subscription_id = $1 AND period_start = $2",
        )
        .bind(subscription)
        .bind(period_start)
        .fetch_one(&mut *tx)
        .await?;
        let (renewal_id, given_id, attempts): (Uuid, Uuid, i32) =
            (renewal.try_get("id")?, renewal.try_get("given_id")?, renewal.try_get("attempts")?);
        let next: Option<OffsetDateTime> = renewal.try_get("next_attempt_at")?;
        if renewal.try_get::<String, _>("status")? != "pending" || next.is_some_and(|n| n > now) {
            return Ok(None);
        }
        let charge = TokenCharge {
            amount: amount.0,
            currency: "SAR".into(),
            description: format!("TakeOne — {} ({})", plan.name_en, interval.as_str()),
            given_id: given_id.to_string(),
            callback_url: format!("{}{}", self.settings.site_url.trim_end_matches('/'), Page::Billing.href(crate::Locale::Ar)),
            token,
            metadata: json!({ "subscription_id": subscription.to_string(), "period_start": period_start.unix_timestamp().to_string() }),
        };
        let answer = self.gateway.charge_token(&charge).await;
        let payer: Option<Uuid> = row.try_get("payer_user_id")?;
        let subject = match (row.try_get::<Option<Uuid>, _>("user_id")?, row.try_get::<Option<Uuid>, _>("organization_id")?) {
            (_, Some(o)) => Subject::Organization(o),
            (u, None) => Subject::User(u.unwrap_or_default()),
        };
        match answer {
            Ok(payment) if payment.is_paid() && payment.amount == amount.0 && payment.currency == "SAR" => {
                let end = interval.after(period_start);
                sqlx::query(
                    "UPDATE subscriptions SET status = 'active', current_period_start = $2, current_period_end = $3, plan_id = $4,
                            billing_interval = $5, next_plan_id = NULL, next_interval = NULL
                     WHERE id = $1",
                )
                .bind(subscription)
                .bind(period_start)
                .bind(end)
                .bind(plan.id.as_str())
                .bind(interval.as_str())
                .execute(&mut *tx)
                .await?;
                sqlx::query("UPDATE renewals SET status = 'paid', attempts = attempts + 1, gateway_payment_id = $2, updated_at = now() WHERE id = $1")
                    .bind(renewal_id)
                    .bind(&payment.id)
                    .execute(&mut *tx)
                    .await?;
                event(&mut tx, subscription, Some(&status), SubscriptionStatus::Active, "renewed", None).await?;
                let buyer = buyer_name(&mut tx, payer, subject).await?;
                let (period_ar, period_en) = match interval {
                    Interval::Month => ("تجديد شهري", "monthly renewal"),
                    Interval::Year => ("تجديد سنوي", "yearly renewal"),
                };
                let issued = invoice::issue(
                    &mut tx,
                    &self.settings.seller,
                    Draft {
                        kind: InvoiceKind::Invoice,
                        refers_to: None,
                        checkout: None,
                        payment: Some(&payment.id),
                        buyer_user_id: payer,
                        buyer_name: &buyer,
                        plan: Some(plan.id),
                        description_ar: format!("{} — {period_ar}", plan.name_ar),
                        description_en: format!("{} — {period_en}", plan.name_en),
                        total: Halalas(payment.amount),
                    },
                    now,
                )
                .await?;
                audit::record(
                    &mut *tx,
                    "SubscriptionRenewed",
                    None,
                    Some(&subscription.to_string()),
                    &RequestMeta::default(),
                    json!({ "payment": payment.id, "invoice": issued.label(), "amount": payment.amount }),
                )
                .await?;
                tx.commit().await?;
                Ok(Some(true))
            }
            other => {
                let reason = match &other {
                    Ok(p) => p.source.as_ref().and_then(|s| s.message.clone()).unwrap_or_else(|| p.status.clone()),
                    Err(e) => e.to_string(),
                };
                // A gateway that did not answer is not a declined card: the same key is tried
                // again at the next run, and nobody is told yet.
                if let Err(e) = &other
                    && !matches!(e, super::moyasar::GatewayError::Refused { .. })
                {
                    tracing::warn!(error = %e, %subscription, "the gateway did not answer a renewal; it is tried again");
                    return Ok(None);
                }
                let attempts = attempts + 1;
                let next = RETRY_DAYS.get(attempts as usize - 1).map(|d| period_start + Duration::days(*d));
                // The next try is another charge: a new idempotency key (this one's answer, a
                // decline, is what the gateway would repeat for it).
                sqlx::query(
                    "UPDATE renewals SET attempts = $2, next_attempt_at = $3, failure = $4, updated_at = now(),
                            status = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
                            given_id = gen_random_uuid()
                     WHERE id = $1",
                )
                .bind(renewal_id)
                .bind(attempts)
                .bind(next)
                .bind(&reason)
                .execute(&mut *tx)
                .await?;
                if status != "past_due" {
                    sqlx::query("UPDATE subscriptions SET status = 'past_due' WHERE id = $1").bind(subscription).execute(&mut *tx).await?;
                    event(&mut tx, subscription, Some(&status), SubscriptionStatus::PastDue, "renewal_failed", None).await?;
                }
                if let Some(user) = payer {
                    let params = json!({
                        "amount": amount.decimal_string(),
                        "next": next.map(|n| n.to_offset(crate::casting::RIYADH).date().to_string()).unwrap_or_default(),
                        "last": next.is_none().to_string(),
                    });
                    notify::notify(
                        &mut tx,
                        Notice {
                            user_id: user,
                            kind: NoticeKind::RenewalFailed,
                            params,
                            link: Page::Billing.path(),
                            dedupe_key: format!("renewal-failed:{renewal_id}:{attempts}"),
                        },
                    )
                    .await?;
                }
                tx.commit().await?;
                tracing::warn!(%subscription, attempts, %reason, "a renewal was declined");
                Ok(Some(false))
            }
        }
    }

    /// Past-due subscriptions whose last try failed: canceled, back to the free plan.
    async fn cancel_exhausted(&self, _now: OffsetDateTime) -> Result<usize, sqlx::Error> {
        let mut tx = self.db.begin().await?;
        let rows: Vec<(Uuid, Option<Uuid>)> = sqlx::query_as(
            "UPDATE subscriptions s SET status = 'canceled' FROM renewals r
             WHERE r.subscription_id = s.id AND r.period_start = s.current_period_end AND r.status = 'failed'
               AND s.status = 'past_due'
             RETURNING s.id, s.payer_user_id",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (id, payer) in &rows {
            event(&mut tx, *id, Some("past_due"), SubscriptionStatus::Canceled, "renewal_failed_finally", None).await?;
            if let Some(user) = payer {
                notify::notify(
                    &mut tx,
                    Notice {
                        user_id: *user,
                        kind: NoticeKind::SubscriptionCanceled,
                        params: json!({}),
                        link: Page::Plans.path(),
                        dedupe_key: format!("subscription-canceled:{id}"),
                    },
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(rows.len())
    }

    /// Subscriptions that end rather than renew: canceled at period end, grants, trials, and
    /// paid ones without a saved card.
    async fn end_due(&self, now: OffsetDateTime) -> Result<usize, sqlx::Error> {
        let mut tx = self.db.begin().await?;
        let rows: Vec<(Uuid, String, bool)> = sqlx::query_as(
            "UPDATE subscriptions s SET status = CASE WHEN s.cancel_at_period_end THEN 'canceled' ELSE 'expired' END
             FROM (SELECT id, status FROM subscriptions WHERE status IN ('trialing', 'active') AND current_period_end <= $1
                     AND (cancel_at_period_end OR complimentary OR status = 'trialing' OR card_token IS NULL)
                   FOR UPDATE SKIP LOCKED) old
             WHERE s.id = old.id RETURNING s.id, old.status, s.cancel_at_period_end",
        )
        .bind(now)
        .fetch_all(&mut *tx)
        .await?;
        for (id, from, canceled) in &rows {
            let (to, reason) = if *canceled {
                (SubscriptionStatus::Canceled, "canceled_at_period_end")
            } else {
                (SubscriptionStatus::Expired, "period_ended")
            };
            event(&mut tx, *id, Some(from), to, reason, None).await?;
        }
        tx.commit().await?;
        Ok(rows.len())
    }

    /// Cancel at the end of the period, or take that back; the owner (or an admin) only.
    /// Cancel at the end of the period, or take that back: `user`'s own subscription, or with
    /// `ward` (a talent profile) the ward's, when `user` is its guardian.
    pub async fn set_cancel_at_period_end(
        &self,
        user: &crate::account::User,
        ward: Option<Uuid>,
        cancel: bool,
    ) -> Result<(), super::BillingError> {
        let subject = match ward {
            Some(profile) => Subject::User(super::service::ward_of(&self.db, user, profile).await?.id),
            None => match Subject::of(user) {
                Some((subject, _)) => subject,
                None => return Err(super::BillingError::NotFound),
            },
        };
        let (u, o) = subject.ids();
        let mut tx = self.db.begin().await?;
        let row: Option<(Uuid, String)> = sqlx::query_as(
            "UPDATE subscriptions SET cancel_at_period_end = $3, next_plan_id = NULL, next_interval = NULL
             WHERE (user_id = $1 OR organization_id = $2) AND status IN ('trialing', 'active', 'past_due') AND NOT complimentary
             RETURNING id, status",
        )
        .bind(u)
        .bind(o)
        .bind(cancel)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, status)) = row else { return Err(super::BillingError::NotFound) };
        let reason = if cancel { "cancel_requested" } else { "resumed" };
        let to = SubscriptionStatus::from_db(&status).unwrap_or(SubscriptionStatus::Active);
        event(&mut tx, id, Some(&status), to, reason, Some(user.id)).await?;
        audit::record(
            &mut *tx,
            if cancel { "SubscriptionCancelRequested" } else { "SubscriptionResumed" },
            Some(user.id),
            Some(&id.to_string()),
            &RequestMeta::default(),
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
