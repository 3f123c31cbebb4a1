//! The HTTP edge: the router, the layers every request passes, and the handlers that are not
//! pages (health, sitemap, REST API). Domain errors become statuses and messages here only.

pub mod api;
pub mod billing_api;
pub mod connections;
pub mod cookies;
pub mod csrf;
pub mod headers;
pub mod health;
pub mod lang;
pub mod limits;
pub mod media_api;
pub mod page_cache;
pub mod seo;
pub mod server_fns;
pub mod statics;
pub mod token_mask;
pub mod twin_api;
pub mod webhooks;

use crate::config::Config;
use app::{App, shell, ssr::Services};
use axum::{Router, extract::FromRef, routing::get};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::sync::Arc;
use takeone::account::session_store::PgSessionStore;
use tower_http::{compression::CompressionLayer, trace::TraceLayer};
use tower_sessions::{
    Expiry, SessionManagerLayer,
    cookie::{Key, SameSite},
};

#[derive(Clone)]
pub struct AppState {
    pub leptos: LeptosOptions,
    /// Every service, and through `services.db` the pool.
    pub services: Services,
    pub config: Arc<Config>,
    pub page_cache: page_cache::PageCache,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> Self {
        s.leptos.clone()
    }
}

const OUTPUT_NAME: &str = "takeone";

/// Pages name the bundle's files by content hash when the site was built with them
/// (cargo-leptos `hash-files`), so browsers may keep those files for good.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let hash_file = statics::hash_file(&config.site_root, OUTPUT_NAME);
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .hash_files(hash_file.is_some())
        .hash_file(hash_file.map(|p| Arc::from(p.to_string_lossy().as_ref())).unwrap_or_else(|| Arc::from(statics::HASH_FILE)))
        .build()
}

/// The application's routes, worked out once per process. While leptos generates them it
/// suppresses resource loading in the whole process (a process-global flag), so a page
/// rendering elsewhere in the process at that moment would wait forever
/// (leptos-rs/leptos#4773). Several servers in one process (the tests) share this list.
pub fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let services = state.services.clone();
    let context = move || provide_context(services.clone());
    let options = state.leptos.clone();
    let secure = state.config.secure_cookies;
    let sessions = SessionManagerLayer::new(PgSessionStore::new(state.services.db.clone()))
        .with_name(cookies::session_name(secure))
        .with_secure(secure)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::days(14)))
        .with_signed(Key::from(&state.config.session_secret));
    let csrf = csrf::Csrf { keys: csrf::CsrfKeys::new(&state.config.session_secret, secure), accounts: state.services.accounts.clone() };
    let limits = limits::Limits::new(&state.config.limits);

    // The router's list has `/{lang}`; the home page's address is `/{lang}/`.
    let home = leptos_axum::render_app_async_with_context(context.clone(), {
        let options = options.clone();
        move || shell(options.clone())
    });
    Router::new()
        .route("/", get(lang::root))
        .route("/{lang}/", get(move |req: axum::extract::Request| home(req)))
        .route("/health", get(health::health))
        .route("/sitemap.xml", get(seo::sitemap))
        .route("/robots.txt", get(seo::robots))
        .nest(takeone::routes::api::PREFIX, api::router())
        .route("/webhooks/whapi", axum::routing::post(webhooks::whapi))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(axum::middleware::from_fn_with_state(state.clone(), server_fns::wrap))
        .layer(axum::middleware::from_fn_with_state(state.page_cache.clone(), page_cache::serve))
        .layer(axum::middleware::from_fn(lang::remember))
        .layer(axum::middleware::from_fn_with_state(csrf, csrf::protect))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(state.config.trusted_proxy_hops, headers::client_ip))
        // Pages and API answers are made per request and compressed per request.
        .layer(CompressionLayer::new())
        // Static files go no further: compressed at build time, no cookies, no session.
        .layer(axum::middleware::from_fn_with_state(statics::Statics::new(&state.config.site_root), statics::serve))
        .layer(axum::middleware::from_fn_with_state(secure, headers::security))
        // Outside everything that reads a body or the database: a refused request costs nothing.
        .layer(axum::middleware::from_fn_with_state(limits, limits::guard))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
