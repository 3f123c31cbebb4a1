//! Background work, run by every node that has `TAKEONE_WORKERS` on (the default): the mail
//! queue and the schedules. Scheduled work is idempotent and takes its rows with SKIP LOCKED,
//! so several nodes running the same schedule do it once.

pub mod ingest;
pub mod mail;

use crate::config::{Config, Schedules};
use apalis::prelude::*;
use apalis_cron::{CronScheduler, Tick};
use apalis_postgres::{Config as QueueConfig, PostgresStorage};
use std::{str::FromStr, sync::Arc, time::Duration};
use takeone::{
    casting::CastingCalls,
    ingest::{
        collect::Collector,
        pipeline::{Extractors, Pipeline},
        source::{SourceKind, is_due},
        sources::Sources,
        web::{ClientSetupError, FetchLimits, FirecrawlClient, PageSource, WebFetcher},
        whapi::WhapiClient,
        llm::OpenAiExtractor,
    },
    jobs::{DeliverMail, FetchSource, INGEST_ITEM_QUEUE, INGEST_SOURCE_QUEUE, MAIL_QUEUE, ProcessItem},
    mail::{FolderMailer, MailError, Mailer, SmtpMailer},
    notify::{Inbox, Outbox},
    token::TokenKey,
};

/// The mailer the configuration names: SMTP, or the development folder.
pub fn mailer(config: &Config) -> Result<Arc<dyn Mailer>, MailError> {
    Ok(match &config.mail.smtp_url {
        Some(url) => Arc::new(SmtpMailer::from_url(url, &config.mail.from)?),
        None => Arc::new(FolderMailer::new(&config.mail.dir, &config.mail.from)?),
    })
}

/// The extractor the configuration names: an OpenAI-compatible endpoint before the built-in
/// rules, or the rules alone.
pub fn extractors(config: &Config) -> Result<Extractors, ClientSetupError> {
    Ok(match &config.ingest.openai_url {
        Some(url) => Extractors::with_llm(OpenAiExtractor::new(url, config.ingest.openai_key.as_deref().unwrap_or_default(), &config.ingest.openai_model)?),
        None => Extractors::rules_only(),
    })
}

/// How sources are fetched: Firecrawl when configured, else the plain fetch; Whapi polling
/// when a token is set.
pub fn collector(db: &sqlx::PgPool, config: &Config) -> Result<Collector, ClientSetupError> {
    let pages: Arc<dyn PageSource> = match (&config.ingest.firecrawl_url, &config.ingest.firecrawl_key) {
        (Some(url), Some(key)) => Arc::new(FirecrawlClient::new(url, key)?.with_addresses(config.ingest.fetch_addresses.clone())),
        _ => Arc::new(WebFetcher::new(FetchLimits { addresses: config.ingest.fetch_addresses.clone(), ..FetchLimits::default() })?),
    };
    let whapi = match &config.ingest.whapi_token {
        Some(t) => Some(Arc::new(WhapiClient::new(&config.ingest.whapi_url, t)?)),
        None => None,
    };
    Ok(Collector::new(db.clone(), pages, whapi))
}

/// Unique per process: apalis recovers a dead worker's jobs only under another name.
fn worker_name(what: &str) -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "node".into());
    format!("takeone-{what}-{host}-{}-{:08x}", std::process::id(), rand::random::<u32>())
}

#[derive(Clone)]
struct Scheduled {
    calls: CastingCalls,
    inbox: Inbox,
    outbox: Outbox,
    db: sqlx::PgPool,
}

#[derive(Clone)]
struct SourceSchedules {
    sources: Sources,
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

async fn expire_calls(_: Tick, s: Data<Scheduled>) -> Result<(), BoxDynError> {
    let closed = s.calls.expire_due(time::OffsetDateTime::now_utc()).await.map_err(|e| failed("expire calls", e))?;
    if !closed.is_empty() {
        tracing::info!(count = closed.len(), "casting calls closed after their deadline");
    }
    Ok(())
}

async fn expiry_reminders(_: Tick, s: Data<Scheduled>) -> Result<(), BoxDynError> {
    let n = s.calls.remind_expiring(time::OffsetDateTime::now_utc()).await.map_err(|e| failed("expiry reminders", e))?;
    if n > 0 {
        tracing::info!(count = n, "hirers reminded of closing calls");
    }
    Ok(())
}

async fn application_digests(_: Tick, s: Data<Scheduled>) -> Result<(), BoxDynError> {
    let n = s.inbox.queue_application_digests().await.map_err(|e| failed("application digests", e))?;
    if n > 0 {
        tracing::info!(count = n, "new-application digests queued");
    }
    Ok(())
}

/// Hourly: expired sessions, closed rate-limit windows, used or expired links, the search feed's
/// old rows, searches past 90 days (into daily counts), mails whose job went missing.
async fn upkeep(_: Tick, s: Data<Scheduled>) -> Result<(), BoxDynError> {
    use tower_sessions::ExpiredDeletion;
    takeone::account::session_store::PgSessionStore::new(s.db.clone()).delete_expired().await.map_err(|e| failed("sessions", e))?;
    takeone::rate_limit::purge_closed(&s.db).await.map_err(|e| failed("rate limits", e))?;
    sqlx::query("DELETE FROM user_tokens WHERE expires_at < now() - interval '7 days'").execute(&s.db).await.map_err(|e| failed("tokens", e))?;
    takeone::search::feed::Feed::prune(&s.db).await.map_err(|e| failed("search feed", e))?;
    let rolled = takeone::search::service::Search::roll_up(&s.db).await.map_err(|e| failed("search log rollup", e))?;
    if rolled > 0 {
        tracing::info!(count = rolled, "searches older than 90 days rolled up into daily counts");
    }
    let n = s.outbox.requeue_forgotten().await.map_err(|e| failed("mail requeue", e))?;
    if n > 0 {
        tracing::warn!(count = n, "mails without a job were queued again");
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
    let all = s.sources.schedules().await.map_err(|e| failed("source schedules", e))?;
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
    let n = s.sources.queue_due(&due).await.map_err(|e| failed("queue source fetches", e))?;
    if n > 0 {
        tracing::info!(count = n, "source fetches queued by their schedules");
    }
    Ok(())
}

fn cron(expr: &str) -> cron::Schedule {
    // Checked when the configuration was read.
    cron::Schedule::from_str(expr).expect("a valid cron expression")
}

/// Runs the workers until `shutdown` resolves; jobs in flight then finish (up to 30 s). The
/// alerts search `search` (the web node's, when beside the site); a worker alone keeps an index
/// of its own in memory, rebuilt from the database when it starts.
pub async fn run(
    db: sqlx::PgPool,
    config: &Config,
    search: Option<takeone::search::service::Search>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let (stop_feed, feed_stopped) = tokio::sync::oneshot::channel::<()>();
    let search = match search {
        Some(s) => s,
        None => {
            let node = std::sync::Arc::new(takeone::search::feed::SearchNode::in_memory()?);
            let feed = takeone::search::feed::Feed::new(db.clone(), node.clone());
            tokio::spawn(feed.run(config.search_poll, async move {
                let _ = feed_stopped.await;
            }));
            takeone::search::service::Search::new(db.clone(), node)
        }
    };
    let key = TokenKey::new(&config.session_secret);
    let ctx = mail::MailContext {
        outbox: Outbox::new(db.clone()),
        renderer: mail::MailRenderer::new(&config.public_url, key),
        mailer: mailer(config)?,
        db: db.clone(),
    };
    tracing::info!(mail = %ctx.mailer.describe(), "background workers starting");
    let scheduled = Scheduled { calls: CastingCalls::new(db.clone()), inbox: Inbox::new(db.clone()), outbox: Outbox::new(db.clone()), db: db.clone() };
    let Schedules { expire_calls: e, expiry_reminders: r, application_digests: d, upkeep: u, web_sources, whatsapp_sources, search_instant, search_daily } =
        config.schedules.clone();
    let ingest = ingest::IngestContext { pipeline: Pipeline::new(db.clone(), extractors(config)?), collector: collector(&db, config)?, db: db.clone() };
    let source_schedules = SourceSchedules { sources: Sources::new(db.clone()), web: web_sources, whatsapp: whatsapp_sources };
    let beat = config.queue_heartbeat;
    let queue_config = move |queue: &str| QueueConfig::default().queue(queue).heartbeat_interval(beat).missed_heartbeats(4);
    let (db_items, db_sources, ingest_items, ingest_sources) = (db.clone(), db.clone(), ingest.clone(), ingest.clone());
    let monitor = Monitor::new()
        .shutdown_timeout(Duration::from_secs(30))
        .register(move |_| {
            let storage = PostgresStorage::<DeliverMail>::new(&db).with_config(queue_config(MAIL_QUEUE));
            WorkerBuilder::new(worker_name("mail"))
                // LISTEN/NOTIFY picks a job up at once; the poll catches a missed notification.
                .backend(storage.with_pubsub().poll_with_strategy(Strategy::new().interval(Duration::from_secs(2))))
                .data(ctx.clone())
                .concurrency(4)
                .build(mail::deliver)
        })
        .register(move |_| {
            let storage = PostgresStorage::<ProcessItem>::new(&db_items).with_config(queue_config(INGEST_ITEM_QUEUE));
            WorkerBuilder::new(worker_name("ingest-items"))
                .backend(storage.with_pubsub().poll_with_strategy(Strategy::new().interval(Duration::from_secs(2))))
                .data(ingest_items.clone())
                .concurrency(4)
                .build(ingest::process_item)
        })
        .register(move |_| {
            let storage = PostgresStorage::<FetchSource>::new(&db_sources).with_config(queue_config(INGEST_SOURCE_QUEUE));
            WorkerBuilder::new(worker_name("ingest-sources"))
                .backend(storage.with_pubsub().poll_with_strategy(Strategy::new().interval(Duration::from_secs(5))))
                .data(ingest_sources.clone())
                .concurrency(2)
                .build(ingest::fetch_source)
        })
        .register({
            let s = source_schedules.clone();
            move |_| WorkerBuilder::new(worker_name("source-schedules")).backend(CronScheduler::new(cron("0 * * * * *"))).data(s.clone()).build(due_sources)
        });
    macro_rules! schedule {
        ($monitor:expr, $name:literal, $expr:expr, $handler:path) => {{
            let s = scheduled.clone();
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
    let alerts = |frequency: &'static str, expr: String| {
        let a = Alerts { search: search.clone(), frequency };
        move |_| WorkerBuilder::new(worker_name(&format!("alerts-{frequency}"))).backend(CronScheduler::new(cron(&expr))).data(a.clone()).build(search_alerts)
    };
    let monitor = monitor.register(alerts("instant", search_instant)).register(alerts("daily", search_daily));
    monitor
        .run_with_signal(async move {
            shutdown.await;
            Ok(())
        })
        .await?;
    let _ = stop_feed.send(());
    tracing::info!("background workers stopped");
    Ok(())
}
