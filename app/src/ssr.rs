//! What server functions need from the request they run in: the services, the session, who
//! is asking and from where. Only compiled on the server.

use crate::errors::{AppError, Feedback};
use leptos::prelude::*;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use takeone::{
    DomainError, Failure, FieldErrors, Msg,
    account::{Accounts, User},
    application::{Applications, Shortlists},
    audit::RequestMeta,
    casting::CastingCalls,
    notify::{Inbox, Outbox},
    organization::Organizations,
    report::Reports,
    talent::{Guardians, Talents},
    token::TokenKey,
};
use tower_sessions::Session;

/// Where the session keeps who is signed in (the REST API reads it too).
pub const USER_KEY: &str = "user_id";

/// Every service of a node, built once from the configuration and the pool by the server's
/// composition root (`server::services::build`) and shared by requests, workers and commands.
/// Nothing is set after construction: a field is what the configuration said.
#[derive(Clone)]
pub struct Services {
    pub db: sqlx::PgPool,
    pub accounts: Accounts,
    pub calls: CastingCalls,
    pub talents: Talents,
    pub guardians: Guardians,
    pub organizations: Organizations,
    pub applications: Applications,
    pub shortlists: Shortlists,
    pub reports: Reports,
    pub inbox: Inbox,
    pub outbox: Outbox,
    /// SMTP, or the development mail folder.
    pub mailer: std::sync::Arc<dyn takeone::mail::Mailer>,
    /// Signs the links mails carry (password reset, invitations).
    pub token_key: TokenKey,
    pub sources: takeone::ingest::sources::Sources,
    pub ingest_items: takeone::ingest::items::Items,
    pub review_queue: takeone::ingest::queue::ReviewQueue,
    /// Web pages and WhatsApp groups fetched through the configured providers.
    pub collector: takeone::ingest::collect::Collector,
    /// Gathered posts into candidates, with the configured extractors.
    pub pipeline: takeone::ingest::pipeline::Pipeline,
    /// Whether Whapi may deliver to the webhook (a secret is configured).
    pub whapi_webhook: bool,
    /// The development mail folder, when mail goes there (the administrators' mail page).
    pub mail_dir: Option<std::path::PathBuf>,
    pub public_url: String,
    /// Search over this node's indexes.
    pub search: takeone::search::service::Search,
    /// Headshots, reels, self-tapes: storage, processing, delivery.
    pub media: takeone::media::Media,
    /// Plans, subscriptions and what they allow.
    pub billing: takeone::billing::Billing,
    /// Checkouts, the gateway's webhooks, tax invoices.
    pub payments: takeone::billing::payments::Payments,
}

/// The CSRF token of this browser, put in the request by the server's CSRF layer.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

/// The client's address as the server decided to trust it.
#[derive(Clone, Debug)]
pub struct ClientIp(pub Option<String>);

/// Put in the request of every server function call; filled by a plain (no JavaScript) form
/// post that failed, so the server renders that page again with the feedback.
#[derive(Clone, Default)]
pub struct Rerender(pub Arc<Mutex<Option<(String, Feedback)>>>);

/// The feedback of a failed plain form post, while its page is rendered again.
#[derive(Clone)]
pub struct RerenderFeedback(pub Feedback);

pub fn services() -> Result<Services, AppError> {
    use_context::<Services>().ok_or(AppError::Internal)
}

fn parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

pub fn csrf_token() -> String {
    parts().and_then(|p| p.extensions.get::<CsrfToken>().map(|t| t.0.clone())).unwrap_or_default()
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "no session in request");
        AppError::Internal
    })
}

pub fn internal(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "server function failed");
    AppError::Internal
}

pub async fn current_user() -> Result<Option<User>, AppError> {
    let session = session().await?;
    let Some(id) = session.get::<uuid::Uuid>(USER_KEY).await.map_err(internal)? else { return Ok(None) };
    let user = services()?.accounts.find(id).await.map_err(internal)?;
    if user.is_none() {
        // The account is gone: forget the stale session.
        session.flush().await.map_err(internal)?;
    }
    Ok(user)
}

pub async fn require_user() -> Result<User, AppError> {
    current_user().await?.ok_or(AppError::Unauthorized)
}

/// Starts a signed-in session under a new id, so an id planted before login is worthless.
pub async fn sign_in(user: &User) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.map_err(internal)?;
    session.insert(USER_KEY, user.id).await.map_err(internal)?;
    Ok(())
}

pub async fn sign_out() -> Result<(), AppError> {
    session().await?.flush().await.map_err(internal)
}

pub fn request_meta() -> RequestMeta {
    let parts = parts();
    RequestMeta {
        ip: parts.as_ref().and_then(|p| p.extensions.get::<ClientIp>().and_then(|ip| ip.0.clone())),
        user_agent: parts.as_ref().and_then(|p| p.headers.get(http::header::USER_AGENT)).and_then(|v| v.to_str().ok()).map(str::to_owned),
    }
}

/// A form posted by the browser itself (no JavaScript) asks for HTML back.
fn is_plain_form_post() -> bool {
    parts()
        .and_then(|p| p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html")))
        .unwrap_or(false)
}

/// The error for a failed form: with JavaScript the page shows it from the response; without,
/// the server renders `page` again with it.
pub fn form_failure<T: Serialize>(
    form: &str,
    input: &T,
    errors: FieldErrors,
    form_error: Option<Msg>,
    status: u16,
    page: String,
) -> AppError {
    let feedback = Feedback { form: form.to_string(), input: serde_json::to_value(input).unwrap_or_default(), errors, form_error, status };
    if is_plain_form_post()
        && let Some(slot) = parts().and_then(|p| p.extensions.get::<Rerender>().cloned())
        && let Ok(mut s) = slot.0.lock()
    {
        *s = Some((page, feedback.clone()));
    }
    AppError::Form(Box::new(feedback))
}

/// Any domain error on a form, by its kind: fields get their messages, a refusal sits above
/// the form, a missing or forbidden thing is a 404/403 page, and our own faults are logged
/// and shown as the generic message. The one mapping for every area.
pub fn failure<T: Serialize, E: DomainError>(form: &str, input: &T, err: E, page: String) -> AppError {
    let kind = err.failure();
    let status = kind.status();
    match kind {
        Failure::Invalid(errors) => form_failure(form, input, errors, None, status, page),
        Failure::Taken(errors) => {
            let msg = Failure::Taken(errors.clone()).msg();
            form_failure(form, input, errors, Some(msg), status, page)
        }
        Failure::Refused(m)
        | Failure::Conflict(m)
        | Failure::Missing(m)
        | Failure::Unauthenticated(m)
        | Failure::TooManyRequests(m)
        | Failure::BadRequest(m)
        | Failure::PlanLimit(m) => rule_failure(form, input, m, status, page),
        Failure::NotFound => AppError::NotFound,
        Failure::Forbidden => AppError::Forbidden,
        Failure::Internal => internal(err),
    }
}

/// A form refused as a whole by a rule (not one field): shown above the form.
pub fn rule_failure<T: Serialize>(form: &str, input: &T, msg: Msg, status: u16, page: String) -> AppError {
    form_failure(form, input, FieldErrors::new(), Some(msg), status, page)
}

/// Without JavaScript the browser follows this redirect; the hydrated page instead reads the
/// function's result and stays where it is.
pub fn redirect_plain(path: &str) {
    if is_plain_form_post() {
        redirect(path);
    }
}

/// Sends the browser to `path`. leptos_axum's own `redirect` panics on a value that cannot be a
/// header; a path built from what a request carried is refused here instead (and logged).
pub fn redirect(path: &str) {
    if path.chars().any(char::is_control) || http::HeaderValue::from_str(path).is_err() {
        tracing::warn!(path = %path.escape_debug(), "redirect refused: not a valid location");
        return;
    }
    leptos_axum::redirect(path);
}

/// The signed-in user, who must have one of `roles` (`Unauthorized` / `Forbidden` otherwise).
pub async fn require_role(roles: &[takeone::account::UserRole]) -> Result<User, AppError> {
    let user = require_user().await?;
    if roles.contains(&user.role) { Ok(user) } else { Err(AppError::Forbidden) }
}

pub fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

pub fn parse_id(id: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)
}

pub fn locale(code: &str) -> takeone::Locale {
    takeone::Locale::from_code(code).unwrap_or_default()
}

/// Sets the status of the page being rendered (404 for a missing call, ...). A server
/// function called by the hydrated page keeps its own status: its result carries the news.
pub fn set_status(code: u16) {
    if parts().is_some_and(|p| p.uri.path().starts_with("/api/fn/")) {
        return;
    }
    if let (Some(opts), Ok(status)) = (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(code)) {
        opts.set_status(status);
    }
}

/// A fresh nonce for this page's inline scripts (hydration bootstrap and resolved data), and
/// the Content-Security-Policy that allows exactly those.
pub fn content_security_policy() {
    leptos::nonce::provide_nonce();
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string()).unwrap_or_default();
    // Uploads go from the browser straight to object storage; players play what hls.js feeds
    // them through blob: addresses.
    let storage = use_context::<Services>().map(|s| s.media.storage().origin().to_string()).unwrap_or_default();
    // A checkout form is answered with a redirect to the gateway's hosted page.
    let gateway = use_context::<Services>().map(|s| s.payments.checkout_origin().to_string()).unwrap_or_default();
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        let policy = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; media-src 'self' blob:; font-src 'self'; connect-src 'self' {storage}; object-src 'none'; \
             base-uri 'self'; form-action 'self' {gateway}; frame-ancestors 'none'"
        );
        if let Ok(v) = http::HeaderValue::from_str(&policy) {
            opts.insert_header(http::header::CONTENT_SECURITY_POLICY, v);
        }
    }
}
