//! Background work, run by every node that has `TAKEONE_WORKERS` on (the default): the mail
//! queue and the schedules. Scheduled work is idempotent and takes its rows with SKIP LOCKED,
//! so several nodes running the same schedule do it once.

pub mod mail;

use crate::config::{Config, Schedules};
use apalis::prelude::*;
use apalis_cron::{CronScheduler, Tick};
use apalis_postgres::{Config as QueueConfig, PostgresStorage};
use std::{str::FromStr, sync::Arc, time::Duration};
use takeone::{
    casting::CastingCalls,
    jobs::{DeliverMail, MAIL_QUEUE},
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

/// Hourly: expired sessions, closed rate-limit windows, used or expired links, mails whose job
/// went missing.
async fn upkeep(_: Tick, s: Data<Scheduled>) -> Result<(), BoxDynError> {
    use tower_sessions::ExpiredDeletion;
    takeone::account::session_store::PgSessionStore::new(s.db.clone()).delete_expired().await.map_err(|e| failed("sessions", e))?;
    takeone::rate_limit::purge_closed(&s.db).await.map_err(|e| failed("rate limits", e))?;
    sqlx::query("DELETE FROM user_tokens WHERE expires_at < now() - interval '7 days'").execute(&s.db).await.map_err(|e| failed("tokens", e))?;
    let n = s.outbox.requeue_forgotten().await.map_err(|e| failed("mail requeue", e))?;
    if n > 0 {
        tracing::warn!(count = n, "mails without a job were queued again");
    }
    Ok(())
}

fn cron(expr: &str) -> cron::Schedule {
    // Checked when the configuration was read.
    cron::Schedule::from_str(expr).expect("a valid cron expression")
}

/// Runs the workers until `shutdown` resolves; jobs in flight then finish (up to 30 s).
pub async fn run(
    db: sqlx::PgPool,
    config: &Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let key = TokenKey::new(&config.session_secret);
    let ctx = mail::MailContext {
        outbox: Outbox::new(db.clone()),
        renderer: mail::MailRenderer::new(&config.public_url, key),
        mailer: mailer(config)?,
        db: db.clone(),
    };
    tracing::info!(mail = %ctx.mailer.describe(), "background workers starting");
    let scheduled = Scheduled { calls: CastingCalls::new(db.clone()), inbox: Inbox::new(db.clone()), outbox: Outbox::new(db.clone()), db: db.clone() };
    let Schedules { expire_calls: e, expiry_reminders: r, application_digests: d, upkeep: u } = config.schedules.clone();
    let monitor = Monitor::new()
        .shutdown_timeout(Duration::from_secs(30))
        .register(move |_| {
            let storage = PostgresStorage::<DeliverMail>::new(&db).with_config(
                QueueConfig::default().queue(MAIL_QUEUE).heartbeat_interval(Duration::from_secs(15)).missed_heartbeats(4),
            );
            WorkerBuilder::new(worker_name("mail"))
                // LISTEN/NOTIFY picks a job up at once; the poll catches a missed notification.
                .backend(storage.with_pubsub().poll_with_strategy(Strategy::new().interval(Duration::from_secs(2))))
                .data(ctx.clone())
                .concurrency(4)
                .build(mail::deliver)
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
    monitor
        .run_with_signal(async move {
            shutdown.await;
            Ok(())
        })
        .await?;
    tracing::info!("background workers stopped");
    Ok(())
}
