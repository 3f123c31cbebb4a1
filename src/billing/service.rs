//! Plans and subscriptions in PostgreSQL, and the one question every gate asks: what may this
//! account do now?

use super::{Audience, CurrentPlan, Entitlements, Gate, Interval, Plan, PlanId, Price, Subscription, SubscriptionStatus, Usage};
use crate::{
    FieldErrors, Msg,
    account::{User, UserRole},
    audit::{self, RequestMeta},
    money::Halalas,
};
use serde_json::json;
use sqlx::{PgConnection, PgPool, Row, postgres::PgRow};
use time::{Duration, OffsetDateTime, Time};
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum BillingError {
    /// The plan does not allow it.
    #[error("plan limit: {0:?}")]
    Gate(Gate),
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("refused: {0:?}")]
    Refused(Msg),
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// An invoice's PDF could not be written.
    #[error("invoice document: {0}")]
    Document(String),
}

impl crate::DomainError for BillingError {
    fn failure(&self) -> crate::Failure {
        use crate::Failure;
        match self {
            BillingError::Gate(g) => Failure::PlanLimit(g.msg()),
            BillingError::Invalid(e) => Failure::Invalid(e.clone()),
            BillingError::Refused(m) => Failure::Refused(m.clone()),
            BillingError::Forbidden => Failure::Forbidden,
            BillingError::NotFound => Failure::NotFound,
            BillingError::Database(_) | BillingError::Document(_) => Failure::Internal,
        }
    }
}

/// Whose subscription governs an account: a talent's own, a hirer's organization's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    User(Uuid),
    Organization(Uuid),
}

impl Subject {
    /// `None` for those never charged: admins and guardians (a ward's own plan limits the ward).
    pub fn of(user: &User) -> Option<(Subject, Audience)> {
        match user.role {
            UserRole::Talent => Some((Subject::User(user.id), Audience::Talent)),
            UserRole::Hirer => Some((user.organization_id.map_or(Subject::User(user.id), Subject::Organization), Audience::Hirer)),
            UserRole::Admin | UserRole::Guardian => None,
        }
    }

    /// The subject as the (`user_id`, `organization_id`) columns hold it.
    pub(crate) fn ids(self) -> (Option<Uuid>, Option<Uuid>) {
        match self {
            Subject::User(u) => (Some(u), None),
            Subject::Organization(o) => (None, Some(o)),
        }
    }
}

const PLAN_COLUMNS: &str = "p.id, p.audience, p.name_ar, p.name_en, p.monthly_halalas, p.monthly_vat_halalas, p.yearly_halalas, p.yearly_vat_halalas, \
     p.trial_days, p.applications_per_month, p.photos, p.reels, p.search_boost, p.open_calls, p.talent_search, \
     p.self_tape_requests, p.bulk_messages, p.team_seats";

fn plan_from(row: &PgRow) -> Result<Plan, sqlx::Error> {
    let id: String = row.try_get("id")?;
    let id = PlanId::parse(&id).map_err(|_| sqlx::Error::Decode(format!("unknown plan {id}").into()))?;
    let price = |gross: &str, vat: &str| -> Result<Price, sqlx::Error> {
        Ok(Price { gross: Halalas(row.try_get(gross)?), vat: Halalas(row.try_get(vat)?) })
    };
    let limit = |name: &str| -> Result<Option<u32>, sqlx::Error> { Ok(row.try_get::<Option<i32>, _>(name)?.map(|n| n.max(0) as u32)) };
    Ok(Plan {
        id,
        audience: id.audience(),
        name_ar: row.try_get("name_ar")?,
        name_en: row.try_get("name_en")?,
        monthly: price("monthly_halalas", "monthly_vat_halalas")?,
        yearly: price("yearly_halalas", "yearly_vat_halalas")?,
        trial_days: row.try_get::<i32, _>("trial_days")?.max(0) as u32,
        entitlements: Entitlements {
            applications_per_month: limit("applications_per_month")?,
            photos: limit("photos")?,
            reels: row.try_get("reels")?,
            search_boost: row.try_get("search_boost")?,
            open_calls: limit("open_calls")?,
            talent_search: row.try_get("talent_search")?,
            self_tape_requests: row.try_get("self_tape_requests")?,
            bulk_messages: row.try_get("bulk_messages")?,
            team_seats: limit("team_seats")?,
        },
    })
}

/// The plan that governs `subject`, and its live subscription if it has one.
pub(crate) async fn current_of(conn: &mut PgConnection, subject: Subject, audience: Audience) -> Result<CurrentPlan, sqlx::Error> {
    let (user, org) = subject.ids();
    // The status is the truth: the billing schedule moves a subscription at the end of its
    // period (renewed, past due and retried, ended), so a paying account never loses its plan
    // in the minutes between the end and the job.
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {PLAN_COLUMNS}, s.id AS subscription_id, s.status, s.billing_interval, s.current_period_start, s.current_period_end,
                s.cancel_at_period_end, s.complimentary, s.next_plan_id, s.next_interval
         FROM subscriptions s JOIN plans p ON p.id = s.plan_id
         WHERE (s.user_id = $1 OR s.organization_id = $2) AND s.status IN ('trialing', 'active', 'past_due')
         ORDER BY s.current_period_end DESC LIMIT 1"
    )))
    .bind(user)
    .bind(org)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = row {
        let status: String = row.try_get("status")?;
        let interval: String = row.try_get("billing_interval")?;
        return Ok(CurrentPlan {
            plan: plan_from(&row)?,
            subscription: Some(Subscription {
                id: row.try_get("subscription_id")?,
                status: SubscriptionStatus::from_db(&status).unwrap_or(SubscriptionStatus::Active),
                interval: Interval::parse(&interval).unwrap_or(Interval::Month),
                period_start: row.try_get("current_period_start")?,
                period_end: row.try_get("current_period_end")?,
                cancel_at_period_end: row.try_get("cancel_at_period_end")?,
                complimentary: row.try_get("complimentary")?,
                next: match (row.try_get::<Option<String>, _>("next_plan_id")?, row.try_get::<Option<String>, _>("next_interval")?) {
                    (Some(p), Some(i)) => PlanId::parse(&p).ok().zip(Interval::parse(&i).ok()),
                    _ => None,
                },
            }),
        });
    }
    Ok(CurrentPlan { plan: plan_by_id(conn, PlanId::free(audience)).await?, subscription: None })
}

/// One plan, on sale or not.
pub(crate) async fn plan_by_id(conn: &mut PgConnection, id: PlanId) -> Result<Plan, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {PLAN_COLUMNS} FROM plans p WHERE p.id = $1")))
        .bind(id.as_str())
        .fetch_one(&mut *conn)
        .await?;
    plan_from(&row)
}

/// What `user` may do at `now`, read inside the caller's transaction so a gate and the change it
/// guards see the same subscription.
pub async fn entitlements(conn: &mut PgConnection, user: &User) -> Result<Entitlements, sqlx::Error> {
    match Subject::of(user) {
        None => Ok(Entitlements::UNLIMITED),
        Some((subject, audience)) => Ok(current_of(conn, subject, audience).await?.plan.entitlements),
    }
}

/// The first instant of `now`'s calendar month in Riyadh.
pub fn month_start(now: OffsetDateTime) -> OffsetDateTime {
    let local = now.to_offset(crate::casting::RIYADH);
    local.replace_day(1).unwrap_or(local).replace_time(Time::MIDNIGHT)
}

/// Applications a talent profile sent since the start of `now`'s month.
pub async fn applications_this_month(conn: &mut PgConnection, profile: Uuid, now: OffsetDateTime) -> Result<u32, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM applications WHERE talent_profile_id = $1 AND created_at >= $2")
        .bind(profile)
        .bind(month_start(now))
        .fetch_one(&mut *conn)
        .await?;
    Ok(n as u32)
}

/// Calls an organization has open to applicants or waiting for review.
pub async fn open_calls(conn: &mut PgConnection, org: Uuid, except: Option<Uuid>) -> Result<u32, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM casting_calls WHERE organization_id = $1 AND status IN ('active', 'pending_review')
         AND id IS DISTINCT FROM $2",
    )
    .bind(org)
    .bind(except)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n as u32)
}

/// Photos (headshots and gallery) a talent keeps, those still being processed included.
pub async fn photos(conn: &mut PgConnection, owner: Uuid) -> Result<u32, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM media_assets WHERE owner_id = $1 AND purpose IN ('headshot', 'gallery')
         AND status NOT IN ('rejected', 'error')",
    )
    .bind(owner)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n as u32)
}

#[derive(Clone)]
pub struct Billing {
    db: PgPool,
}

impl Billing {
    pub fn new(db: PgPool) -> Self {
        Self { db }
    }

    /// The plans on sale, talent's first, cheapest first.
    pub async fn plans(&self) -> Result<Vec<Plan>, sqlx::Error> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PLAN_COLUMNS} FROM plans p WHERE p.active ORDER BY p.audience DESC, p.position"
        )))
        .fetch_all(&self.db)
        .await?;
        rows.iter().map(plan_from).collect()
    }

    /// The plan that governs `user`, or `None` for those never charged (admins, guardians).
    pub async fn current(&self, user: &User) -> Result<Option<CurrentPlan>, sqlx::Error> {
        let Some((subject, audience)) = Subject::of(user) else { return Ok(None) };
        let mut conn = self.db.acquire().await?;
        Ok(Some(current_of(&mut conn, subject, audience).await?))
    }

    /// A guardian's ward: the account whose plan the guardian chooses.
    pub async fn ward(&self, guardian: &User, profile: Uuid) -> Result<User, BillingError> {
        ward_of(&self.db, guardian, profile).await
    }

    /// A guardian's wards with their plans (talent profile id, stage name, plan).
    pub async fn wards_plans(&self, guardian: &User) -> Result<Vec<(Uuid, String, CurrentPlan)>, sqlx::Error> {
        if guardian.role != UserRole::Guardian {
            return Ok(vec![]);
        }
        let wards: Vec<(Uuid, Uuid, String)> =
            sqlx::query_as("SELECT id, user_id, stage_name FROM talent_profiles WHERE guardian_user_id = $1 ORDER BY stage_name")
                .bind(guardian.id)
                .fetch_all(&self.db)
                .await?;
        let mut conn = self.db.acquire().await?;
        let mut out = vec![];
        for (profile, user, name) in wards {
            out.push((profile, name, current_of(&mut conn, Subject::User(user), Audience::Talent).await?));
        }
        Ok(out)
    }

    /// What `user` used of the limits their plan counts.
    pub async fn usage(&self, user: &User, now: OffsetDateTime) -> Result<Usage, sqlx::Error> {
        let mut conn = self.db.acquire().await?;
        let mut usage = Usage::default();
        match user.role {
            UserRole::Talent => {
                let profile: Option<Uuid> = sqlx::query_scalar("SELECT id FROM talent_profiles WHERE user_id = $1")
                    .bind(user.id)
                    .fetch_optional(&mut *conn)
                    .await?;
                if let Some(profile) = profile {
                    usage.applications_this_month = applications_this_month(&mut conn, profile, now).await?;
                }
                usage.photos = photos(&mut conn, user.id).await?;
            }
            UserRole::Hirer => {
                if let Some(org) = user.organization_id {
                    usage.open_calls = open_calls(&mut conn, org, None).await?;
                }
            }
            UserRole::Admin | UserRole::Guardian => {}
        }
        Ok(usage)
    }

    /// The card a live subscription renews with (brand, last four), for the billing page.
    pub async fn card(&self, user: &User) -> Result<Option<(String, String)>, sqlx::Error> {
        let Some((subject, _)) = Subject::of(user) else { return Ok(None) };
        let (u, o) = subject.ids();
        let row: Option<(Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT card_brand, card_last4 FROM subscriptions WHERE (user_id = $1 OR organization_id = $2)
             AND status IN ('trialing', 'active', 'past_due') LIMIT 1",
        )
        .bind(u)
        .bind(o)
        .fetch_optional(&self.db)
        .await?;
        Ok(row.and_then(|(b, l)| Some((b?, l?))))
    }

    /// Has this account (or its organization) started a free trial before, or has it a plan
    /// already? A trial is offered once, to accounts on the free plan.
    pub async fn trial_available(&self, user: &User) -> Result<bool, sqlx::Error> {
        let Some((subject, _)) = Subject::of(user) else { return Ok(false) };
        let (u, o) = subject.ids();
        let blocked: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM trials_used WHERE subject_id = coalesce($1, $2))
                 OR EXISTS (SELECT 1 FROM subscriptions WHERE (user_id = $1 OR organization_id = $2)
                            AND status IN ('trialing', 'active', 'past_due'))",
        )
        .bind(u)
        .bind(o)
        .fetch_one(&self.db)
        .await?;
        let without_organization = user.role == UserRole::Hirer && o.is_none();
        Ok(!(blocked || without_organization || is_minor(&self.db, user).await?))
    }

    /// Starts the free trial of `plan`: its rights for the plan's trial days, no card, once per
    /// account (or organization), only from the free plan. It ends by itself; paying during it
    /// replaces it.
    pub async fn start_trial(&self, user: &User, plan: PlanId, now: OffsetDateTime, meta: &RequestMeta) -> Result<Uuid, BillingError> {
        let Some((subject, audience)) = Subject::of(user) else {
            return Err(BillingError::Refused(Msg::new("error-billing-never-charged")));
        };
        if plan.audience() != audience {
            return Err(BillingError::Refused(Msg::new("error-billing-plan-audience")));
        }
        if user.role == UserRole::Hirer && matches!(subject, Subject::User(_)) {
            return Err(BillingError::Refused(Msg::new("error-billing-no-organization")));
        }
        if is_minor(&self.db, user).await? {
            return Err(BillingError::Refused(Msg::new("error-billing-guardian-chooses")));
        }
        let mut tx = self.db.begin().await?;
        let row = plan_by_id(&mut tx, plan).await?;
        if row.is_free() || row.trial_days == 0 {
            return Err(BillingError::Refused(Msg::new("error-billing-no-trial")));
        }
        let (u, o) = subject.ids();
        let key = u.or(o).unwrap_or_default();
        lock_subject(&mut tx, subject).await?;
        let live: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM subscriptions WHERE (user_id = $1 OR organization_id = $2)
             AND status IN ('trialing', 'active', 'past_due'))",
        )
        .bind(u)
        .bind(o)
        .fetch_one(&mut *tx)
        .await?;
        if live {
            return Err(BillingError::Refused(Msg::new("error-billing-trial-on-plan")));
        }
        let first = sqlx::query("INSERT INTO trials_used (subject_id, plan_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(key)
            .bind(plan.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if first == 0 {
            return Err(BillingError::Refused(Msg::new("error-billing-trial-used")));
        }
        let id = Uuid::new_v4();
        sqlx::query(
            "INSERT INTO subscriptions (id, user_id, organization_id, plan_id, billing_interval, status, current_period_start,
                                        current_period_end, payer_user_id)
             VALUES ($1, $2, $3, $4, 'month', 'trialing', $5, $6, $7)",
        )
        .bind(id)
        .bind(u)
        .bind(o)
        .bind(plan.as_str())
        .bind(now)
        .bind(now + Duration::days(i64::from(row.trial_days)))
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
        event(&mut tx, id, None, SubscriptionStatus::Trialing, "trial_started", Some(user.id)).await?;
        audit::record(&mut *tx, "TrialStarted", Some(user.id), Some(&id.to_string()), meta, json!({ "plan": plan.as_str() })).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Puts the account of `email` (a talent) or its organization (a hirer) on `plan` for `days`
    /// without charge: an admin's goodwill, or the demo data. Ends the live subscription it had.
    /// `admin` is `None` only for the operator's command line.
    pub async fn grant(
        &self,
        admin: Option<&User>,
        email: &str,
        plan: PlanId,
        days: i64,
        now: OffsetDateTime,
        meta: &RequestMeta,
    ) -> Result<Uuid, BillingError> {
        if admin.is_some_and(|a| a.role != UserRole::Admin) {
            return Err(BillingError::Forbidden);
        }
        if !(1..=3660).contains(&days) {
            let mut e = FieldErrors::new();
            e.add("days", Msg::new("error-billing-grant-days"));
            return Err(BillingError::Invalid(e));
        }
        let mut tx = self.db.begin().await?;
        let row: Option<(Uuid, String, Option<Uuid>)> = sqlx::query_as(
            "SELECT u.id, u.role, m.organization_id FROM users u
             LEFT JOIN organization_members m ON m.user_id = u.id WHERE u.email = lower($1) LIMIT 1",
        )
        .bind(email.trim())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((user_id, role, org)) = row else { return Err(BillingError::NotFound) };
        let subject = match (role.as_str(), plan.audience(), org) {
            ("talent", Audience::Talent, _) => Subject::User(user_id),
            ("hirer", Audience::Hirer, Some(org)) => Subject::Organization(org),
            _ => return Err(BillingError::Refused(Msg::new("error-billing-plan-audience"))),
        };
        let (user, org) = subject.ids();
        lock_subject(&mut tx, subject).await?;
        end_live(&mut tx, subject, "replaced_by_grant", admin.map(|a| a.id)).await?;
        let id = Uuid::new_v4();
        sqlx::query(
            "INSERT INTO subscriptions (id, user_id, organization_id, plan_id, billing_interval, status, complimentary,
                                        current_period_start, current_period_end)
             VALUES ($1, $2, $3, $4, 'month', 'active', true, $5, $6)",
        )
        .bind(id)
        .bind(user)
        .bind(org)
        .bind(plan.as_str())
        .bind(now)
        .bind(now + Duration::days(days))
        .execute(&mut *tx)
        .await?;
        event(&mut tx, id, None, SubscriptionStatus::Active, "granted", admin.map(|a| a.id)).await?;
        audit::record(
            &mut *tx,
            "SubscriptionGranted",
            admin.map(|a| a.id),
            Some(&id.to_string()),
            meta,
            json!({ "plan": plan.as_str(), "days": days, "account": user_id }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }
}

/// Takes the subject's billing lock for the transaction: grants, trials and settlements of one
/// account or organization take turns, so it never has two live subscriptions.
pub(crate) async fn lock_subject(conn: &mut PgConnection, subject: Subject) -> Result<(), sqlx::Error> {
    let (user, org) = subject.ids();
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 14))").bind(user.or(org)).execute(&mut *conn).await?;
    Ok(())
}

/// Cancels the subject's live subscription (a trial, a grant, another plan) because another
/// replaces it, each move an event with `reason`.
pub(crate) async fn end_live(conn: &mut PgConnection, subject: Subject, reason: &str, actor: Option<Uuid>) -> Result<(), sqlx::Error> {
    let (user, org) = subject.ids();
    let ended: Vec<(Uuid, String)> = sqlx::query_as(
        "UPDATE subscriptions s SET status = 'canceled' FROM (SELECT id, status FROM subscriptions
            WHERE (user_id = $1 OR organization_id = $2) AND status IN ('trialing', 'active', 'past_due') FOR UPDATE) old
         WHERE s.id = old.id RETURNING s.id, old.status",
    )
    .bind(user)
    .bind(org)
    .fetch_all(&mut *conn)
    .await?;
    for (id, from) in ended {
        event(conn, id, Some(&from), SubscriptionStatus::Canceled, reason, actor).await?;
    }
    Ok(())
}

/// The account of a guardian's ward, by the ward's talent profile: a minor's plan is the
/// guardian's choice, so only their guardian may choose it (anyone else: not found).
pub(crate) async fn ward_of(db: &PgPool, guardian: &User, profile: Uuid) -> Result<User, BillingError> {
    if guardian.role != UserRole::Guardian {
        return Err(BillingError::Forbidden);
    }
    let ward: Option<Uuid> = sqlx::query_scalar("SELECT user_id FROM talent_profiles WHERE id = $1 AND guardian_user_id = $2")
        .bind(profile)
        .bind(guardian.id)
        .fetch_optional(db)
        .await?;
    let Some(ward) = ward else { return Err(BillingError::NotFound) };
    crate::account::Accounts::user_by_id(db, ward).await?.ok_or(BillingError::NotFound)
}

/// A talent under 18 by their profile's birth date: their plan is their guardian's choice.
pub(crate) async fn is_minor(db: &PgPool, user: &User) -> Result<bool, sqlx::Error> {
    if user.role != UserRole::Talent {
        return Ok(false);
    }
    let born: Option<Option<time::Date>> =
        sqlx::query_scalar("SELECT date_of_birth FROM talent_profiles WHERE user_id = $1").bind(user.id).fetch_optional(db).await?;
    Ok(born.flatten().is_some_and(|b| crate::talent::is_minor(b, crate::talent::today(OffsetDateTime::now_utc()))))
}

/// Records a subscription's move.
pub(crate) async fn event(
    conn: &mut PgConnection,
    subscription: Uuid,
    from: Option<&str>,
    to: SubscriptionStatus,
    reason: &str,
    actor: Option<Uuid>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO subscription_events (id, subscription_id, from_status, to_status, reason, actor_user_id)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(Uuid::new_v4())
    .bind(subscription)
    .bind(from)
    .bind(to.as_str())
    .bind(reason)
    .bind(actor)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn user(role: UserRole, organization_id: Option<Uuid>) -> User {
        User {
            id: Uuid::from_u128(1),
            email: "x@example.sa".into(),
            role,
            display_name: "x".into(),
            locale: crate::Locale::Ar,
            created_at: datetime!(2026-12-01 00:00 UTC),
            organization_id,
            organization_name: None,
            email_verified: true,
        }
    }

    #[test]
    fn talent_pay_for_themselves_hirers_for_their_organization_and_admins_and_guardians_never() {
        let org = Uuid::from_u128(2);
        assert_eq!(Subject::of(&user(UserRole::Talent, None)), Some((Subject::User(Uuid::from_u128(1)), Audience::Talent)));
        assert_eq!(Subject::of(&user(UserRole::Hirer, Some(org))), Some((Subject::Organization(org), Audience::Hirer)));
        assert_eq!(Subject::of(&user(UserRole::Admin, None)), None);
        assert_eq!(Subject::of(&user(UserRole::Guardian, None)), None);
    }

    #[test]
    fn the_month_starts_in_riyadh() {
        // 21:30 UTC on the last of November is already December in Riyadh.
        assert_eq!(month_start(datetime!(2026-11-30 21:30 UTC)), datetime!(2026-12-01 00:00 +3));
        assert_eq!(month_start(datetime!(2026-12-15 12:00 UTC)), datetime!(2026-12-01 00:00 +3));
        assert_eq!(month_start(datetime!(2026-11-30 20:59 UTC)), datetime!(2026-11-01 00:00 +3));
    }
}
