//! What server functions need from the request they run in: the services, the session, who
//! is asking and from where. Only compiled on the server.

use crate::errors::{AppError, Feedback};
use leptos::prelude::*;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use takeone::{
    FieldErrors, Msg,
    account::{AccountError, Accounts, User},
    audit::RequestMeta,
    casting::{CastingCalls, SaveError},
};
use tower_sessions::Session;

const USER_KEY: &str = "user_id";

/// The domain services, given to every request by the server.
#[derive(Clone)]
pub struct Services {
    pub accounts: Accounts,
    pub calls: CastingCalls,
    pub public_url: String,
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
        user_agent: parts
            .as_ref()
            .and_then(|p| p.headers.get(http::header::USER_AGENT))
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
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
    let feedback = Feedback {
        form: form.to_string(),
        input: serde_json::to_value(input).unwrap_or_default(),
        errors,
        form_error,
        status,
    };
    if is_plain_form_post()
        && let Some(slot) = parts().and_then(|p| p.extensions.get::<Rerender>().cloned())
            && let Ok(mut s) = slot.0.lock() {
                *s = Some((page, feedback.clone()));
            }
    AppError::Form(Box::new(feedback))
}

/// Maps the account service's errors onto a form.
pub fn account_failure<T: Serialize>(form: &str, input: &T, err: AccountError, page: String) -> AppError {
    match err {
        AccountError::Invalid(errors) => form_failure(form, input, errors, None, 422, page),
        AccountError::RateLimited { .. } => form_failure(form, input, FieldErrors::new(), Some(err.msg()), 429, page),
        AccountError::InvalidCredentials => form_failure(form, input, FieldErrors::new(), Some(err.msg()), 401, page),
        AccountError::Database(_) | AccountError::Hash(_) => internal(err),
    }
}

pub fn save_failure<T: Serialize>(form: &str, input: &T, err: SaveError, page: String) -> AppError {
    match err {
        SaveError::Invalid(errors) => form_failure(form, input, errors, None, 422, page),
        SaveError::Transition(_) => form_failure(form, input, FieldErrors::new(), Some(err.msg()), 409, page),
        SaveError::Forbidden => AppError::Forbidden,
        SaveError::NotFound => AppError::NotFound,
        SaveError::Database(_) => internal(err),
    }
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
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        let policy = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
             form-action 'self'; frame-ancestors 'none'"
        );
        if let Ok(v) = http::HeaderValue::from_str(&policy) {
            opts.insert_header(http::header::CONTENT_SECURITY_POLICY, v);
        }
    }
}
