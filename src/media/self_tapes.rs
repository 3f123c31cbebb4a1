//! Self-tape requests kept in PostgreSQL: asked for from the worksheet, answered by the
//! application's self-tape upload, marked viewed when the hiring side plays it, reminded of a
//! day before the deadline.

use super::{
    AssetStatus,
    asset::Asset,
    self_tape::{NewRequest, SelfTapeRequest, SelfTapeStatus},
    service::{Media, MediaError},
};
use crate::{
    account::User,
    audit::{self, RequestMeta},
    notify::{self, Notice, NoticeKind},
    routes::{Page, api},
};
use serde_json::json;
use sqlx::{PgConnection, Row, postgres::PgRow};
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

/// Hours before the deadline a pending request is reminded of.
pub const REMIND_HOURS_BEFORE: i32 = 24;

const SELECT: &str = "SELECT r.id, r.application_id, r.instructions, r.deadline, r.status, r.tape_asset_id, r.sides_asset_id,
        t.hls AS tape_hls, t.status AS tape_status
     FROM self_tape_requests r LEFT JOIN media_assets t ON t.id = r.tape_asset_id";

fn request_from(row: &PgRow) -> Result<SelfTapeRequest, sqlx::Error> {
    let status: String = row.try_get("status")?;
    let tape: Option<Uuid> = row.try_get("tape_asset_id")?;
    let ready = row.try_get::<Option<String>, _>("tape_status")?.as_deref() == Some(AssetStatus::Ready.as_str());
    let hls = row.try_get::<Option<bool>, _>("tape_hls")?.unwrap_or(false);
    let sides: Option<Uuid> = row.try_get("sides_asset_id")?;
    Ok(SelfTapeRequest {
        id: row.try_get("id")?,
        application_id: row.try_get("application_id")?,
        instructions: row.try_get("instructions")?,
        deadline: row.try_get("deadline")?,
        status: SelfTapeStatus::from_db(&status).unwrap_or(SelfTapeStatus::Pending),
        tape_asset_id: tape,
        playback: tape.filter(|_| ready && hls).map(|t| api::url(api::MEDIA_PLAYBACK, t)),
        sides: sides.map(|s| api::url(api::MEDIA_ORIGINAL, s)),
    })
}

impl Media {
    /// Asks each of `applications` (of `role`, sent to the hirer's organization) for a tape.
    /// Applications with a request still open are left as they are; answers how many were asked.
    pub async fn request_self_tapes(
        &self,
        hirer: &User,
        role: Uuid,
        applications: &[Uuid],
        request: &NewRequest,
        sides: Option<Uuid>,
        meta: &RequestMeta,
    ) -> Result<usize, MediaError> {
        if let Some(s) = sides
            && !self.list_sides(hirer.id).await?.iter().any(|a| a.id == s)
        {
            let mut e = crate::FieldErrors::new();
            e.add("sides", crate::Msg::new("error-unknown-choice"));
            return Err(MediaError::Invalid(e));
        }
        let org: Option<Option<Uuid>> = sqlx::query_scalar(
            "SELECT c.organization_id FROM casting_roles r JOIN casting_calls c ON c.id = r.casting_call_id WHERE r.id = $1",
        )
        .bind(role)
        .fetch_optional(&self.db)
        .await?;
        let Some(org) = org else { return Err(MediaError::NotFound) };
        if !crate::casting::may_manage(hirer, org) {
            return Err(MediaError::NotFound);
        }
        let mut tx = self.db.begin().await?;
        let plan = crate::billing::entitlements(&mut tx, hirer).await?;
        plan.may_request_self_tapes().map_err(MediaError::Plan)?;
        let rows = sqlx::query(
            "SELECT a.id, tp.user_id, tp.guardian_user_id, r.name AS role_name, c.title,
                    coalesce(o.name_ar, o.name_en, c.company, '') AS organization
             FROM applications a JOIN talent_profiles tp ON tp.id = a.talent_profile_id
             JOIN casting_roles r ON r.id = a.role_id JOIN casting_calls c ON c.id = a.casting_call_id
             LEFT JOIN organizations o ON o.id = c.organization_id
             WHERE a.id = ANY($1) AND a.role_id = $2 AND a.submitted_at IS NOT NULL AND a.status NOT IN ('withdrawn', 'rejected')
               AND NOT EXISTS (SELECT 1 FROM self_tape_requests s WHERE s.application_id = a.id AND s.status = 'pending')
             FOR UPDATE OF a",
        )
        .bind(applications)
        .bind(role)
        .fetch_all(&mut *tx)
        .await?;
        let deadline_day = request.deadline.to_offset(crate::casting::RIYADH).date().to_string();
        for row in &rows {
            let (application, talent): (Uuid, Uuid) = (row.try_get("id")?, row.try_get("user_id")?);
            let guardian: Option<Uuid> = row.try_get("guardian_user_id")?;
            let id = Uuid::new_v4();
            sqlx::query(
                "INSERT INTO self_tape_requests (id, application_id, requested_by, instructions, deadline, sides_asset_id)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(application)
            .bind(hirer.id)
            .bind(&request.instructions)
            .bind(request.deadline)
            .bind(sides)
            .execute(&mut *tx)
            .await?;
            let params = notify::params_object(&[
                ("organization", row.try_get::<String, _>("organization")?),
                ("role", row.try_get::<String, _>("role_name")?),
                ("deadline", deadline_day.clone()),
            ]);
            for user in std::iter::once(talent).chain(guardian) {
                notify::notify(
                    &mut tx,
                    Notice {
                        user_id: user,
                        kind: NoticeKind::SelfTapeRequested,
                        params: params.clone(),
                        link: Page::Application { id: application }.path(),
                        dedupe_key: format!("self-tape:{id}:{user}"),
                    },
                )
                .await?;
            }
        }
        audit::record(
            &mut *tx,
            "self_tape.requested",
            Some(hirer.id),
            Some(&role.to_string()),
            meta,
            json!({ "applications": rows.len(), "deadline": deadline_day }),
        )
        .await?;
        tx.commit().await?;
        Ok(rows.len())
    }

    /// The requests of an application, newest first, for its parties: the talent, their
    /// guardian, and the hiring organization (or an administrator). Others get `NotFound`.
    pub async fn self_tape_requests(&self, user: &User, application: Uuid) -> Result<Vec<SelfTapeRequest>, MediaError> {
        self.check_party(user, application).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE r.application_id = $1 ORDER BY r.created_at DESC")))
            .bind(application)
            .fetch_all(&self.db)
            .await?;
        Ok(rows.iter().map(request_from).collect::<Result<_, _>>()?)
    }

    /// `NotFound` unless `user` is a party of the application: its talent, their guardian, the
    /// hiring organization or an administrator.
    pub(super) async fn check_party(&self, user: &User, application: Uuid) -> Result<(), MediaError> {
        let party: Option<(Uuid, Option<Uuid>, Option<Uuid>)> = sqlx::query_as(
            "SELECT tp.user_id, tp.guardian_user_id, c.organization_id FROM applications a
             JOIN talent_profiles tp ON tp.id = a.talent_profile_id JOIN casting_calls c ON c.id = a.casting_call_id WHERE a.id = $1",
        )
        .bind(application)
        .fetch_optional(&self.db)
        .await?;
        let Some((talent, guardian, org)) = party else { return Err(MediaError::NotFound) };
        if user.id == talent || Some(user.id) == guardian || crate::casting::may_manage(user, org) {
            Ok(())
        } else {
            Err(MediaError::NotFound)
        }
    }

    /// The latest request of each application of a role, for its worksheet (the hiring side).
    pub async fn worksheet_tapes(&self, hirer: &User, role: Uuid) -> Result<HashMap<Uuid, SelfTapeRequest>, MediaError> {
        let org: Option<Option<Uuid>> = sqlx::query_scalar(
            "SELECT c.organization_id FROM casting_roles r JOIN casting_calls c ON c.id = r.casting_call_id WHERE r.id = $1",
        )
        .bind(role)
        .fetch_optional(&self.db)
        .await?;
        if !org.is_some_and(|org| crate::casting::may_manage(hirer, org)) {
            return Err(MediaError::NotFound);
        }
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} JOIN applications a ON a.id = r.application_id WHERE a.role_id = $1 ORDER BY r.created_at"
        )))
        .bind(role)
        .fetch_all(&self.db)
        .await?;
        let mut out = HashMap::new();
        for row in &rows {
            let r = request_from(row)?;
            out.insert(r.application_id, r);
        }
        Ok(out)
    }

    /// A self-tape upload of an application answers its open request.
    pub(super) async fn answer_request(&self, conn: &mut PgConnection, asset: &Asset) -> Result<(), MediaError> {
        let (Some(application), super::Purpose::SelfTape) = (asset.application_id, asset.purpose) else { return Ok(()) };
        let request: Option<Uuid> = sqlx::query_scalar(
            "UPDATE self_tape_requests SET status = 'submitted', tape_asset_id = $2, submitted_at = now()
             WHERE application_id = $1 AND status = 'pending' RETURNING id",
        )
        .bind(application)
        .bind(asset.id)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(r) = request {
            sqlx::query("UPDATE media_assets SET self_tape_request_id = $2 WHERE id = $1")
                .bind(asset.id)
                .bind(r)
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }

    /// The hiring side played the tape: its request is viewed.
    pub(super) async fn tape_viewed(&self, viewer: &User, asset: &Asset) -> Result<(), MediaError> {
        let Some(request) = asset.self_tape_request_id else { return Ok(()) };
        if viewer.id == asset.owner_id || !matches!(viewer.role, crate::account::UserRole::Hirer) {
            return Ok(());
        }
        sqlx::query("UPDATE self_tape_requests SET status = 'viewed', viewed_at = now() WHERE id = $1 AND status = 'submitted'")
            .bind(request)
            .execute(&self.db)
            .await?;
        Ok(())
    }

    /// Reminds the talent (and guardian) of requests still pending a day before their deadline,
    /// once each; answers how many.
    pub async fn remind_self_tapes(&self, now: OffsetDateTime) -> Result<usize, MediaError> {
        let mut tx = self.db.begin().await?;
        let rows = sqlx::query(
            "UPDATE self_tape_requests r SET reminded_at = $1
             FROM applications a, talent_profiles tp, casting_roles ro
             WHERE r.status = 'pending' AND r.reminded_at IS NULL AND r.deadline > $1
               AND r.deadline <= $1 + make_interval(hours => $2)
               AND a.id = r.application_id AND tp.id = a.talent_profile_id AND ro.id = a.role_id
             RETURNING r.id, r.application_id, r.deadline, tp.user_id, tp.guardian_user_id, ro.name AS role_name",
        )
        .bind(now)
        .bind(REMIND_HOURS_BEFORE)
        .fetch_all(&mut *tx)
        .await?;
        for row in &rows {
            let (id, application): (Uuid, Uuid) = (row.try_get("id")?, row.try_get("application_id")?);
            let deadline: OffsetDateTime = row.try_get("deadline")?;
            let talent: Uuid = row.try_get("user_id")?;
            let guardian: Option<Uuid> = row.try_get("guardian_user_id")?;
            let params = notify::params_object(&[
                ("role", row.try_get::<String, _>("role_name")?),
                ("deadline", deadline.to_offset(crate::casting::RIYADH).date().to_string()),
            ]);
            for user in std::iter::once(talent).chain(guardian) {
                notify::notify(
                    &mut tx,
                    Notice {
                        user_id: user,
                        kind: NoticeKind::SelfTapeReminder,
                        params: params.clone(),
                        link: Page::Application { id: application }.path(),
                        dedupe_key: format!("self-tape-reminder:{id}:{user}"),
                    },
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(rows.len())
    }
}
