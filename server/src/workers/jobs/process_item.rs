//! Turning one gathered post into a candidate of the review queue (or folding a repost into
//! one). Idempotent: a processed item is found done. The item keeps its last error, and after
//! the last attempt it is marked failed for an administrator to retry.

use crate::workers::job::Runs;
use app::ssr::Services;
use std::time::Duration;
use takeone::{ingest::pipeline::Outcome, jobs::ProcessItem};

impl Runs for ProcessItem {
    const CONCURRENCY: usize = 4;
    const POLL: Duration = Duration::from_secs(2);
    type Error = sqlx::Error;

    async fn run(&self, s: &Services) -> Result<(), sqlx::Error> {
        match s.pipeline.process(self.item_id).await? {
            Outcome::Candidate { id, similar_to } => {
                tracing::info!(item = %self.item_id, candidate = %id, ?similar_to, "casting call waiting for review")
            }
            Outcome::Duplicate { of } => tracing::info!(item = %self.item_id, of = %of, "repost folded into its candidate"),
            outcome @ (Outcome::NotCasting | Outcome::AlreadyDone) => tracing::debug!(item = %self.item_id, ?outcome, "item processed"),
        }
        Ok(())
    }

    async fn record_failure(&self, s: &Services, e: &sqlx::Error, last: bool) -> Result<(), sqlx::Error> {
        s.pipeline.record_failure(self.item_id, &e.to_string(), last).await
    }
}
