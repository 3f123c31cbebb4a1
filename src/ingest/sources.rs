//! The sources admins register, kept in PostgreSQL with their counts and last outcome.

use super::source::{NewSource, Source, SourceCounts, SourceKind};
use crate::{
    account::{User, UserRole},
    audit::{self, RequestMeta},
    jobs::{self, FetchSource, Job},
};
use serde_json::json;
use sqlx::{PgPool, Row, postgres::PgRow};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("only administrators manage ingestion sources")]
    Forbidden,
    #[error("no such source")]
    NotFound,
    #[error("a source with this address exists already")]
    Exists,
    #[error("the source is paused")]
    Inactive,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl SourceError {
    pub fn msg(&self) -> crate::Msg {
        crate::Msg::new(match self {
            SourceError::Forbidden => "error-forbidden",
            SourceError::NotFound => "error-not-found",
            SourceError::Exists => "error-source-exists",
            SourceError::Inactive => "error-source-inactive",
            SourceError::Database(_) => "error-internal",
        })
    }
}

impl crate::DomainError for SourceError {
    fn failure(&self) -> crate::Failure {
        use crate::Failure;
        match self {
            SourceError::Forbidden => Failure::Forbidden,
            SourceError::NotFound => Failure::NotFound,
            SourceError::Exists => {
                let mut e = crate::FieldErrors::new();
                e.add("target", self.msg());
                Failure::Taken(e)
            }
            SourceError::Inactive => Failure::Refused(self.msg()),
            SourceError::Database(_) => Failure::Internal,
        }
    }
}

fn unique_violation(e: sqlx::Error) -> SourceError {
    match &e {
        sqlx::Error::Database(d) if d.code().as_deref() == Some("23505") => SourceError::Exists,
        _ => SourceError::Database(e),
    }
}

const SELECT: &str = "SELECT s.id, s.kind, s.name, coalesce(s.url, s.group_id) AS target, s.schedule, s.is_active,
        s.last_processed_at, s.last_error, s.last_error_at, s.created_at,
        (SELECT count(*) FROM ingestion_items i WHERE i.source_id = s.id) AS fetched,
        (SELECT count(*) FROM ingestion_items i WHERE i.source_id = s.id AND i.status = 'failed') AS failed,
        (SELECT count(*) FROM ingestion_candidates c WHERE c.source_id = s.id) AS found,
        (SELECT count(*) FROM ingestion_candidates c WHERE c.source_id = s.id AND c.status IN ('approved', 'merged')) AS approved,
        (SELECT count(*) FROM ingestion_candidates c WHERE c.source_id = s.id AND c.status = 'rejected') AS rejected
    FROM ingestion_sources s";

fn from_row(r: &PgRow) -> Result<Source, sqlx::Error> {
    let kind: String = r.try_get("kind")?;
    Ok(Source {
        id: r.try_get("id")?,
        kind: SourceKind::from_db(&kind).ok_or_else(|| sqlx::Error::Decode(format!("unknown source kind {kind}").into()))?,
        name: r.try_get("name")?,
        target: r.try_get("target")?,
        schedule: r.try_get("schedule")?,
        is_active: r.try_get("is_active")?,
        last_processed_at: r.try_get("last_processed_at")?,
        last_error: r.try_get("last_error")?,
        last_error_at: r.try_get("last_error_at")?,
        created_at: r.try_get("created_at")?,
        counts: SourceCounts {
            fetched: r.try_get("fetched")?,
            casting_calls_found: r.try_get("found")?,
            approved: r.try_get("approved")?,
            rejected: r.try_get("rejected")?,
            failed: r.try_get("failed")?,
        },
    })
}

/// A source as the schedule tick sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduledSource {
    pub id: Uuid,
    pub kind: SourceKind,
    pub schedule: Option<String>,
    /// Its schedule counts from here: the last queued fetch, or its creation.
    pub since: OffsetDateTime,
}

/// What a fetch needs to know about its source beyond the public view.
#[derive(Clone, Debug)]
pub struct FetchState {
    pub source: Source,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

#[derive(Clone)]
pub struct Sources {
    db: PgPool,
}

pub(super) fn admin_only(user: &User) -> Result<(), SourceError> {
    if user.role == UserRole::Admin { Ok(()) } else { Err(SourceError::Forbidden) }
}

impl Sources {
    pub fn new(db: PgPool) -> Self {
        Self { db }
    }

    pub async fn list(&self, user: &User) -> Result<Vec<Source>, SourceError> {
        admin_only(user)?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} ORDER BY s.created_at"))).fetch_all(&self.db).await?;
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }

    pub async fn get(&self, user: &User, id: Uuid) -> Result<Source, SourceError> {
        admin_only(user)?;
        self.find(id).await?.ok_or(SourceError::NotFound)
    }

    async fn find(&self, id: Uuid) -> Result<Option<Source>, sqlx::Error> {
        sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE s.id = $1")))
            .bind(id)
            .fetch_optional(&self.db)
            .await?
            .as_ref()
            .map(from_row)
            .transpose()
    }

    /// For the fetch job: no user involved, the job was queued by an admin or the schedule.
    pub async fn fetch_state(&self, id: Uuid) -> Result<Option<FetchState>, sqlx::Error> {
        let Some(source) = self.find(id).await? else { return Ok(None) };
        let (etag, last_modified): (Option<String>, Option<String>) =
            sqlx::query_as("SELECT etag, last_modified FROM ingestion_sources WHERE id = $1").bind(id).fetch_one(&self.db).await?;
        Ok(Some(FetchState { source, etag, last_modified }))
    }

    pub async fn create(&self, user: &User, s: &NewSource, meta: &RequestMeta) -> Result<Uuid, SourceError> {
        admin_only(user)?;
        let id = Uuid::new_v4();
        let (url, group) = targets(s);
        let mut tx = self.db.begin().await?;
        sqlx::query(
            "INSERT INTO ingestion_sources (id, kind, name, url, group_id, schedule, is_active, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(s.kind.as_str())
        .bind(&s.name)
        .bind(url)
        .bind(group)
        .bind(&s.schedule)
        .bind(s.is_active)
        .bind(user.id)
        .execute(&mut *tx)
        .await
        .map_err(unique_violation)?;
        audit::record(
            &mut *tx,
            "IngestionSourceCreated",
            Some(user.id),
            Some(&id.to_string()),
            meta,
            json!({ "kind": s.kind.as_str(), "target": s.target }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update(&self, user: &User, id: Uuid, s: &NewSource, meta: &RequestMeta) -> Result<(), SourceError> {
        admin_only(user)?;
        let (url, group) = targets(s);
        let mut tx = self.db.begin().await?;
        let done = sqlx::query(
            "UPDATE ingestion_sources SET kind = $2, name = $3, url = $4, group_id = $5, schedule = $6, is_active = $7,
                -- A new address starts without the old page's validators.
                etag = CASE WHEN url IS DISTINCT FROM $4 THEN NULL ELSE etag END,
                last_modified = CASE WHEN url IS DISTINCT FROM $4 THEN NULL ELSE last_modified END,
                updated_at = now()
             WHERE id = $1",
        )
        .bind(id)
        .bind(s.kind.as_str())
        .bind(&s.name)
        .bind(url)
        .bind(group)
        .bind(&s.schedule)
        .bind(s.is_active)
        .execute(&mut *tx)
        .await
        .map_err(unique_violation)?;
        if done.rows_affected() == 0 {
            return Err(SourceError::NotFound);
        }
        audit::record(&mut *tx, "IngestionSourceUpdated", Some(user.id), Some(&id.to_string()), meta, json!({ "active": s.is_active }))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes a source with its items and pending candidates; approved calls stay.
    pub async fn delete(&self, user: &User, id: Uuid, meta: &RequestMeta) -> Result<(), SourceError> {
        admin_only(user)?;
        let mut tx = self.db.begin().await?;
        let done = sqlx::query("DELETE FROM ingestion_sources WHERE id = $1").bind(id).execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Err(SourceError::NotFound);
        }
        audit::record(&mut *tx, "IngestionSourceDeleted", Some(user.id), Some(&id.to_string()), meta, json!({})).await?;
        tx.commit().await?;
        Ok(())
    }

    /// "Run now": queues a fetch of the source.
    pub async fn run_now(&self, user: &User, id: Uuid, meta: &RequestMeta) -> Result<(), SourceError> {
        admin_only(user)?;
        let mut tx = self.db.begin().await?;
        let active: Option<bool> =
            sqlx::query_scalar("SELECT is_active FROM ingestion_sources WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
        match active {
            None => return Err(SourceError::NotFound),
            Some(false) => return Err(SourceError::Inactive),
            Some(true) => {}
        }
        jobs::enqueue(&mut tx, &[FetchSource { source_id: id }]).await?;
        sqlx::query("UPDATE ingestion_sources SET last_queued_at = now() WHERE id = $1").bind(id).execute(&mut *tx).await?;
        audit::record(&mut *tx, "IngestionSourceRunRequested", Some(user.id), Some(&id.to_string()), meta, json!({})).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every active source with its schedule and when it was last queued, for the schedule
    /// tick to decide which are due.
    pub async fn schedules(&self) -> Result<Vec<ScheduledSource>, sqlx::Error> {
        let rows: Vec<(Uuid, String, Option<String>, OffsetDateTime)> = sqlx::query_as(
            "SELECT id, kind, schedule, coalesce(last_queued_at, created_at) FROM ingestion_sources WHERE is_active ORDER BY id",
        )
        .fetch_all(&self.db)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, kind, schedule, since)| Some(ScheduledSource { id, kind: SourceKind::from_db(&kind)?, schedule, since }))
            .collect())
    }

    /// Queues a fetch of each source, unless one is waiting or running already; `since` must
    /// still be what the caller saw, so two nodes ticking at once queue a source once.
    pub async fn queue_due(&self, due: &[ScheduledSource]) -> Result<u64, sqlx::Error> {
        let mut queued = 0;
        for s in due {
            let mut tx = self.db.begin().await?;
            let claimed = sqlx::query(
                "UPDATE ingestion_sources SET last_queued_at = now()
                 WHERE id = $1 AND is_active AND coalesce(last_queued_at, created_at) = $2
                 AND NOT EXISTS (SELECT 1 FROM apalis.jobs j WHERE j.job_type = $3 AND j.status IN ('Pending', 'Queued', 'Running')
                                 AND convert_from(j.job, 'UTF8')::jsonb ->> 'source_id' = $1::text)",
            )
            .bind(s.id)
            .bind(s.since)
            .bind(FetchSource::QUEUE)
            .execute(&mut *tx)
            .await?;
            if claimed.rows_affected() == 1 {
                jobs::enqueue(&mut tx, &[FetchSource { source_id: s.id }]).await?;
                queued += 1;
            }
            tx.commit().await?;
        }
        Ok(queued)
    }

    pub async fn mark_processed(&self, id: Uuid, etag: Option<&str>, last_modified: Option<&str>) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE ingestion_sources SET last_processed_at = now(), last_error = NULL, last_error_at = NULL,
                etag = coalesce($2, etag), last_modified = coalesce($3, last_modified) WHERE id = $1",
        )
        .bind(id)
        .bind(etag)
        .bind(last_modified)
        .execute(&self.db)
        .await?;
        Ok(())
    }

    pub async fn mark_error(&self, id: Uuid, error: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE ingestion_sources SET last_error = $2, last_error_at = now() WHERE id = $1")
            .bind(id)
            .bind(error.chars().take(2000).collect::<String>())
            .execute(&self.db)
            .await?;
        Ok(())
    }

    /// When the last fetch of a WhatsApp source ran, to ask only for newer messages.
    pub async fn last_processed(&self, id: Uuid) -> Result<Option<OffsetDateTime>, sqlx::Error> {
        sqlx::query_scalar("SELECT last_processed_at FROM ingestion_sources WHERE id = $1").bind(id).fetch_one(&self.db).await
    }

    /// The source a Whapi delivery belongs to, by group chat id.
    pub async fn by_group(&self, group_id: &str) -> Result<Option<(Uuid, bool)>, sqlx::Error> {
        sqlx::query_as("SELECT id, is_active FROM ingestion_sources WHERE group_id = $1").bind(group_id).fetch_optional(&self.db).await
    }
}

fn targets(s: &NewSource) -> (Option<&str>, Option<&str>) {
    match s.kind {
        SourceKind::Web => (Some(s.target.as_str()), None),
        SourceKind::Whatsapp => (None, Some(s.target.as_str())),
    }
}
