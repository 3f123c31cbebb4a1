//! The binary's subcommands.

use crate::config::Config;
use anyhow::Context;
use clap::{Parser, Subcommand};
use takeone::{
    account::{Email, Password},
    seed,
};

#[derive(Parser)]
#[command(name = "takeone", about = "TakeOne: the casting marketplace for Saudi Arabia", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the site, the API and the background work (the default; TAKEONE_WORKERS=false
    /// leaves the background work to `takeone worker` nodes).
    Serve,
    /// Run only the background work: mail delivery and the schedules.
    Worker,
    /// Create the database if needed and apply migrations.
    Migrate,
    /// Load demo data (about forty casting calls and a demo admin, hirer and talent).
    Seed,
    /// Measure the list and detail pages under load against a static axum ceiling (needs wrk;
    /// run it on a release build: scripts/bench).
    Bench {
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        #[arg(long, default_value_t = 64)]
        connections: u32,
        /// A database of its own: it is seeded with demo data.
        #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/takeone_bench")]
        database_url: String,
        /// Only the saved-search alerts: 10,000 saved searches, 200 new calls, one alert run
        /// (no wrk, no site; quick enough on a debug build).
        #[arg(long)]
        alerts_only: bool,
        /// Only media: photos per second per core, the HLS ladder of a 60 s 1080p clip and the
        /// transcode's peak memory (needs ffmpeg; set TAKEONE_CLAMD_ADDR to include the virus
        /// scan), then signed segment requests per second with wrk against a server on the
        /// database.
        #[arg(long)]
        media_only: bool,
    },
    /// The Digital Twin's tools: parse a chat export, extract calls, score the extractor.
    Ingest {
        #[command(subcommand)]
        action: IngestAction,
    },
    /// Search: rebuild the indexes, score the engine on a judged collection, answer one query.
    Search {
        #[command(subcommand)]
        action: SearchAction,
    },
    /// Build steps of the site's static files (run after `cargo leptos build`; scripts/lib.sh does).
    Assets {
        #[command(subcommand)]
        action: AssetsAction,
    },
    /// Manage administrators.
    Admin {
        #[command(subcommand)]
        action: AdminAction,
    },
    /// Plans and subscriptions.
    Billing {
        #[command(subcommand)]
        action: BillingAction,
    },
}

#[derive(Subcommand)]
pub enum BillingAction {
    /// Put an account (a talent) or its organization (a hirer) on a plan without charge, for a
    /// number of days (a partner, a support gesture); ends the subscription it had.
    Grant {
        #[arg(long)]
        email: String,
        /// talent_pro, hirer_studio, ...
        #[arg(long)]
        plan: String,
        #[arg(long, default_value_t = 30)]
        days: i64,
    },
}

#[derive(Subcommand)]
pub enum AdminAction {
    /// Create an administrator. The password is read from TAKEONE_ADMIN_PASSWORD or standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
}

#[derive(Subcommand)]
pub enum AssetsAction {
    /// Write a brotli (.br) and a gzip (.gz) copy beside each compressible file of the built
    /// site; the server sends them as they are.
    Compress {
        /// The built site (LEPTOS_SITE_ROOT).
        #[arg(default_value = "target/site")]
        dir: std::path::PathBuf,
        /// Quicker, larger copies (development builds).
        #[arg(long)]
        fast: bool,
    },
}

#[derive(Subcommand)]
pub enum SearchAction {
    /// Rebuild this node's indexes (TAKEONE_SEARCH_DIR) from the database.
    Reindex,
    /// Load DIR's talents.jsonl and calls.jsonl into a temporary index, run its judged
    /// queries*.jsonl and print recall@10 and violations per query kind.
    Eval { dir: std::path::PathBuf },
    /// Answer one query over DIR's documents: the ranked ids as a JSON array.
    Query {
        #[arg(long)]
        docs: std::path::PathBuf,
        #[arg(long)]
        target: String,
        #[arg(long, default_value = "")]
        q: String,
        #[arg(long, default_value = "{}")]
        filters: String,
    },
}

#[derive(Subcommand)]
pub enum IngestAction {
    /// Print the messages of a WhatsApp chat export (.txt) as JSON.
    ParseExport { file: std::path::PathBuf },
    /// Read JSON lines `{"text", "source_type"}` on standard input and write one extraction per
    /// line, shaped like the labelled set's `expected` objects.
    Extract,
    /// Score the built-in extractor on a labelled JSON-lines file and print the table.
    Eval { file: std::path::PathBuf },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let command = cli.command.unwrap_or(Command::Serve);
    // The ingest tools read files and standard input only: no configuration, no database.
    if let Command::Ingest { action } = command {
        return crate::ingest_cli::run(action);
    }
    if let Command::Assets { action: AssetsAction::Compress { dir, fast } } = &command {
        let started = std::time::Instant::now();
        let effort = if *fast { crate::assets::Effort::Fast } else { crate::assets::Effort::Best };
        let r = crate::assets::compress_dir(dir, effort)?;
        println!(
            "compressed {} files of {} ({} bytes): .br copies {} bytes, .gz copies {} bytes ({:.1} s)",
            r.files,
            dir.display(),
            r.bytes,
            r.br_bytes,
            r.gz_bytes,
            started.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    if let Command::Search { action } = &command
        && let Some(done) = crate::search_cli::offline(action)
    {
        return done;
    }
    let config = Config::from_env()?;
    match command {
        Command::Ingest { .. } | Command::Assets { .. } => unreachable!("handled above"),
        Command::Search { .. } => crate::search_cli::reindex(&config).await,
        Command::Serve => serve(config).await,
        Command::Worker => {
            let db = takeone::db::prepare(&config.database_url, config.db_max_connections)
                .await
                .with_context(|| format!("preparing the database at {}", redact(&config.database_url)))?;
            crate::work(&config, db, crate::shutdown_signal()).await
        }
        Command::Migrate => {
            takeone::db::prepare(&config.database_url, 2).await?;
            println!("database migrated");
            Ok(())
        }
        Command::Seed => {
            // The demo accounts' passwords are printed and published in the README.
            if config.env == crate::config::Environment::Production {
                anyhow::bail!("refusing to seed demo data in production (TAKEONE_ENV=production): its accounts have published passwords");
            }
            let db = takeone::db::prepare(&config.database_url, 4).await?;
            let services = crate::services::build(&config, &db, crate::services::Index::InMemory)?;
            let report = seed::run(&db, &services.accounts).await?;
            if report.already_seeded {
                println!("demo data already present");
            } else {
                println!("seeded {} casting calls and {} applicants", report.calls_created, takeone::seed::DEMO_APPLICANTS);
            }
            println!("demo accounts (email / password):");
            for a in &seed::DEMO_ACCOUNTS {
                let plan = a.plan.map(|p| format!("  ({}, complimentary)", p.as_str()));
                println!("  {:<8} {} / {}{}", a.role.as_str(), a.email, a.password, plan.unwrap_or_default());
            }
            Ok(())
        }
        Command::Bench { media_only: true, database_url, seconds, connections, .. } => {
            crate::bench_media::run(&database_url, seconds, connections).await
        }
        Command::Bench { database_url, alerts_only: true, .. } => crate::bench::alerts_only(&database_url).await,
        Command::Bench { seconds, connections, database_url, alerts_only: false, media_only: false } => {
            crate::bench::run(crate::bench::Options { seconds, connections, database_url }).await
        }
        Command::Admin { action: AdminAction::Create { email, name } } => {
            let email = Email::parse(&email).map_err(|m| anyhow::anyhow!("invalid email ({})", m.key))?;
            let password = match std::env::var("TAKEONE_ADMIN_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    eprintln!("password for {email}:");
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line).context("reading the password")?;
                    line.trim_end_matches(['\r', '\n']).to_string()
                }
            };
            let password = Password::parse(&password).map_err(|m| anyhow::anyhow!("password rejected ({})", m.key))?;
            let db = takeone::db::prepare(&config.database_url, 2).await?;
            let services = crate::services::build(&config, &db, crate::services::Index::InMemory)?;
            let user = services.accounts.create_admin(&email, &password, &name).await.map_err(|e| match e {
                takeone::account::AccountError::Invalid(_) => anyhow::anyhow!("an account with {email} already exists"),
                other => anyhow::anyhow!(other),
            })?;
            println!("administrator {} created ({})", user.email, user.id);
            Ok(())
        }
        Command::Billing { action: BillingAction::Grant { email, plan, days } } => {
            let plan = takeone::billing::PlanId::parse(&plan).map_err(|_| {
                let ids: Vec<&str> = takeone::billing::PlanId::ALL.iter().map(|p| p.as_str()).collect();
                anyhow::anyhow!("unknown plan {plan:?} (one of {})", ids.join(", "))
            })?;
            let db = takeone::db::prepare(&config.database_url, 2).await?;
            let meta = takeone::audit::RequestMeta { ip: None, user_agent: Some("takeone-cli".into()) };
            let billing = takeone::billing::Billing::new(db);
            let now = time::OffsetDateTime::now_utc();
            let id = billing.grant(None, &email, plan, days, now, &meta).await.map_err(|e| match e {
                takeone::billing::BillingError::NotFound => anyhow::anyhow!("no account with the email {email}"),
                takeone::billing::BillingError::Refused(_) => anyhow::anyhow!("{} is not for this kind of account", plan.as_str()),
                takeone::billing::BillingError::Invalid(_) => anyhow::anyhow!("--days must be between 1 and 3660"),
                other => anyhow::anyhow!(other),
            })?;
            println!("{email} is on {} for {days} days (subscription {id})", plan.as_str());
            Ok(())
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let db = takeone::db::prepare(&config.database_url, config.db_max_connections)
        .await
        .with_context(|| format!("preparing the database at {}", redact(&config.database_url)))?;
    let listener = tokio::net::TcpListener::bind(config.addr).await.with_context(|| format!("binding {}", config.addr))?;
    let site = std::path::Path::new(&config.site_root);
    if !site.join("pkg").exists() {
        tracing::warn!(site_root = %config.site_root, "no built site assets found: pages will not hydrate (build with cargo leptos build)");
    } else if let Some(wasm) = uncompressed_wasm(&site.join("pkg")) {
        tracing::warn!(file = %wasm.display(), "the wasm bundle has no .br/.gz copy: it is sent uncompressed (run takeone assets compress)");
    }
    tracing::info!(addr = %config.addr, env = ?config.env, "TakeOne listening on http://{}", config.addr);
    let mut config = config;
    let _store = crate::object_store::start(&mut config).await?;
    let _gateway = crate::sandbox_gateway::start(&mut config, db.clone()).await?;
    let state = crate::state(config, db)?;
    crate::serve(listener, state, crate::shutdown_signal()).await?;
    Ok(())
}

/// A wasm file of the bundle without its brotli copy: a build that skipped `assets compress`.
fn uncompressed_wasm(pkg: &std::path::Path) -> Option<std::path::PathBuf> {
    std::fs::read_dir(pkg)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "wasm") && !p.with_extension("wasm.br").exists())
}

fn redact(url: &str) -> String {
    match url.split_once('@') {
        Some((creds, host)) if creds.contains(':') => format!("{}:***@{host}", creds.rsplit_once(':').map(|(u, _)| u).unwrap_or("")),
        _ => url.to_string(),
    }
}
