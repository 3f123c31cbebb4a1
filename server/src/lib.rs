//! The `takeone` binary's library: configuration, the HTTP edge and the commands. Kept as a
//! library so integration tests start the real server on a loopback port.

pub mod bench;
pub mod commands;
pub mod config;
pub mod http;

use app::ssr::Services;
use config::Config;
use std::sync::Arc;
use takeone::{
    account::{Accounts, PasswordHasher, session_store::PgSessionStore},
    casting::CastingCalls,
};
use tokio::net::TcpListener;

/// The runtime the server runs on. Worker threads get 8 MiB of stack: rendering a large page
/// nests deeply (more so in debug builds) and 2 MiB, tokio's default, is not always enough.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(8 * 1024 * 1024)
        .build()
        .expect("a tokio runtime")
}

/// Everything the server needs, built from a migrated pool.
pub fn state(config: Config, db: sqlx::PgPool) -> http::AppState {
    // Hashes run on the blocking pool; allow one per core so a login burst queues instead of
    // starving the machine (each argon2id hash holds 19 MiB).
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let accounts = Accounts::new(db.clone(), PasswordHasher::new(cores));
    let services = Services {
        accounts,
        calls: CastingCalls::new(db.clone()),
        public_url: config.public_url.clone(),
    };
    let page_cache = http::page_cache::PageCache::new(config.page_cache_ttl);
    http::AppState { leptos: http::leptos_options(&config), services, db, config: Arc::new(config), page_cache }
}

/// Serves until `shutdown` resolves. Background upkeep (expired sessions, closed rate-limit
/// windows, hourly) stops with it; both deletes are idempotent, so several nodes may run them.
pub async fn serve(
    listener: TcpListener,
    state: http::AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use tower_sessions::ExpiredDeletion;
    let store = PgSessionStore::new(state.db.clone());
    let db = state.db.clone();
    let cleanup = tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            if let Err(e) = store.delete_expired().await {
                tracing::error!(error = %e, "deleting expired sessions failed");
            }
            if let Err(e) = takeone::rate_limit::purge_closed(&db).await {
                tracing::error!(error = %e, "purging rate-limit windows failed");
            }
        }
    });
    let app = http::router(state);
    let result = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await;
    cleanup.abort();
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
