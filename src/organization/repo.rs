//! Organizations in PostgreSQL: their profile, members and invitations, and the hirer's
//! dashboard counts.

use super::{CallCounts, Dashboard, Member, MemberInvitation, MemberRole, OrgKind, Organization, OrganizationUpdate};
use crate::{
    FieldErrors, Msg,
    account::{Email, User, UserRole},
    application::ApplicationStatus,
    audit::{self, RequestMeta},
    casting::CallStatus,
    city::City,
    notify::{self, MailKind},
    rate_limit::{self, Limit},
    token::{self, Purpose, TokenKey},
};
use serde_json::json;
use sqlx::{PgConnection, PgPool, Row, postgres::PgRow};
use std::collections::BTreeMap;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// An unverified organization's calls are reviewed until this many were approved.
pub const TRUSTED_AFTER_APPROVED_CALLS: i64 = 2;
pub const INVITATION_DAYS: i64 = 7;
const INVITES_PER_DAY: Limit = Limit { max: 20, window: std::time::Duration::from_secs(24 * 3600) };

#[derive(Debug, thiserror::Error)]
pub enum OrgError {
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
    #[error("plan limit: {0:?}")]
    Plan(crate::billing::Gate),
}

impl OrgError {
    pub fn msg(&self) -> Msg {
        match self {
            OrgError::Invalid(_) => Msg::new("error-form-invalid"),
            OrgError::Refused(m) => m.clone(),
            OrgError::Forbidden => Msg::new("error-forbidden"),
            OrgError::NotFound => Msg::new("error-not-found"),
            OrgError::Database(_) => Msg::new("error-internal"),
            OrgError::Plan(g) => g.msg(),
        }
    }
}

impl crate::DomainError for OrgError {
    fn failure(&self) -> crate::Failure {
        use crate::Failure;
        match self {
            OrgError::Invalid(e) => Failure::Invalid(e.clone()),
            OrgError::Refused(m) => Failure::Refused(m.clone()),
            OrgError::Forbidden => Failure::Forbidden,
            OrgError::NotFound => Failure::NotFound,
            OrgError::Database(_) => Failure::Internal,
            OrgError::Plan(g) => Failure::PlanLimit(g.msg()),
        }
    }
}

fn org_from_row(r: &PgRow) -> Result<Organization, sqlx::Error> {
    let kind: String = r.try_get("kind")?;
    let city: Option<String> = r.try_get("city")?;
    Ok(Organization {
        id: r.try_get("id")?,
        name_ar: r.try_get("name_ar")?,
        name_en: r.try_get("name_en")?,
        kind: OrgKind::from_db(&kind).unwrap_or(OrgKind::ProductionCompany),
        city: city.and_then(|c| City::parse(&c).ok()),
        website: r.try_get("website")?,
        commercial_registration: r.try_get("commercial_registration")?,
        verified: r.try_get("verified")?,
        created_at: r.try_get("created_at")?,
    })
}

const SELECT: &str = "SELECT id, name_ar, name_en, kind, city, website, commercial_registration, verified, created_at FROM organizations";

/// Whether an organization's calls go live without review.
pub async fn is_trusted(db: &mut PgConnection, org: Uuid) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT o.verified OR (SELECT count(*) FROM casting_calls c WHERE c.organization_id = o.id AND c.reviewed_at IS NOT NULL
                                AND c.published_at IS NOT NULL) >= $2
         FROM organizations o WHERE o.id = $1",
    )
    .bind(org)
    .bind(TRUSTED_AFTER_APPROVED_CALLS)
    .fetch_optional(db)
    .await
    .map(|t| t.unwrap_or(false))
}

/// Joins a new hirer account to the organization that invited its address (sign-up from an
/// invitation link). Returns the organization, or a field error for the form.
pub async fn accept_invitation_on_signup(
    tx: &mut PgConnection,
    token: &str,
    user: Uuid,
    email: &Email,
    now: OffsetDateTime,
) -> Result<Result<Uuid, Msg>, sqlx::Error> {
    let row: Option<(Uuid, Uuid, String, OffsetDateTime, bool)> = sqlx::query_as(
        "SELECT id, organization_id, email, expires_at, accepted_at IS NOT NULL FROM organization_invitations
         WHERE token_hash = $1 FOR UPDATE",
    )
    .bind(token::hash(token))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id, org, invited, expires_at, used)) = row else { return Ok(Err(Msg::new("error-invitation-invalid"))) };
    if used {
        return Ok(Err(Msg::new("error-invitation-used")));
    }
    if expires_at < now {
        return Ok(Err(Msg::new("error-invitation-expired")));
    }
    if invited != email.as_str() {
        return Ok(Err(Msg::new("error-invitation-other-email").with("email", invited)));
    }
    sqlx::query("INSERT INTO organization_members (organization_id, user_id, member_role) VALUES ($1, $2, 'member')")
        .bind(org)
        .bind(user)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE organization_invitations SET accepted_at = now(), accepted_by = $2 WHERE id = $1")
        .bind(id)
        .bind(user)
        .execute(&mut *tx)
        .await?;
    Ok(Ok(org))
}

#[derive(Clone)]
pub struct Organizations {
    db: PgPool,
    key: TokenKey,
}

impl Organizations {
    pub fn new(db: PgPool, key: TokenKey) -> Self {
        Self { db, key }
    }

    pub async fn get(&self, id: Uuid) -> Result<Option<Organization>, sqlx::Error> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1"))).bind(id).fetch_optional(&self.db).await?;
        row.as_ref().map(org_from_row).transpose()
    }

    /// The hirer's own organization; `Forbidden` for anyone else.
    async fn own(&self, user: &User) -> Result<Organization, OrgError> {
        let org = user.organization_id.filter(|_| user.role == UserRole::Hirer).ok_or(OrgError::Forbidden)?;
        self.get(org).await?.ok_or(OrgError::NotFound)
    }

    async fn member_role(&self, user: &User, org: Uuid) -> Result<Option<MemberRole>, sqlx::Error> {
        let role: Option<String> =
            sqlx::query_scalar("SELECT member_role FROM organization_members WHERE organization_id = $1 AND user_id = $2")
                .bind(org)
                .bind(user.id)
                .fetch_optional(&self.db)
                .await?;
        Ok(role.and_then(|r| MemberRole::from_db(&r)))
    }

    async fn require_owner(&self, user: &User) -> Result<Organization, OrgError> {
        let org = self.own(user).await?;
        match self.member_role(user, org.id).await? {
            Some(MemberRole::Owner) => Ok(org),
            _ => Err(OrgError::Forbidden),
        }
    }

    pub async fn members(&self, org: Uuid) -> Result<Vec<Member>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT u.id, u.display_name, u.email, m.member_role, m.created_at FROM organization_members m JOIN users u ON u.id = m.user_id
             WHERE m.organization_id = $1 ORDER BY m.member_role DESC, m.created_at",
        )
        .bind(org)
        .fetch_all(&self.db)
        .await?;
        rows.iter()
            .map(|r| {
                let role: String = r.try_get("member_role")?;
                Ok(Member {
                    user_id: r.try_get("id")?,
                    name: r.try_get("display_name")?,
                    email: r.try_get("email")?,
                    role: MemberRole::from_db(&role).unwrap_or(MemberRole::Member),
                    since: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// The hirer's organization with its members, pending invitations and whether the
    /// signed-in hirer owns it.
    pub async fn settings(&self, user: &User) -> Result<(Organization, Vec<Member>, Vec<MemberInvitation>, bool), OrgError> {
        let org = self.own(user).await?;
        let members = self.members(org.id).await?;
        let owner = members.iter().any(|m| m.user_id == user.id && m.role == MemberRole::Owner);
        let invitations = sqlx::query_as::<_, (String, OffsetDateTime)>(
            "SELECT email, expires_at FROM organization_invitations WHERE organization_id = $1 AND accepted_at IS NULL
             AND expires_at > now() ORDER BY created_at DESC",
        )
        .bind(org.id)
        .fetch_all(&self.db)
        .await?
        .into_iter()
        .map(|(email, expires_at)| MemberInvitation { email, expires_at })
        .collect();
        Ok((org, members, invitations, owner))
    }

    pub async fn update(&self, user: &User, update: &OrganizationUpdate, meta: &RequestMeta) -> Result<(), OrgError> {
        let org = self.require_owner(user).await?;
        let mut tx = self.db.begin().await?;
        let res = sqlx::query(
            "UPDATE organizations SET name_ar = $2, name_en = $3, kind = $4, city = $5, website = $6, commercial_registration = $7,
             updated_at = now() WHERE id = $1",
        )
        .bind(org.id)
        .bind(&update.name_ar)
        .bind(&update.name_en)
        .bind(update.kind.as_str())
        .bind(update.city.map(|c| c.slug()))
        .bind(update.website.as_ref().map(|w| w.as_str()))
        .bind(update.commercial_registration.as_ref().map(|c| c.as_str()))
        .execute(&mut *tx)
        .await;
        if let Err(sqlx::Error::Database(db)) = &res
            && db.constraint() == Some("organizations_cr_key")
        {
            let mut e = FieldErrors::new();
            e.add("commercial_registration", Msg::new("error-cr-taken"));
            return Err(OrgError::Invalid(e));
        }
        res?;
        audit::record(&mut *tx, "OrganizationUpdated", Some(user.id), Some(&org.id.to_string()), meta, json!({})).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The owner invites someone by e-mail to join as a member.
    pub async fn invite(&self, user: &User, email: &str, now: OffsetDateTime, meta: &RequestMeta) -> Result<(), OrgError> {
        let org = self.require_owner(user).await?;
        let email = Email::parse(email).map_err(|m| {
            let mut e = FieldErrors::new();
            e.add("email", m);
            OrgError::Invalid(e)
        })?;
        let member: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM organization_members m JOIN users u ON u.id = m.user_id
             WHERE m.organization_id = $1 AND lower(u.email) = $2)",
        )
        .bind(org.id)
        .bind(email.as_str())
        .fetch_one(&self.db)
        .await?;
        if member {
            let mut e = FieldErrors::new();
            e.add("email", Msg::new("error-already-member"));
            return Err(OrgError::Invalid(e));
        }
        if let Err(wait) = rate_limit::hit(&self.db, &format!("org-invite:{}", org.id), INVITES_PER_DAY).await? {
            return Err(OrgError::Refused(Msg::new("error-rate-limited").with("minutes", rate_limit::minutes(wait))));
        }
        let id = Uuid::new_v4();
        let mut tx = self.db.begin().await?;
        // The plan's seats: members and invitations still open, counted under the
        // organization's lock so two invitations at once cannot both take the last seat.
        sqlx::query("SELECT 1 FROM organizations WHERE id = $1 FOR UPDATE").bind(org.id).execute(&mut *tx).await?;
        let seats: i64 = sqlx::query_scalar(
            "SELECT (SELECT count(*) FROM organization_members WHERE organization_id = $1)
                  + (SELECT count(*) FROM organization_invitations WHERE organization_id = $1 AND accepted_at IS NULL
                       AND expires_at > $3 AND email <> $2)",
        )
        .bind(org.id)
        .bind(email.as_str())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        crate::billing::entitlements(&mut tx, user)
            .await?
            .may_add_seat(u32::try_from(seats).unwrap_or(u32::MAX))
            .map_err(OrgError::Plan)?;
        sqlx::query("DELETE FROM organization_invitations WHERE organization_id = $1 AND email = $2 AND accepted_at IS NULL")
            .bind(org.id)
            .bind(email.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO organization_invitations (id, organization_id, email, token_hash, invited_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(org.id)
        .bind(email.as_str())
        .bind(token::hash(&self.key.token_for(Purpose::OrganizationInvitation, id)))
        .bind(user.id)
        .bind(now + Duration::days(INVITATION_DAYS))
        .execute(&mut *tx)
        .await?;
        let params = notify::params_object(&[
            ("organization", org.name(user.locale).to_string()),
            ("inviter", user.display_name.clone()),
            ("days", INVITATION_DAYS.to_string()),
        ]);
        let link = crate::routes::token_link(crate::routes::pattern::JOIN, "organization_invitation", id);
        notify::mail_address(
            &mut tx,
            email.as_str(),
            user.locale,
            MailKind::OrganizationInvitation,
            &params,
            &link,
            &format!("org-invite:{id}"),
        )
        .await?;
        audit::record(
            &mut *tx,
            "OrganizationMemberInvited",
            Some(user.id),
            Some(&org.id.to_string()),
            meta,
            json!({ "email": email.as_str() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The organization and address an invitation is for (the join page).
    pub async fn invitation(&self, token: &str, now: OffsetDateTime) -> Result<Option<(String, String, bool)>, sqlx::Error> {
        type Row = (Option<String>, Option<String>, String, OffsetDateTime, bool);
        let row: Option<Row> = sqlx::query_as(
            "SELECT o.name_ar, o.name_en, i.email, i.expires_at, i.accepted_at IS NOT NULL FROM organization_invitations i
             JOIN organizations o ON o.id = i.organization_id WHERE i.token_hash = $1",
        )
        .bind(token::hash(token))
        .fetch_optional(&self.db)
        .await?;
        Ok(row.map(|(ar, en, email, expires, used)| (ar.or(en).unwrap_or_default(), email, used || expires < now)))
    }

    /// A signed-in hirer with the invited address accepts. They may leave an organization only
    /// if they are alone in it and it never posted: nothing is orphaned.
    pub async fn accept(&self, user: &User, token: &str, now: OffsetDateTime, meta: &RequestMeta) -> Result<Uuid, OrgError> {
        if user.role != UserRole::Hirer {
            return Err(OrgError::Refused(Msg::new("error-invitation-hirers-only")));
        }
        let email = Email::parse(&user.email).map_err(|_| OrgError::Forbidden)?;
        let mut tx = self.db.begin().await?;
        if let Some(current) = user.organization_id {
            let (members, calls): (i64, i64) = sqlx::query_as(
                "SELECT (SELECT count(*) FROM organization_members WHERE organization_id = $1),
                        (SELECT count(*) FROM casting_calls WHERE organization_id = $1)",
            )
            .bind(current)
            .fetch_one(&mut *tx)
            .await?;
            if members > 1 || calls > 0 {
                return Err(OrgError::Refused(Msg::new("error-invitation-has-organization")));
            }
            sqlx::query("DELETE FROM organization_members WHERE organization_id = $1").bind(current).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM organizations WHERE id = $1").bind(current).execute(&mut *tx).await?;
        }
        let org = match accept_invitation_on_signup(&mut tx, token, user.id, &email, now).await? {
            Ok(org) => org,
            Err(m) => return Err(OrgError::Refused(m)),
        };
        audit::record(&mut *tx, "OrganizationMemberJoined", Some(user.id), Some(&org.to_string()), meta, json!({})).await?;
        tx.commit().await?;
        Ok(org)
    }

    /// The owner removes a member (never the last owner).
    pub async fn remove_member(&self, user: &User, member: Uuid, meta: &RequestMeta) -> Result<(), OrgError> {
        let org = self.require_owner(user).await?;
        if member == user.id {
            return Err(OrgError::Refused(Msg::new("error-owner-cannot-leave")));
        }
        let mut tx = self.db.begin().await?;
        let done = sqlx::query("DELETE FROM organization_members WHERE organization_id = $1 AND user_id = $2 AND member_role = 'member'")
            .bind(org.id)
            .bind(member)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(OrgError::NotFound);
        }
        audit::record(&mut *tx, "OrganizationMemberRemoved", Some(user.id), Some(&org.id.to_string()), meta, json!({ "member": member }))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The hirer's dashboard: every call of the organization with applications per status.
    pub async fn dashboard(&self, user: &User) -> Result<Dashboard, OrgError> {
        let org = self.own(user).await?;
        let calls = sqlx::query(
            "SELECT c.id, c.title, c.status, c.closed_reason, c.deadline,
                coalesce((SELECT json_agg(json_build_array(r.id, r.name) ORDER BY r.position) FROM casting_roles r WHERE r.casting_call_id = c.id), '[]') AS roles
             FROM casting_calls c WHERE c.organization_id = $1 ORDER BY c.updated_at DESC LIMIT 500",
        )
        .bind(org.id)
        .fetch_all(&self.db)
        .await?;
        let counts: Vec<(Uuid, String, i64)> = sqlx::query_as(
            "SELECT a.casting_call_id, a.status, count(*) FROM applications a JOIN casting_calls c ON c.id = a.casting_call_id
             WHERE c.organization_id = $1 AND a.submitted_at IS NOT NULL GROUP BY 1, 2",
        )
        .bind(org.id)
        .fetch_all(&self.db)
        .await?;
        let mut calls_by_status = BTreeMap::new();
        let mut applications_by_status = BTreeMap::new();
        let mut out = Vec::new();
        for r in &calls {
            let id: Uuid = r.try_get("id")?;
            let status: String = r.try_get("status")?;
            *calls_by_status.entry(status.clone()).or_insert(0) += 1;
            let roles: serde_json::Value = r.try_get("roles")?;
            let roles = roles
                .as_array()
                .map(|a| a.iter().filter_map(|p| Some((p.get(0)?.as_str()?.parse().ok()?, p.get(1)?.as_str()?.to_string()))).collect())
                .unwrap_or_default();
            let mut applications = BTreeMap::new();
            for (call, s, n) in counts.iter().filter(|(c, _, _)| *c == id) {
                let _ = call;
                if let Some(s) = ApplicationStatus::from_db(s) {
                    applications.insert(s, *n);
                    *applications_by_status.entry(s).or_insert(0) += *n;
                }
            }
            out.push(CallCounts {
                call_id: id,
                title: r.try_get("title")?,
                status: CallStatus::from_db(&status).unwrap_or(CallStatus::Draft),
                closed_reason: r.try_get("closed_reason")?,
                deadline: r.try_get("deadline")?,
                roles,
                applications,
            });
        }
        let mut conn = self.db.acquire().await?;
        let trusted = is_trusted(&mut conn, org.id).await?;
        Ok(Dashboard { organization: org, calls: out, calls_by_status, applications_by_status, trusted })
    }

    /// Administrators: every organization, unverified first.
    pub async fn list_all(&self, admin: &User) -> Result<Vec<Organization>, OrgError> {
        if admin.role != UserRole::Admin {
            return Err(OrgError::Forbidden);
        }
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} ORDER BY verified, created_at DESC LIMIT 500"))).fetch_all(&self.db).await?;
        Ok(rows.iter().map(org_from_row).collect::<Result<_, _>>()?)
    }

    pub async fn set_verified(&self, admin: &User, org: Uuid, verified: bool, meta: &RequestMeta) -> Result<(), OrgError> {
        if admin.role != UserRole::Admin {
            return Err(OrgError::Forbidden);
        }
        let mut tx = self.db.begin().await?;
        let done = sqlx::query("UPDATE organizations SET verified = $2, updated_at = now() WHERE id = $1")
            .bind(org)
            .bind(verified)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(OrgError::NotFound);
        }
        audit::record(&mut *tx, "OrganizationVerification", Some(admin.id), Some(&org.to_string()), meta, json!({ "verified": verified }))
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
