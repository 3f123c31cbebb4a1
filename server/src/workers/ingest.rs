//! The Digital Twin's jobs: fetching a source and processing one gathered post. Both are
//! idempotent (a repeated job finds its work done), retried with a growing wait, and after the
//! last attempt left as a visible failure an admin can retry.

use apalis::prelude::*;
use takeone::{
    ingest::{
        collect::Collector,
        pipeline::{Outcome, Pipeline},
    },
    jobs::{self, FetchSource, INGEST_ITEM_MAX_ATTEMPTS, INGEST_SOURCE_MAX_ATTEMPTS, ProcessItem},
};

#[derive(Clone)]
pub struct IngestContext {
    pub pipeline: Pipeline,
    pub collector: Collector,
    pub db: sqlx::PgPool,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Retry(String);

pub async fn process_item(job: ProcessItem, attempt: Attempt, task: TaskId, ctx: Data<IngestContext>) -> Result<(), BoxDynError> {
    match ctx.pipeline.process(job.item_id).await {
        Ok(outcome) => {
            match &outcome {
                Outcome::Candidate { id, similar_to } => tracing::info!(item = %job.item_id, candidate = %id, ?similar_to, "casting call waiting for review"),
                Outcome::Duplicate { of } => tracing::info!(item = %job.item_id, of = %of, "repost folded into its candidate"),
                Outcome::NotCasting | Outcome::AlreadyDone => tracing::debug!(item = %job.item_id, ?outcome, "item processed"),
            }
            Ok(())
        }
        Err(e) => {
            let attempt = attempt.current();
            let last = attempt as i32 >= INGEST_ITEM_MAX_ATTEMPTS;
            ctx.pipeline.record_failure(job.item_id, &e.to_string(), last).await?;
            if last {
                tracing::error!(item = %job.item_id, error = %e, "item given up; an administrator can retry it");
                return Ok(());
            }
            let wait = jobs::backoff_seconds(attempt);
            tracing::warn!(item = %job.item_id, error = %e, attempt, wait, "processing an item failed; will retry");
            jobs::postpone(&ctx.db, &task.to_string(), wait).await?;
            Err(Box::new(Retry(e.to_string())))
        }
    }
}

pub async fn fetch_source(job: FetchSource, attempt: Attempt, task: TaskId, ctx: Data<IngestContext>) -> Result<(), BoxDynError> {
    match ctx.collector.fetch_source(job.source_id).await {
        Ok(added) => {
            tracing::info!(source = %job.source_id, new = added.new, filtered = added.filtered, seen = added.seen_before, "source fetched");
            Ok(())
        }
        Err(e) => {
            // The error is on the source already; a page that is down now may be up later.
            let attempt = attempt.current();
            if attempt as i32 >= INGEST_SOURCE_MAX_ATTEMPTS {
                tracing::error!(source = %job.source_id, error = %e, "fetching the source failed; the next schedule tries again");
                return Ok(());
            }
            let wait = jobs::backoff_seconds(attempt);
            tracing::warn!(source = %job.source_id, error = %e, attempt, wait, "fetching the source failed; will retry");
            jobs::postpone(&ctx.db, &task.to_string(), wait).await?;
            Err(Box::new(Retry(e.to_string())))
        }
    }
}
