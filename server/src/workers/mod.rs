//! Background work, run by every node that has `TAKEONE_WORKERS` on (the default): the job
//! queues and the schedules. Scheduled work is idempotent and takes its rows with SKIP LOCKED,
//! so several nodes running the same schedule do it once.

pub mod job;
mod jobs;
pub mod mail;

use crate::config::{Config, Schedules};
use apalis::prelude::*;
use apalis_cron::{CronScheduler, Tick};
use apalis_postgres::{Config as QueueConfig, PostgresStorage};
use app::ssr::Services;
use job::{Runs, execute};
use std::{str::FromStr, time::Duration};
use takeone::{
    ingest::source::{SourceKind, is_due},
    jobs::{DeliverMail, FetchSource, Job, ProcessItem, ProcessMedia},
};

/// Unique per process: apalis recovers a dead worker's jobs only under another name.
fn worker_name(what: &str) -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "node".into());
    format!("takeone-{what}-{host}-{}-{:08x}", std::process::id(), rand::random::<u32>())
}

#[derive(Clone)]
struct SourceSchedules {
    services: Services,
    web: String,
    whatsapp: String,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct JobFailed(String);

fn failed(what: &str, e: impl std::fmt::Display) -> BoxDynError {
    tracing::error!(job = what, error = %e, "scheduled work failed");
    Box::new(JobFailed(format!("{what}: {e}")))
}

async fn expire_calls(_: Tick, s: Data<Services>) -> Result<(), BoxDynError> {
    let closed = s.calls.expire_due(time::OffsetDateTime::now_utc()).await.map_err(|e| failed("expire calls", e))?;
    if !closed.is_empty() {
        tracing::info!(count = closed.len(), "casting calls closed after their deadline");
    }
    Ok(())
}

async fn expiry_reminders(_: Tick, s: Data<Services>) -> Result<(), BoxDynError> {
    let n = s.calls.remind_expiring(time::OffsetDateTime::now_utc()).await.map_err(|e| failed("expiry reminders", e))?;
    if n > 0 {
        tracing::info!(count = n, "hirers reminded of closing calls");
    }
    Ok(())
}

async fn application_digests(_: Tick, s: Data<Services>) -> Result<(), BoxDynError> {
    let n = s.inbox.queue_application_digests().await.map_err(|e| failed("application digests", e))?;
    if n > 0 {
        tracing::info!(count = n, "new-application digests queued");
    }
    Ok(())
}

/// Hourly: expired sessions, closed rate-limit windows, used or expired links, the search feed's
/// old rows, searches past 90 days (into daily counts), mails whose job went missing; media:
/// abandoned uploads, unscanned files while the scanner is back, and retention.
async fn upkeep(_: Tick, s: Data<Services>) -> Result<(), BoxDynError> {
    use tower_sessions::ExpiredDeletion;
    takeone::account::session_store::PgSessionStore::new(s.db.clone()).delete_expired().await.map_err(|e| failed("sessions", e))?;
    takeone::rate_limit::purge_closed(&s.db).await.map_err(|e| failed("rate limits", e))?;
    sqlx::query("DELETE FROM user_tokens WHERE expires_at < now() - interval '7 days'")
        .execute(&s.db)
        .await
        .map_err(|e| failed("tokens", e))?;
    takeone::search::feed::Feed::prune(&s.db).await.map_err(|e| failed("search feed", e))?;
    let rolled = takeone::search::service::Search::roll_up(&s.db).await.map_err(|e| failed("search log rollup", e))?;
    if rolled > 0 {
        tracing::info!(count = rolled, "searches older than 90 days rolled up into daily counts");
    }
    let swept = s.media.sweep().await.map_err(|e| failed("media upkeep", e))?;
    if swept.any() {
        tracing::info!(?swept, "media upkeep");
    }
    let n = s.outbox.requeue_forgotten().await.map_err(|e| failed("mail requeue", e))?;
    if n > 0 {
        tracing::warn!(count = n, "mails without a job were queued again");
    }
    Ok(())
}

/// Every quarter of an hour: subscriptions renewed from their saved card (once per period,
/// whichever node runs it), failed renewals retried, ended ones ended; and payments the gateway
/// took while its events or our read-back failed, settled.
async fn billing(_: Tick, s: Data<Services>) -> Result<(), BoxDynError> {
    let run = s.payments.renew_due(time::OffsetDateTime::now_utc()).await.map_err(|e| failed("renewals", e))?;
    if run != Default::default() {
        tracing::info!(?run, "subscriptions renewed and ended");
    }
    match s.payments.reconcile().await {
        Ok(0) => {}
        Ok(n) => tracing::info!(count = n, "checkouts settled by reconciling with the gateway"),
        Err(e) => tracing::warn!(error = %e, "reconciling payments with the gateway"),
    }
    Ok(())
}

/// Saved-search alerts of one frequency: new matches told once each, in the bell and by mail.
#[derive(Clone)]
struct Alerts {
    search: takeone::search::service::Search,
    frequency: &'static str,
}

async fn search_alerts(_: Tick, a: Data<Alerts>) -> Result<(), BoxDynError> {
    let n = a.search.run_alerts(a.frequency).await.map_err(|e| failed("search alerts", e))?;
    if n > 0 {
        tracing::info!(count = n, frequency = a.frequency, "saved-search alerts sent");
    }
    Ok(())
}

/// Every minute: queue a fetch of each source whose schedule came round.
async fn due_sources(_: Tick, s: Data<SourceSchedules>) -> Result<(), BoxDynError> {
    let now = time::OffsetDateTime::now_utc();
    let all = s.services.sources.schedules().await.map_err(|e| failed("source schedules", e))?;
    let due: Vec<_> = all
        .into_iter()
        .filter(|src| {
            let default = match src.kind {
                SourceKind::Web => &s.web,
                SourceKind::Whatsapp => &s.whatsapp,
            };
            is_due(src.schedule.as_deref().unwrap_or(default), src.since, now)
        })
        .collect();
    let n = s.services.sources.queue_due(&due).await.map_err(|e| failed("queue source fetches", e))?;
    if n > 0 {
        tracing::info!(count = n, "source fetches queued by their schedules");
    }
    Ok(())
}

fn cron(expr: &str) -> cron::Schedule {
    // Checked when the configuration was read.
    cron::Schedule::from_str(expr).expect("a valid cron expression")
}

/// Registers job `J`'s worker: its queue, its concurrency and poll, the one runner.
macro_rules! register_jobs {
    ($monitor:expr, $services:expr, $queue_config:expr; $($job:ty),+ $(,)?) => {{
        let mut monitor = $monitor;
        $(
            let (services, queue_config) = ($services.clone(), $queue_config.clone());
            monitor = monitor.register(move |_| {
                let storage = PostgresStorage::<$job>::new(&services.db).with_config(queue_config(<$job as Job>::QUEUE));
                WorkerBuilder::new(worker_name(<$job as Job>::QUEUE))
                    // LISTEN/NOTIFY picks a job up at once; the poll catches a missed notification.
                    .backend(storage.with_pubsub().poll_with_strategy(Strategy::new().interval(<$job as Runs>::POLL)))
                    .data(services.clone())
                    .concurrency(<$job as Runs>::CONCURRENCY)
                    .build(execute::<$job>)
            });
        )+
        monitor
    }};
}

/// Runs the workers until `shutdown` resolves; jobs in flight then finish (up to 30 s).
pub async fn run(
    services: Services,
    config: &Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    tracing::info!(mail = %services.mailer.describe(), "background workers starting");
    // Each queue's LISTEN holds a pooled connection for good; the jobs need more beside them.
    let pool = services.db.options().get_max_connections();
    if pool < 8 {
        tracing::warn!(pool, "the database pool is small for the workers: four queues hold a connection each (TAKEONE_DB_MAX_CONNECTIONS)");
    }
    let Schedules {
        expire_calls: e,
        expiry_reminders: r,
        application_digests: d,
        upkeep: u,
        web_sources,
        whatsapp_sources,
        search_instant,
        search_daily,
        billing: b,
    } = config.schedules.clone();
    let source_schedules = SourceSchedules { services: services.clone(), web: web_sources, whatsapp: whatsapp_sources };
    let beat = config.queue_heartbeat;
    let queue_config = move |queue: &str| QueueConfig::default().queue(queue).heartbeat_interval(beat).missed_heartbeats(4);
    let monitor = Monitor::new().shutdown_timeout(Duration::from_secs(30));
    // Every job kind, registered the same way.
    let monitor = register_jobs!(monitor, services, queue_config; DeliverMail, ProcessItem, FetchSource, ProcessMedia);
    let monitor = monitor.register({
        let s = source_schedules.clone();
        move |_| {
            WorkerBuilder::new(worker_name("source-schedules"))
                .backend(CronScheduler::new(cron("0 * * * * *")))
                .data(s.clone())
                .build(due_sources)
        }
    });
    macro_rules! schedule {
        ($monitor:expr, $name:literal, $expr:expr, $handler:path) => {{
            let s = services.clone();
            let expr = $expr;
            $monitor.register(move |_| {
                WorkerBuilder::new(worker_name($name)).backend(CronScheduler::new(cron(&expr))).data(s.clone()).build($handler)
            })
        }};
    }
    let monitor = schedule!(monitor, "expire-calls", e, expire_calls);
    let monitor = schedule!(monitor, "expiry-reminders", r, expiry_reminders);
    let monitor = schedule!(monitor, "digests", d, application_digests);
    let monitor = schedule!(monitor, "upkeep", u, upkeep);
    let monitor = schedule!(monitor, "billing", b, billing);
    let alerts = |frequency: &'static str, expr: String| {
        let a = Alerts { search: services.search.clone(), frequency };
        move |_| {
            WorkerBuilder::new(worker_name(&format!("alerts-{frequency}")))
                .backend(CronScheduler::new(cron(&expr)))
                .data(a.clone())
                .build(search_alerts)
        }
    };
    let monitor = monitor.register(alerts("instant", search_instant)).register(alerts("daily", search_daily));
    monitor
        .run_with_signal(async move {
            shutdown.await;
            Ok(())
        })
        .await?;
    tracing::info!("background workers stopped");
    Ok(())
}
