//! What happens to calls outside the hirer's form: review of new organizations' calls,
//! expiry after the deadline, reminders before it, and suspension by an administrator.

use super::{CallActor, CallStatus, CastingCall, CastingCalls, SaveError};
use crate::{
    account::{User, UserRole},
    audit::{self, RequestMeta},
    notify::{self, Notice, NoticeKind},
    routes::Page,
    text,
};
use serde_json::json;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// Hirers are reminded this long before a call's deadline.
pub const EXPIRY_REMINDER: Duration = Duration::hours(48);

impl CastingCalls {
    /// Closes every active call whose deadline has passed (reason `expired`). Safe to run on
    /// several nodes at once; returns the calls it closed.
    pub async fn expire_due(&self, now: OffsetDateTime) -> Result<Vec<Uuid>, sqlx::Error> {
        let mut tx = self.db().begin().await?;
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "UPDATE casting_calls SET status = 'closed', closed_reason = 'expired', updated_at = now()
             WHERE id IN (SELECT id FROM casting_calls WHERE status = 'active' AND deadline < $1 FOR UPDATE SKIP LOCKED)
             RETURNING id",
        )
        .bind(now)
        .fetch_all(&mut *tx)
        .await?;
        let meta = RequestMeta { ip: None, user_agent: Some("takeone-scheduler".into()) };
        for id in &ids {
            audit::record(&mut *tx, "CastingCallExpired", None, Some(&id.to_string()), &meta, json!({})).await?;
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// Tells the members of each organization whose call closes within [`EXPIRY_REMINDER`],
    /// once per call and member. Returns how many notifications were new.
    pub async fn remind_expiring(&self, now: OffsetDateTime) -> Result<usize, sqlx::Error> {
        let mut tx = self.db().begin().await?;
        let due: Vec<(Uuid, String, OffsetDateTime, Uuid)> = sqlx::query_as(
            "SELECT c.id, c.title, c.deadline, m.user_id FROM casting_calls c
             JOIN organization_members m ON m.organization_id = c.organization_id
             WHERE c.status = 'active' AND c.deadline >= $1 AND c.deadline < $2
               AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = 'call-expiring:' || c.id || ':' || m.user_id)",
        )
        .bind(now)
        .bind(now + EXPIRY_REMINDER)
        .fetch_all(&mut *tx)
        .await?;
        for (call, title, deadline, member) in &due {
            let day = deadline.to_offset(super::RIYADH).date().to_string();
            notify::notify(
                &mut tx,
                Notice {
                    user_id: *member,
                    kind: NoticeKind::CallExpiring,
                    params: notify::params_object(&[("call", title.clone()), ("deadline", day)]),
                    link: Page::EditCall { id: *call }.path(),
                    dedupe_key: format!("call-expiring:{call}:{member}"),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(due.len())
    }

    /// Calls waiting for an administrator's review, oldest first.
    pub async fn pending_review(&self, admin: &User) -> Result<Vec<CastingCall>, SaveError> {
        if admin.role != UserRole::Admin {
            return Err(SaveError::Forbidden);
        }
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{} WHERE c.status = 'pending_review' AND NOT c.is_aggregated ORDER BY c.updated_at LIMIT 200",
            super::repo::CALL_SELECT
        )))
        .fetch_all(self.db())
        .await?;
        let calls = rows.iter().map(super::repo::call_from_row).collect::<Result<Vec<_>, _>>()?;
        Ok(self.with_roles(calls).await?)
    }

    /// An administrator approves (publishes) or rejects a call in review, with a note.
    pub async fn review(&self, admin: &User, id: Uuid, approve: bool, note: &str, meta: &RequestMeta) -> Result<(), SaveError> {
        self.set_status_as_admin(
            admin,
            id,
            if approve { CallStatus::Active } else { CallStatus::Rejected },
            note,
            "CastingCallReviewed",
            meta,
        )
        .await
    }

    pub async fn suspend(&self, admin: &User, id: Uuid, meta: &RequestMeta) -> Result<(), SaveError> {
        self.set_status_as_admin(admin, id, CallStatus::Suspended, "", "CastingCallSuspended", meta).await
    }

    pub async fn reinstate(&self, admin: &User, id: Uuid, meta: &RequestMeta) -> Result<(), SaveError> {
        self.set_status_as_admin(admin, id, CallStatus::Active, "", "CastingCallReinstated", meta).await
    }

    async fn set_status_as_admin(
        &self,
        admin: &User,
        id: Uuid,
        to: CallStatus,
        note: &str,
        event: &str,
        meta: &RequestMeta,
    ) -> Result<(), SaveError> {
        let mut tx = self.db().begin().await?;
        self.set_status_in(&mut tx, admin, id, to, note, event, meta).await?;
        tx.commit().await?;
        Ok(())
    }

    /// An administrator's status change inside the caller's transaction (a suspension closes
    /// the call's reports in the same one).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn set_status_in(
        &self,
        tx: &mut sqlx::PgConnection,
        admin: &User,
        id: Uuid,
        to: CallStatus,
        note: &str,
        event: &str,
        meta: &RequestMeta,
    ) -> Result<(), SaveError> {
        if admin.role != UserRole::Admin {
            return Err(SaveError::Forbidden);
        }
        let note = text::optional_text(note, 1000, true).map_err(|m| {
            let mut e = crate::FieldErrors::new();
            e.add("note", m);
            SaveError::Invalid(e)
        })?;
        let status: Option<String> =
            sqlx::query_scalar("SELECT status FROM casting_calls WHERE id = $1 FOR UPDATE").bind(id).fetch_optional(&mut *tx).await?;
        let from = status.as_deref().and_then(CallStatus::from_db).ok_or(SaveError::NotFound)?;
        from.transition(to, CallActor::Admin)?;
        if from == to {
            return Err(SaveError::Transition(super::TransitionError { from, to, by: CallActor::Admin }));
        }
        sqlx::query(
            "UPDATE casting_calls SET status = $2, updated_at = now(),
                published_at = CASE WHEN $2 = 'active' THEN coalesce(published_at, now()) ELSE published_at END,
                reviewed_at = CASE WHEN $3 THEN now() ELSE reviewed_at END,
                review_note = CASE WHEN $3 THEN $4 ELSE review_note END
             WHERE id = $1",
        )
        .bind(id)
        .bind(to.as_str())
        .bind(from == CallStatus::PendingReview)
        .bind(&note)
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut *tx,
            event,
            Some(admin.id),
            Some(&id.to_string()),
            meta,
            json!({ "from": from.as_str(), "to": to.as_str(), "note": note }),
        )
        .await?;
        Ok(())
    }
}
