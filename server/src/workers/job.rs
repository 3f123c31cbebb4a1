//! How a job runs: the one trait every job implements beside its payload's `takeone::jobs::Job`,
//! and the one runner that gives every job the same retries, durable backoff and last attempt.

use apalis::prelude::*;
use app::ssr::Services;
use std::{future::Future, time::Duration};
use takeone::jobs::{self, Job};

pub trait Runs: Job {
    /// Jobs of this kind run at once on one node.
    const CONCURRENCY: usize;
    /// How often the queue is polled besides LISTEN/NOTIFY (which catches most jobs at once).
    const POLL: Duration;
    type Error: std::fmt::Display + Send + Sync;

    /// Does the work, taking what it needs from the node's services. Must be idempotent: a job
    /// may run again after a crash, and finds its work done.
    fn run(&self, services: &Services) -> impl Future<Output = Result<(), Self::Error>> + Send;

    /// Whether retrying cannot help (a refused address): the job is given up at once.
    fn permanent(_error: &Self::Error) -> bool {
        false
    }

    /// Records a failed attempt where people see it; `last` when no attempt follows.
    fn record_failure(
        &self,
        _services: &Services,
        _error: &Self::Error,
        _last: bool,
    ) -> impl Future<Output = Result<(), sqlx::Error>> + Send {
        async { Ok(()) }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Retry(String);

/// Runs one job. A failure before the last attempt postpones it durably (`run_at` survives a
/// restart) and hands it back to the queue; after the last one it is recorded and left.
pub async fn execute<J: Runs>(job: J, attempt: Attempt, task: TaskId, services: Data<Services>) -> Result<(), BoxDynError> {
    let Err(e) = job.run(&services).await else { return Ok(()) };
    let attempt = attempt.current();
    let last = J::permanent(&e) || attempt as i32 >= J::MAX_ATTEMPTS;
    job.record_failure(&services, &e, last).await?;
    if last {
        tracing::error!(queue = J::QUEUE, ?job, error = %e, attempt, "job given up after its last attempt");
        return Ok(());
    }
    let wait = J::backoff(attempt);
    tracing::warn!(queue = J::QUEUE, ?job, error = %e, attempt, wait, "job failed; will retry");
    jobs::postpone(&services.db, &task.to_string(), wait).await?;
    Err(Box::new(Retry(e.to_string())))
}
