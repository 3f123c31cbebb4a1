//! The `takeone` binary's library: configuration, the HTTP edge and the commands. Kept as a
//! library so integration tests start the real server on a loopback port.

pub mod assets;
pub mod bench;
pub mod bench_media;
pub mod bench_search;
pub mod commands;
pub mod config;
pub mod http;
pub mod ingest_cli;
pub mod object_store;
pub mod sandbox_gateway;
pub mod search_cli;
pub mod services;
pub mod workers;

use app::ssr::Services;
use config::Config;
use std::sync::Arc;
use tokio::net::TcpListener;

/// The runtime the server runs on. Worker threads get 8 MiB of stack: rendering a large page
/// nests deeply (more so in debug builds) and 2 MiB, tokio's default, is not always enough.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().enable_all().thread_stack_size(8 * 1024 * 1024).build().expect("a tokio runtime")
}

/// Everything the server needs, built from a migrated pool. Fails when this node's search
/// directory cannot be used (another process holds it, or it cannot be written): a node that
/// cannot search must not start, and the error names the setting to change.
pub fn state(config: Config, db: sqlx::PgPool) -> anyhow::Result<http::AppState> {
    let services = services::build(&config, &db, services::Index::OnDisk)?;
    let page_cache = http::page_cache::PageCache::new(config.page_cache_ttl);
    Ok(http::AppState { leptos: http::leptos_options(&config), services, config: Arc::new(config), page_cache })
}

/// Keeps this node's search indexes current from the database until `stop` resolves.
pub fn keep_index_current(
    services: &Services,
    config: &Config,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> tokio::task::JoinHandle<()> {
    let feed = takeone::search::feed::Feed::new(services.db.clone(), services.search.node().clone());
    tokio::spawn(feed.run(config.search_poll, stop))
}

/// Serves until `shutdown` resolves, with the background workers beside the site when the
/// configuration says so; both stop on the same signal, work in flight finishing first.
pub async fn serve(
    listener: TcpListener,
    state: http::AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };
    let feed = keep_index_current(&state.services, &state.config, stopped(stop_rx.clone()));
    let workers = state.config.run_workers.then(|| {
        let (services, config) = (state.services.clone(), state.config.clone());
        let signal = stopped(stop_rx.clone());
        tokio::spawn(async move {
            if let Err(e) = workers::run(services, &config, signal).await {
                tracing::error!(error = %e, "background workers failed");
            }
        })
    });
    let header_read_timeout = state.config.limits.header_read_timeout;
    let app = http::router(state);
    let result = http::connections::serve(listener, app, header_read_timeout, async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    })
    .await;
    if let Some(w) = workers {
        let _ = w.await;
    }
    let _ = feed.await;
    result
}

/// The workers alone (`takeone worker`): with an index of their own in memory, kept current
/// from the database, for the saved-search alerts.
pub async fn work(
    config: &Config,
    db: sqlx::PgPool,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let services = services::build(config, &db, services::Index::InMemory)?;
    let (stop_feed, feed_stopped) = tokio::sync::oneshot::channel::<()>();
    let feed = keep_index_current(&services, config, async move {
        let _ = feed_stopped.await;
    });
    let result = workers::run(services, config, shutdown).await;
    let _ = stop_feed.send(());
    let _ = feed.await;
    result
}

pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
