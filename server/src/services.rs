//! The composition root: every service of a node built once, from the configuration and the
//! pool, and handed as one value to the HTTP edge, the workers, the commands and the tests. A new
//! area adds its service here and nowhere else.

use crate::config::Config;
use anyhow::Context;
use app::ssr::Services;
use std::sync::Arc;
use takeone::{
    account::{Accounts, PasswordHasher},
    application::{Applications, Shortlists},
    casting::CastingCalls,
    ingest::{
        collect::Collector,
        items::Items,
        llm::OpenAiExtractor,
        pipeline::{Extractors, Pipeline},
        queue::ReviewQueue,
        sources::Sources,
        web::{FetchLimits, FirecrawlClient, PageSource, WebFetcher},
        whapi::WhapiClient,
    },
    mail::{FolderMailer, Mailer, SmtpMailer},
    media::{Media, Processing, scan::Clamd, storage::Storage, video::Ffmpeg},
    notify::{Inbox, Outbox},
    organization::Organizations,
    report::Reports,
    search::{feed::SearchNode, service::Search},
    talent::{Guardians, Talents},
    token::TokenKey,
};

/// Payments through the configured gateway (Moyasar, or the sandbox offline).
fn payments(config: &Config, db: &sqlx::PgPool) -> anyhow::Result<takeone::billing::payments::Payments> {
    use takeone::billing::{
        moyasar::MoyasarClient,
        payments::{PaymentSettings, Payments},
    };
    let b = &config.billing;
    let client = MoyasarClient::new(&b.api_url, b.secret_key.clone()).context("the payment gateway (TAKEONE_MOYASAR_API_URL)")?;
    Ok(Payments::new(
        db.clone(),
        Arc::new(client),
        PaymentSettings {
            site_url: config.public_url.clone(),
            webhook_secret: b.webhook_secret.clone(),
            seller: b.seller.clone(),
            checkout_origin: b.checkout_origin.clone(),
        },
    ))
}

/// Where this node keeps its search indexes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Index {
    /// On disk in `TAKEONE_SEARCH_DIR`, locked to this process: a web node.
    OnDisk,
    /// In memory, rebuilt from the database at start: a worker or a command alone.
    InMemory,
}

/// Builds every service. Fails with the setting to change when a provider cannot be set up or
/// the search directory cannot be used (another process holds it, or it cannot be written).
pub fn build(config: &Config, db: &sqlx::PgPool, index: Index) -> anyhow::Result<Services> {
    // Hashes run on the blocking pool; allow one per core so a login burst queues instead of
    // starving the machine (each argon2id hash holds 19 MiB).
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let key = TokenKey::new(&config.session_secret);
    let key_for_media = key.clone();
    let node = match index {
        Index::OnDisk => SearchNode::open(&config.search_dir)
            .with_context(|| format!("opening the search indexes in {} (TAKEONE_SEARCH_DIR)", config.search_dir.display()))?,
        Index::InMemory => SearchNode::in_memory().context("creating the search indexes in memory")?,
    };
    Ok(Services {
        db: db.clone(),
        accounts: Accounts::new(db.clone(), PasswordHasher::new(cores), key.clone()),
        calls: CastingCalls::new(db.clone()),
        talents: Talents::new(db.clone()),
        guardians: Guardians::new(db.clone(), key.clone()),
        organizations: Organizations::new(db.clone(), key.clone()),
        applications: Applications::new(db.clone()),
        shortlists: Shortlists::new(db.clone(), key.clone()),
        reports: Reports::new(db.clone()),
        inbox: Inbox::new(db.clone()),
        outbox: Outbox::new(db.clone()),
        mailer: mailer(config)?,
        token_key: key,
        sources: Sources::new(db.clone()),
        ingest_items: Items::new(db.clone()),
        review_queue: ReviewQueue::new(db.clone()),
        collector: collector(db, config)?,
        pipeline: Pipeline::new(db.clone(), extractors(config)?),
        whapi_webhook: config.ingest.whapi_webhook_secret.is_some(),
        mail_dir: config.mail.smtp_url.is_none().then(|| config.mail.dir.clone()),
        public_url: config.public_url.clone(),
        search: Search::new(db.clone(), Arc::new(node)),
        media: media(config, db, key_for_media),
        billing: takeone::billing::Billing::new(db.clone()),
        payments: payments(config, db)?,
    })
}

/// Object storage, the scanner when configured, ffmpeg.
fn media(config: &Config, db: &sqlx::PgPool, key: TokenKey) -> Media {
    let m = &config.media;
    Media::new(
        db.clone(),
        Storage::new(&m.storage),
        key,
        Processing {
            scanner: m.clamd_addr.as_ref().map(|a| Clamd::new(a, std::time::Duration::from_secs(60))),
            ffmpeg: Ffmpeg::new(&m.ffmpeg, &m.ffprobe, &m.font),
            work_dir: m.work_dir.clone(),
            transcode_secret: m.transcode_secret.as_ref().map(|s| s.as_bytes().to_vec()),
        },
    )
}

/// SMTP when `TAKEONE_SMTP_URL` is set, else the development folder.
fn mailer(config: &Config) -> anyhow::Result<Arc<dyn Mailer>> {
    Ok(match &config.mail.smtp_url {
        Some(url) => Arc::new(SmtpMailer::from_url(url, &config.mail.from).context("setting up SMTP (TAKEONE_SMTP_URL)")?),
        None => Arc::new(
            FolderMailer::new(&config.mail.dir, &config.mail.from)
                .with_context(|| format!("opening the mail folder {} (TAKEONE_MAIL_DIR)", config.mail.dir.display()))?,
        ),
    })
}

/// An OpenAI-compatible endpoint before the built-in rules, or the rules alone.
fn extractors(config: &Config) -> anyhow::Result<Extractors> {
    Ok(match &config.ingest.openai_url {
        Some(url) => Extractors::with_llm(
            OpenAiExtractor::new(url, config.ingest.openai_key.as_deref().unwrap_or_default(), &config.ingest.openai_model)
                .context("setting up the OpenAI client (TAKEONE_OPENAI_URL)")?,
        ),
        None => Extractors::rules_only(),
    })
}

/// Firecrawl when configured, else the plain fetch; Whapi polling when a token is set.
fn collector(db: &sqlx::PgPool, config: &Config) -> anyhow::Result<Collector> {
    let limits = FetchLimits { addresses: config.ingest.fetch_addresses.clone(), ..FetchLimits::default() };
    let pages: Arc<dyn PageSource> = match (&config.ingest.firecrawl_url, &config.ingest.firecrawl_key) {
        (Some(url), Some(key)) => Arc::new(
            FirecrawlClient::new(url, key)
                .context("setting up the Firecrawl client")?
                .with_addresses(config.ingest.fetch_addresses.clone()),
        ),
        _ => Arc::new(WebFetcher::new(limits).context("setting up the web fetcher")?),
    };
    let whapi = match &config.ingest.whapi_token {
        Some(t) => Some(Arc::new(WhapiClient::new(&config.ingest.whapi_url, t).context("setting up the Whapi client")?)),
        None => None,
    };
    Ok(Collector::new(db.clone(), pages, whapi))
}
