//! Shortlist links: a read-only page of a role's selects for a director without an account.
//! The link is signed (its id and expiry cannot be changed) and kept, so the hirer can revoke it.

use super::{ApplicationStatus, ShortlistLink, ShortlistView};
use crate::{
    Msg,
    account::User,
    audit::{self, RequestMeta},
    casting::{CastingCalls, may_manage},
    talent,
    token::{Purpose, TokenKey},
};
use serde_json::json;
use sqlx::{PgPool, Row};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

pub const MAX_LINK_DAYS: i64 = 30;

/// The statuses a shortlist shows.
const SHOWN: [ApplicationStatus; 3] = [ApplicationStatus::Shortlisted, ApplicationStatus::OnHold, ApplicationStatus::Booked];

#[derive(Clone)]
pub struct Shortlists {
    db: PgPool,
    key: TokenKey,
    calls: CastingCalls,
}

fn token(key: &TokenKey, id: Uuid, expires_at: OffsetDateTime) -> String {
    key.sign(Purpose::Shortlist, &format!("{}.{}", id.simple(), expires_at.unix_timestamp()))
}

impl Shortlists {
    pub fn new(db: PgPool, key: TokenKey) -> Self {
        Self { calls: CastingCalls::new(db.clone()), db, key }
    }

    /// Links of a role, newest first, with their tokens (for the worksheet only).
    pub(crate) async fn list(db: &PgPool, role: Uuid) -> Result<Vec<ShortlistLink>, sqlx::Error> {
        let rows = sqlx::query("SELECT id, expires_at, revoked_at IS NOT NULL AS revoked FROM shortlist_links WHERE role_id = $1 ORDER BY created_at DESC LIMIT 20")
            .bind(role)
            .fetch_all(db)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(ShortlistLink {
                    id: r.try_get("id")?,
                    url_token: String::new(),
                    expires_at: r.try_get("expires_at")?,
                    revoked: r.try_get("revoked")?,
                })
            })
            .collect()
    }

    /// Fills in the tokens of links listed for a hirer.
    pub fn with_tokens(&self, links: Vec<ShortlistLink>) -> Vec<ShortlistLink> {
        links.into_iter().map(|l| ShortlistLink { url_token: token(&self.key, l.id, l.expires_at), ..l }).collect()
    }

    async fn may_manage_role(&self, user: &User, call: Uuid, role: Uuid) -> Result<bool, sqlx::Error> {
        let Some(c) = self.calls.get(call).await? else { return Ok(false) };
        Ok(may_manage(user, c.organization_id) && c.roles.iter().any(|r| r.id == role))
    }

    /// A member of the organization makes a link valid for `days` days.
    pub async fn create(
        &self,
        user: &User,
        call: Uuid,
        role: Uuid,
        days: i64,
        now: OffsetDateTime,
        meta: &RequestMeta,
    ) -> Result<Result<String, Msg>, sqlx::Error> {
        if !self.may_manage_role(user, call, role).await? {
            return Ok(Err(Msg::new("error-not-found")));
        }
        if !(1..=MAX_LINK_DAYS).contains(&days) {
            return Ok(Err(Msg::new("error-number-range").with("min", 1).with("max", MAX_LINK_DAYS)));
        }
        let id = Uuid::new_v4();
        // Whole seconds, so the signed expiry and the stored one are the same instant.
        let expires_at = OffsetDateTime::from_unix_timestamp((now + Duration::days(days)).unix_timestamp()).unwrap_or(now);
        let mut tx = self.db.begin().await?;
        sqlx::query("INSERT INTO shortlist_links (id, role_id, created_by, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(role)
            .bind(user.id)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
        audit::record(&mut *tx, "ShortlistLinkCreated", Some(user.id), Some(&role.to_string()), meta, json!({ "link": id, "days": days }))
            .await?;
        tx.commit().await?;
        Ok(Ok(token(&self.key, id, expires_at)))
    }

    pub async fn revoke(&self, user: &User, call: Uuid, role: Uuid, link: Uuid, meta: &RequestMeta) -> Result<bool, sqlx::Error> {
        if !self.may_manage_role(user, call, role).await? {
            return Ok(false);
        }
        let mut tx = self.db.begin().await?;
        // Revoking twice is revoking once; only an unknown link is "not found".
        let found: Option<bool> = sqlx::query_scalar(
            "UPDATE shortlist_links SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND role_id = $2 RETURNING true",
        )
        .bind(link)
        .bind(role)
        .fetch_optional(&mut *tx)
        .await?;
        if found.is_none() {
            return Ok(false);
        }
        audit::record(&mut *tx, "ShortlistLinkRevoked", Some(user.id), Some(&role.to_string()), meta, json!({ "link": link })).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The page behind a link: `None` for a forged, expired or revoked one.
    pub async fn open(&self, signed: &str, now: OffsetDateTime) -> Result<Option<ShortlistView>, sqlx::Error> {
        let Some(payload) = self.key.verify(Purpose::Shortlist, signed) else { return Ok(None) };
        let Some((id, expires)) = payload.split_once('.') else { return Ok(None) };
        let (Ok(id), Ok(expires)) = (Uuid::parse_str(id), expires.parse::<i64>()) else { return Ok(None) };
        if expires < now.unix_timestamp() {
            return Ok(None);
        }
        let link: Option<(Uuid, OffsetDateTime)> =
            sqlx::query_as("SELECT role_id, expires_at FROM shortlist_links WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2")
                .bind(id)
                .bind(now)
                .fetch_optional(&self.db)
                .await?;
        let Some((role, expires_at)) = link else { return Ok(None) };
        let head: (String, String, Option<String>, Option<Uuid>) = sqlx::query_as(
            "SELECT c.title, r.name, coalesce(o.name_ar, o.name_en, c.company), c.organization_id FROM casting_roles r JOIN casting_calls c ON c.id = r.casting_call_id
             LEFT JOIN organizations o ON o.id = c.organization_id WHERE r.id = $1",
        )
        .bind(role)
        .fetch_one(&self.db)
        .await?;
        let today = talent::today(now);
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT a.status, {} FROM applications a JOIN talent_profiles p ON p.id = a.talent_profile_id
             WHERE a.role_id = $1 AND a.submitted_at IS NOT NULL AND a.status = ANY($2) ORDER BY a.updated_at DESC",
            super::repo::applicant_columns()
        )))
        .bind(role)
        .bind(SHOWN.iter().map(|s| s.as_str()).collect::<Vec<_>>())
        .fetch_all(&self.db)
        .await?;
        let mut entries = Vec::new();
        let mut minors_hidden = 0;
        for r in &rows {
            let applicant = super::repo::applicant_row(r, today)?;
            if applicant.is_minor {
                minors_hidden += 1;
                continue;
            }
            let status: String = r.try_get("status")?;
            entries.push((applicant, ApplicationStatus::from_db(&status).unwrap_or(ApplicationStatus::Shortlisted)));
        }
        Ok(Some(ShortlistView {
            organization_id: head.3,
            headshots: Default::default(),
            call_title: head.0,
            role_name: head.1,
            company: head.2,
            entries,
            minors_hidden,
            expires_at,
        }))
    }
}
