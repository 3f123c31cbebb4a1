//! The job queue (apalis on PostgreSQL). Jobs are enqueued inside the transaction of the change
//! that needs them, so a committed change always has its job and a rolled-back one never does.
//! Each job is a payload type in a file of its own implementing [`Job`]; the workers that run
//! them live in the server.

mod deliver_mail;
mod fetch_source;
mod process_item;
mod process_media;

pub use deliver_mail::DeliverMail;
pub use fetch_source::FetchSource;
pub use process_item::ProcessItem;
pub use process_media::ProcessMedia;

use serde::{Deserialize, Serialize, de::DeserializeOwned};
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

/// A kind of background job: its payload, the queue it waits in, how often it is tried and how
/// long it waits between tries. How it runs belongs to the server's workers.
pub trait Job: Serialize + DeserializeOwned + std::fmt::Debug + Clone + Send + Sync + Unpin + 'static {
    /// The queue's name in `apalis.jobs.job_type`.
    const QUEUE: &'static str;
    const MAX_ATTEMPTS: i32;

    /// Seconds before attempt `attempt + 1`.
    fn backoff(attempt: usize) -> i64 {
        backoff_seconds(attempt)
    }
}

/// Creates the queue's schema (`apalis`), idempotently.
pub async fn setup(pool: &PgPool) -> Result<(), apalis_postgres::Error> {
    apalis_postgres::PostgresStorage::<()>::setup(pool).await
}

/// Queues `jobs` in the caller's transaction, in one statement. The one way a job enters the
/// queue: what apalis' own push writes (the payload JSON in a bytea, the id a ULID).
pub async fn enqueue<J: Job>(conn: &mut PgConnection, jobs: &[J]) -> Result<(), sqlx::Error> {
    if jobs.is_empty() {
        return Ok(());
    }
    let payloads =
        jobs.iter().map(serde_json::to_vec).collect::<Result<Vec<Vec<u8>>, _>>().map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO apalis.jobs (id, job_type, job, status, attempts, max_attempts, run_at, priority)
         SELECT apalis.generate_ulid(), $1, j, 'Pending', 0, $3, now(), 0 FROM unnest($2::bytea[]) AS j",
    )
    .bind(J::QUEUE)
    .bind(&payloads)
    .bind(J::MAX_ATTEMPTS)
    .execute(conn)
    .await?;
    Ok(())
}

/// Waits before the next attempt of a failing job, durably: the queue takes a job only once its
/// `run_at` has passed, and that survives a restart.
pub async fn postpone(pool: &PgPool, task_id: &str, seconds: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE apalis.jobs SET run_at = now() + make_interval(secs => $2) WHERE id = $1")
        .bind(task_id)
        .bind(seconds as f64)
        .execute(pool)
        .await?;
    Ok(())
}

/// The backoff before attempt `attempt + 1`: 15 s, 1 min, 4 min, ... capped at an hour.
fn backoff_seconds(attempt: usize) -> i64 {
    (15i64 * 4i64.saturating_pow(attempt.saturating_sub(1).min(6) as u32)).min(3600)
}

/// A job that used up its attempts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeadJob {
    pub id: String,
    pub queue: String,
    pub attempts: i32,
    pub error: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub done_at: Option<OffsetDateTime>,
}

pub async fn dead_jobs(pool: &PgPool, limit: i64) -> Result<Vec<DeadJob>, sqlx::Error> {
    type Row = (String, String, i32, Option<serde_json::Value>, Option<OffsetDateTime>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, job_type, attempts, last_result, done_at FROM apalis.jobs
         WHERE status IN ('Failed', 'Killed') AND attempts >= max_attempts ORDER BY done_at DESC NULLS LAST LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, queue, attempts, result, done_at)| DeadJob {
            id,
            queue,
            attempts,
            error: result.and_then(|r| r.get("Err").map(|e| e.as_str().map(str::to_owned).unwrap_or_else(|| e.to_string()))),
            done_at,
        })
        .collect())
}

/// Gives a dead job all its attempts back.
pub async fn requeue(pool: &PgPool, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE apalis.jobs SET status = 'Pending', attempts = 0, run_at = now(), lock_by = NULL, lock_at = NULL, done_at = NULL
         WHERE id = $1 AND status IN ('Failed', 'Killed')",
    )
    .bind(id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_grows_and_is_capped() {
        let b: Vec<i64> = (1..=8).map(super::backoff_seconds).collect();
        assert_eq!(b, [15, 60, 240, 960, 3600, 3600, 3600, 3600]);
    }
}
