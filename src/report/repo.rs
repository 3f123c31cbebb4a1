use super::{NewReport, ReportGroup, ReportItem, ReportReason};
use crate::{
    FieldErrors, Msg,
    account::{User, UserRole},
    audit::{self, RequestMeta},
    casting::{CallStatus, CastingCalls, SaveError, may_manage},
};
use serde_json::json;
use sqlx::{PgPool, Row};
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("refused: {0:?}")]
    Refused(Msg),
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Call(#[from] SaveError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl crate::DomainError for ReportError {
    fn failure(&self) -> crate::Failure {
        use crate::Failure;
        match self {
            ReportError::Invalid(e) => Failure::Invalid(e.clone()),
            ReportError::Refused(m) => Failure::Refused(m.clone()),
            ReportError::Forbidden => Failure::Forbidden,
            ReportError::NotFound => Failure::NotFound,
            ReportError::Call(e) => e.failure(),
            ReportError::Database(_) => Failure::Internal,
        }
    }
}

#[derive(Clone)]
pub struct Reports {
    db: PgPool,
    calls: CastingCalls,
}

impl Reports {
    pub fn new(db: PgPool) -> Self {
        Self { calls: CastingCalls::new(db.clone()), db }
    }

    /// Anyone signed in reports a public call. Reporting it again returns the first report.
    /// `true` if the report is new.
    pub async fn file(&self, user: &User, call: Uuid, report: &NewReport, meta: &RequestMeta) -> Result<bool, ReportError> {
        let Some(c) = self.calls.get_visible(call, Some(user)).await? else { return Err(ReportError::NotFound) };
        if !c.status.is_public() {
            return Err(ReportError::NotFound);
        }
        if may_manage(user, c.organization_id) && user.role != UserRole::Admin {
            return Err(ReportError::Refused(Msg::new("error-report-own-call")));
        }
        let mut tx = self.db.begin().await?;
        let id = Uuid::new_v4();
        let inserted = sqlx::query(
            "INSERT INTO reports (id, casting_call_id, reporter_user_id, reason, details) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (casting_call_id, reporter_user_id) DO NOTHING",
        )
        .bind(id)
        .bind(call)
        .bind(user.id)
        .bind(report.reason.as_str())
        .bind(&report.details)
        .execute(&mut *tx)
        .await?;
        let new = inserted.rows_affected() == 1;
        if new {
            audit::record(
                &mut *tx,
                "CastingCallReported",
                Some(user.id),
                Some(&call.to_string()),
                meta,
                json!({ "reason": report.reason.as_str() }),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(new)
    }

    /// Open reports grouped by call, the most reported first.
    pub async fn queue(&self, admin: &User) -> Result<Vec<ReportGroup>, ReportError> {
        if admin.role != UserRole::Admin {
            return Err(ReportError::Forbidden);
        }
        let rows = sqlx::query(
            "SELECT r.id, r.reason, r.details, r.created_at, u.display_name, c.id AS call_id, c.title, c.status,
                count(*) OVER (PARTITION BY c.id) AS n
             FROM reports r JOIN casting_calls c ON c.id = r.casting_call_id JOIN users u ON u.id = r.reporter_user_id
             WHERE r.status = 'open' ORDER BY n DESC, c.id, r.created_at LIMIT 1000",
        )
        .fetch_all(&self.db)
        .await?;
        let mut groups: Vec<ReportGroup> = Vec::new();
        for r in &rows {
            let call_id: Uuid = r.try_get("call_id")?;
            let reason: String = r.try_get("reason")?;
            let item = ReportItem {
                id: r.try_get("id")?,
                reason: ReportReason::from_db(&reason).unwrap_or(ReportReason::Fake),
                details: r.try_get("details")?,
                reporter: r.try_get("display_name")?,
                created_at: r.try_get("created_at")?,
            };
            match groups.last_mut() {
                Some(g) if g.call_id == call_id => g.reports.push(item),
                _ => {
                    let status: String = r.try_get("status")?;
                    groups.push(ReportGroup {
                        call_id,
                        call_title: r.try_get("title")?,
                        call_status: CallStatus::from_db(&status).unwrap_or(CallStatus::Active),
                        reports: vec![item],
                    })
                }
            }
        }
        Ok(groups)
    }

    /// Suspends the call (it leaves lists and the sitemap at once) and closes its open reports.
    pub async fn suspend_call(&self, admin: &User, call: Uuid, meta: &RequestMeta) -> Result<(), ReportError> {
        if admin.role != UserRole::Admin {
            return Err(ReportError::Forbidden);
        }
        let mut tx = self.db.begin().await?;
        self.calls.set_status_in(&mut tx, admin, call, CallStatus::Suspended, "", "CastingCallSuspended", meta).await?;
        sqlx::query(
            "UPDATE reports SET status = 'actioned', resolved_by = $2, resolved_at = now() WHERE casting_call_id = $1 AND status = 'open'",
        )
        .bind(call)
        .bind(admin.id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn dismiss(&self, admin: &User, report: Uuid, meta: &RequestMeta) -> Result<(), ReportError> {
        if admin.role != UserRole::Admin {
            return Err(ReportError::Forbidden);
        }
        let mut tx = self.db.begin().await?;
        let done =
            sqlx::query("UPDATE reports SET status = 'dismissed', resolved_by = $2, resolved_at = now() WHERE id = $1 AND status = 'open'")
                .bind(report)
                .bind(admin.id)
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Err(ReportError::NotFound);
        }
        audit::record(&mut *tx, "ReportDismissed", Some(admin.id), Some(&report.to_string()), meta, json!({})).await?;
        tx.commit().await?;
        Ok(())
    }
}
