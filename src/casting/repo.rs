//! Casting calls in PostgreSQL.

use super::{
    CallActor, CallStatus, CastingCall, Gender, NewCall, PAGE_SIZE, PaidFilter, ProjectType, Role, TransitionError, filter::CallFilter,
};
use crate::{
    FieldErrors, Msg,
    account::{User, UserRole},
    audit::{self, RequestMeta},
    billing,
    city::City,
    locale::Locale,
    money::Halalas,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::{AssertSqlSafe, PgConnection, PgPool, Postgres, QueryBuilder, Row, postgres::PgRow};
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallPage {
    pub items: Vec<CastingCall>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// A role that has applications cannot be removed (its index in the form).
    #[error("role {0} has applications")]
    RoleHasApplications(usize),
    /// A rule refused it; the message says which.
    #[error("refused: {0:?}")]
    Refused(Msg),
    /// The organization's plan allows no more open calls.
    #[error("plan limit: {0:?}")]
    Plan(crate::billing::Gate),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl SaveError {
    pub fn msg(&self) -> Msg {
        match self {
            SaveError::Invalid(_) => Msg::new("error-form-invalid"),
            SaveError::Forbidden => Msg::new("error-forbidden"),
            SaveError::NotFound => Msg::new("error-not-found"),
            SaveError::Transition(t) => t.msg(),
            SaveError::RoleHasApplications(_) => Msg::new("error-role-has-applications"),
            SaveError::Refused(m) => m.clone(),
            SaveError::Plan(g) => g.msg(),
            SaveError::Database(_) => Msg::new("error-internal"),
        }
    }
}

impl crate::DomainError for SaveError {
    fn failure(&self) -> crate::Failure {
        use crate::Failure;
        match self {
            SaveError::Invalid(e) => Failure::Invalid(e.clone()),
            SaveError::Transition(_) => Failure::Refused(self.msg()),
            SaveError::RoleHasApplications(i) => {
                let mut e = FieldErrors::new();
                e.add(format!("roles[{i}][name]"), self.msg());
                Failure::Taken(e)
            }
            SaveError::Refused(m) => Failure::Refused(m.clone()),
            SaveError::Plan(g) => Failure::PlanLimit(g.msg()),
            SaveError::Forbidden => Failure::Forbidden,
            SaveError::NotFound => Failure::NotFound,
            SaveError::Database(_) => Failure::Internal,
        }
    }
}

/// A hirer's call goes before the public (or the reviewers) only from a verified address: the
/// casting team must be reachable, and a throwaway address cannot post in bulk.
fn may_publish(user: &User, from: Option<CallStatus>, to: CallStatus) -> Result<(), SaveError> {
    let publishing = matches!(to, CallStatus::Active | CallStatus::PendingReview) && from != Some(to);
    if publishing && user.role == UserRole::Hirer && !user.email_verified {
        return Err(SaveError::Refused(Msg::new("error-email-unverified-publish")));
    }
    Ok(())
}

/// Who may change a call: an administrator, or a hirer of the organization that owns it.
pub fn may_manage(user: &User, organization_id: Option<Uuid>) -> bool {
    match user.role {
        UserRole::Admin => true,
        UserRole::Hirer => organization_id.is_some() && user.organization_id == organization_id,
        UserRole::Talent | UserRole::Guardian => false,
    }
}

pub(super) const CALL_SELECT: &str = "SELECT c.id, c.organization_id, o.name_ar AS org_name_ar, o.name_en AS org_name_en, c.company,
    c.title, c.description, c.city, c.project_type, c.language, c.requirements, c.deadline, c.shoot_starts_on,
    c.shoot_ends_on, c.status, c.closed_reason, c.source_url, c.contact_info, c.is_aggregated, c.published_at, c.created_at, c.updated_at
    FROM casting_calls c LEFT JOIN organizations o ON o.id = c.organization_id";

fn decode<T>(what: &str, value: &str, parsed: Option<T>) -> Result<T, sqlx::Error> {
    parsed.ok_or_else(|| sqlx::Error::Decode(format!("unknown {what} {value:?}").into()))
}

pub(super) fn call_from_row(row: &PgRow) -> Result<CastingCall, sqlx::Error> {
    let city: String = row.try_get("city")?;
    let project_type: String = row.try_get("project_type")?;
    let language: String = row.try_get("language")?;
    let status: String = row.try_get("status")?;
    Ok(CastingCall {
        id: row.try_get("id")?,
        organization_id: row.try_get("organization_id")?,
        organization_name_ar: row.try_get("org_name_ar")?,
        organization_name_en: row.try_get("org_name_en")?,
        company: row.try_get("company")?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        city: decode("city", &city, City::parse(&city).ok())?,
        project_type: decode("project type", &project_type, ProjectType::parse(&project_type).ok())?,
        language: decode("language", &language, Locale::from_code(&language))?,
        requirements: row.try_get("requirements")?,
        deadline: row.try_get("deadline")?,
        shoot_starts_on: row.try_get("shoot_starts_on")?,
        shoot_ends_on: row.try_get("shoot_ends_on")?,
        status: decode("status", &status, CallStatus::from_db(&status))?,
        closed_reason: row.try_get("closed_reason")?,
        source_url: row.try_get("source_url")?,
        contact: row.try_get("contact_info")?,
        is_aggregated: row.try_get("is_aggregated")?,
        published_at: row.try_get("published_at")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        roles: Vec::new(),
        questions: Vec::new(),
    })
}

fn role_from_row(row: &PgRow) -> Result<(Uuid, Role), sqlx::Error> {
    let gender: String = row.try_get("gender")?;
    Ok((
        row.try_get("casting_call_id")?,
        Role {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            description: row.try_get("description")?,
            gender: decode("gender", &gender, Gender::parse(&gender).ok())?,
            age_min: row.try_get("age_min")?,
            age_max: row.try_get("age_max")?,
            is_paid: row.try_get("is_paid")?,
            compensation: row.try_get::<Option<i64>, _>("compensation_halalas")?.map(Halalas),
            requires: row
                .try_get::<Vec<String>, _>("required_media")?
                .iter()
                .filter_map(|n| crate::casting::MediaNeed::from_db(n))
                .collect(),
        },
    ))
}

#[derive(Clone)]
pub struct CastingCalls {
    db: PgPool,
}

impl CastingCalls {
    pub fn new(db: PgPool) -> Self {
        Self { db }
    }

    pub(super) fn db(&self) -> &PgPool {
        &self.db
    }

    pub(super) async fn with_roles(&self, mut calls: Vec<CastingCall>) -> Result<Vec<CastingCall>, sqlx::Error> {
        if calls.is_empty() {
            return Ok(calls);
        }
        let ids: Vec<Uuid> = calls.iter().map(|c| c.id).collect();
        let rows = sqlx::query(
            "SELECT id, casting_call_id, name, description, gender, age_min, age_max, is_paid, compensation_halalas, required_media
             FROM casting_roles WHERE casting_call_id = ANY($1) ORDER BY casting_call_id, position",
        )
        .bind(&ids)
        .fetch_all(&self.db)
        .await?;
        let mut by_call: HashMap<Uuid, Vec<Role>> = HashMap::new();
        for row in &rows {
            let (call, role) = role_from_row(row)?;
            by_call.entry(call).or_default().push(role);
        }
        let questions: Vec<(Uuid, String)> =
            sqlx::query_as("SELECT casting_call_id, prompt FROM casting_questions WHERE casting_call_id = ANY($1) ORDER BY position")
                .bind(&ids)
                .fetch_all(&self.db)
                .await?;
        for c in &mut calls {
            c.roles = by_call.remove(&c.id).unwrap_or_default();
            c.questions = questions.iter().filter(|(id, _)| *id == c.id).map(|(_, q)| q.clone()).collect();
        }
        Ok(calls)
    }

    /// Open calls for the public list: active and not past their deadline.
    pub async fn list_open(&self, filter: &CallFilter, now: OffsetDateTime) -> Result<CallPage, sqlx::Error> {
        fn conditions(q: &mut QueryBuilder<Postgres>, f: &CallFilter, now: OffsetDateTime) {
            q.push(" WHERE c.status = 'active' AND (c.deadline IS NULL OR c.deadline >= ");
            q.push_bind(now);
            q.push(")");
            if let Some(city) = f.city {
                q.push(" AND c.city = ").push_bind(city.slug());
            }
            // A role's gender and pay are judged on the same role.
            if f.gender.is_some() || f.paid.is_some() {
                q.push(" AND EXISTS (SELECT 1 FROM casting_roles r WHERE r.casting_call_id = c.id");
                if let Some(g) = f.gender {
                    q.push(" AND r.gender IN (").push_bind(g.as_str()).push(", 'any')");
                }
                match f.paid {
                    Some(PaidFilter::Paid) => {
                        q.push(" AND r.is_paid");
                    }
                    Some(PaidFilter::Unpaid) => {
                        q.push(" AND NOT r.is_paid");
                    }
                    None => {}
                }
                q.push(")");
            }
        }
        let mut count = QueryBuilder::new("SELECT count(*) FROM casting_calls c");
        conditions(&mut count, filter, now);
        let total: i64 = count.build_query_scalar().fetch_one(&self.db).await?;

        let page = filter.page.max(1);
        let mut q = QueryBuilder::new(CALL_SELECT);
        conditions(&mut q, filter, now);
        q.push(" ORDER BY c.published_at DESC NULLS LAST, c.id LIMIT ")
            .push_bind(PAGE_SIZE)
            .push(" OFFSET ")
            .push_bind((page - 1) * PAGE_SIZE);
        let rows = q.build().fetch_all(&self.db).await?;
        let items = rows.iter().map(call_from_row).collect::<Result<Vec<_>, _>>()?;
        Ok(CallPage { items: self.with_roles(items).await?, total, page, pages: (total + PAGE_SIZE - 1) / PAGE_SIZE })
    }

    pub async fn latest_open(&self, n: i64, now: OffsetDateTime) -> Result<Vec<CastingCall>, sqlx::Error> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{CALL_SELECT} WHERE c.status = 'active' AND (c.deadline IS NULL OR c.deadline >= $1)
             ORDER BY c.published_at DESC NULLS LAST, c.id LIMIT $2"
        )))
        .bind(now)
        .bind(n)
        .fetch_all(&self.db)
        .await?;
        let items = rows.iter().map(call_from_row).collect::<Result<Vec<_>, _>>()?;
        self.with_roles(items).await
    }

    /// Any call, whatever its state; callers decide who may see it.
    pub async fn get(&self, id: Uuid) -> Result<Option<CastingCall>, sqlx::Error> {
        let row = sqlx::query(AssertSqlSafe(format!("{CALL_SELECT} WHERE c.id = $1"))).bind(id).fetch_optional(&self.db).await?;
        let Some(call) = row.as_ref().map(call_from_row).transpose()? else { return Ok(None) };
        Ok(self.with_roles(vec![call]).await?.pop())
    }

    /// A call as `viewer` may see it: public calls for everyone, the rest for who manages them.
    pub async fn get_visible(&self, id: Uuid, viewer: Option<&User>) -> Result<Option<CastingCall>, sqlx::Error> {
        Ok(self.get(id).await?.filter(|c| c.status.is_public() || viewer.is_some_and(|u| may_manage(u, c.organization_id))))
    }

    pub async fn list_for_organization(&self, org: Uuid) -> Result<Vec<CastingCall>, sqlx::Error> {
        let rows = sqlx::query(AssertSqlSafe(format!("{CALL_SELECT} WHERE c.organization_id = $1 ORDER BY c.updated_at DESC LIMIT 200")))
            .bind(org)
            .fetch_all(&self.db)
            .await?;
        let items = rows.iter().map(call_from_row).collect::<Result<Vec<_>, _>>()?;
        self.with_roles(items).await
    }

    /// Calls for the sitemap: active and open, newest change first.
    pub async fn sitemap(&self, now: OffsetDateTime) -> Result<Vec<(Uuid, OffsetDateTime)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, updated_at FROM casting_calls WHERE status = 'active' AND (deadline IS NULL OR deadline >= $1)
             ORDER BY updated_at DESC LIMIT 50000",
        )
        .bind(now)
        .fetch_all(&self.db)
        .await
    }

    /// A hirer posts a call for their organization.
    pub async fn create(&self, user: &User, call: &NewCall, meta: &RequestMeta) -> Result<Uuid, SaveError> {
        let Some(org) = user.organization_id.filter(|_| user.role == UserRole::Hirer) else {
            return Err(SaveError::Forbidden);
        };
        let id = Uuid::new_v4();
        let mut tx = self.db.begin().await?;
        let trusted = crate::organization::is_trusted(&mut tx, org).await?;
        let status = call.intent.target(None, trusted);
        if status != CallStatus::Draft {
            CallStatus::Draft.transition(status, CallActor::Hirer)?;
        }
        may_publish(user, None, status)?;
        within_plan(&mut tx, user, org, (None, call), None, status).await?;
        sqlx::query(
            "INSERT INTO casting_calls (id, organization_id, created_by, title, description, city, project_type, language,
                requirements, deadline, shoot_starts_on, shoot_ends_on, status, published_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, CASE WHEN $13 = 'active' THEN now() END)",
        )
        .bind(id)
        .bind(org)
        .bind(user.id)
        .bind(&call.title)
        .bind(&call.description)
        .bind(call.city.slug())
        .bind(call.project_type.as_str())
        .bind(call.language.code())
        .bind(&call.requirements)
        .bind(call.deadline)
        .bind(call.shoot_starts_on)
        .bind(call.shoot_ends_on)
        .bind(status.as_str())
        .execute(&mut *tx)
        .await?;
        write_roles(&mut tx, id, call).await?;
        audit::record(&mut *tx, "CastingCallCreated", Some(user.id), Some(&id.to_string()), meta, json!({ "status": status.as_str() }))
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes a call; only who may manage it, and only along the allowed transitions.
    pub async fn update(&self, user: &User, id: Uuid, call: &NewCall, meta: &RequestMeta) -> Result<(), SaveError> {
        let mut tx = self.db.begin().await?;
        let row: Option<(Option<Uuid>, String)> =
            sqlx::query_as("SELECT organization_id, status FROM casting_calls WHERE id = $1 FOR UPDATE")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((org, status)) = row else { return Err(SaveError::NotFound) };
        if !may_manage(user, org) {
            return Err(SaveError::Forbidden);
        }
        let current = CallStatus::from_db(&status).ok_or(SaveError::NotFound)?;
        let by = if user.role == UserRole::Admin { CallActor::Admin } else { CallActor::Hirer };
        let trusted = match org {
            Some(org) => crate::organization::is_trusted(&mut tx, org).await?,
            None => true,
        };
        let next = current.transition(call.intent.target(Some(current), trusted), by)?;
        may_publish(user, Some(current), next)?;
        if let Some(org) = org {
            within_plan(&mut tx, user, org, (Some(id), call), Some(current), next).await?;
        }
        let with_applications: Vec<i32> = sqlx::query_scalar(
            "SELECT DISTINCT r.position FROM casting_roles r JOIN applications a ON a.role_id = r.id
             WHERE r.casting_call_id = $1 AND r.position >= $2 ORDER BY 1",
        )
        .bind(id)
        .bind(call.roles.len() as i32)
        .fetch_all(&mut *tx)
        .await?;
        if let Some(position) = with_applications.first() {
            return Err(SaveError::RoleHasApplications(*position as usize));
        }
        sqlx::query(
            "UPDATE casting_calls SET title = $2, description = $3, city = $4, project_type = $5, language = $6,
                requirements = $7, deadline = $8, shoot_starts_on = $9, shoot_ends_on = $10, status = $11,
                published_at = CASE WHEN $11 = 'active' THEN coalesce(published_at, now()) ELSE published_at END,
                closed_reason = CASE WHEN $11 = 'closed' THEN coalesce(closed_reason, 'hirer') ELSE NULL END,
                updated_at = now()
             WHERE id = $1",
        )
        .bind(id)
        .bind(&call.title)
        .bind(&call.description)
        .bind(call.city.slug())
        .bind(call.project_type.as_str())
        .bind(call.language.code())
        .bind(&call.requirements)
        .bind(call.deadline)
        .bind(call.shoot_starts_on)
        .bind(call.shoot_ends_on)
        .bind(next.as_str())
        .execute(&mut *tx)
        .await?;
        write_roles(&mut tx, id, call).await?;
        audit::record(
            &mut *tx,
            "CastingCallUpdated",
            Some(user.id),
            Some(&id.to_string()),
            meta,
            json!({ "from": current.as_str(), "to": next.as_str() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// A call must fit its organization's plan: self-tapes asked of every applicant need a plan with
/// self-tape requests, and a call that opens (to review or to applicants) a free place among
/// the open calls, counted under the organization's lock so two publishes at once cannot both
/// take the last one.
async fn within_plan(
    tx: &mut PgConnection,
    user: &User,
    org: Uuid,
    call: (Option<Uuid>, &NewCall),
    from: Option<CallStatus>,
    to: CallStatus,
) -> Result<(), SaveError> {
    sqlx::query("SELECT 1 FROM organizations WHERE id = $1 FOR UPDATE").bind(org).execute(&mut *tx).await?;
    let plan = billing::entitlements(tx, user).await?;
    if call.1.roles.iter().any(|r| r.requires.contains(&super::MediaNeed::SelfTape)) {
        plan.may_request_self_tapes().map_err(SaveError::Plan)?;
    }
    let open = |s: Option<CallStatus>| matches!(s, Some(CallStatus::Active | CallStatus::PendingReview));
    if open(Some(to)) && !open(from) {
        let count = billing::open_calls(tx, org, call.0).await?;
        plan.may_open_call(count).map_err(SaveError::Plan)?;
    }
    Ok(())
}

/// Roles keep their ids by position, so what later refers to a role (applications) survives
/// an edit of the call.
/// An admin approves a call the Digital Twin gathered: it is public at once, marked as
/// aggregated, with its source; no organization owns it.
pub(crate) async fn insert_aggregated(
    tx: &mut sqlx::Transaction<'_, Postgres>,
    admin: Uuid,
    call: &NewCall,
    company: Option<&str>,
    source_url: Option<&str>,
    contact: Option<&str>,
    show_phone: bool,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO casting_calls (id, created_by, title, description, company, city, project_type, language, requirements,
            deadline, shoot_starts_on, shoot_ends_on, contact_info, show_contact_phone, status, source_url, is_aggregated, published_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'active', $15, true, now())",
    )
    .bind(id)
    .bind(admin)
    .bind(&call.title)
    .bind(&call.description)
    .bind(company)
    .bind(call.city.slug())
    .bind(call.project_type.as_str())
    .bind(call.language.code())
    .bind(&call.requirements)
    .bind(call.deadline)
    .bind(call.shoot_starts_on)
    .bind(call.shoot_ends_on)
    .bind(contact)
    .bind(show_phone)
    .bind(source_url)
    .execute(&mut **tx)
    .await?;
    write_roles(tx, id, call).await?;
    Ok(id)
}

async fn write_roles(tx: &mut sqlx::Transaction<'_, Postgres>, call_id: Uuid, call: &NewCall) -> Result<(), sqlx::Error> {
    for (position, role) in call.roles.iter().enumerate() {
        sqlx::query(
            "INSERT INTO casting_roles (id, casting_call_id, position, name, description, gender, age_min, age_max, is_paid, compensation_halalas,
                                        required_media)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (casting_call_id, position) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
               gender = EXCLUDED.gender, age_min = EXCLUDED.age_min, age_max = EXCLUDED.age_max, is_paid = EXCLUDED.is_paid,
               compensation_halalas = EXCLUDED.compensation_halalas, required_media = EXCLUDED.required_media",
        )
        .bind(Uuid::new_v4())
        .bind(call_id)
        .bind(position as i32)
        .bind(&role.name)
        .bind(&role.description)
        .bind(role.gender.as_str())
        .bind(role.age_min)
        .bind(role.age_max)
        .bind(role.is_paid)
        .bind(role.compensation.map(|h| h.0))
        .bind(role.requires.iter().map(|n| n.as_str()).collect::<Vec<_>>())
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("DELETE FROM casting_roles WHERE casting_call_id = $1 AND position >= $2")
        .bind(call_id)
        .bind(call.roles.len() as i32)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM casting_questions WHERE casting_call_id = $1").bind(call_id).execute(&mut **tx).await?;
    for (position, prompt) in call.questions.iter().enumerate() {
        sqlx::query("INSERT INTO casting_questions (casting_call_id, position, prompt) VALUES ($1, $2, $3)")
            .bind(call_id)
            .bind(position as i32)
            .bind(prompt)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::account::tests_support::user;

    #[test]
    fn who_may_manage_a_call() {
        let org = Uuid::new_v4();
        assert!(may_manage(&user(UserRole::Hirer, Some(org)), Some(org)));
        assert!(!may_manage(&user(UserRole::Hirer, Some(Uuid::new_v4())), Some(org)));
        assert!(!may_manage(&user(UserRole::Hirer, None), None), "no organization matches an aggregated call");
        assert!(!may_manage(&user(UserRole::Talent, Some(org)), Some(org)));
        assert!(may_manage(&user(UserRole::Admin, None), Some(org)));
    }
}
