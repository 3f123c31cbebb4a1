//! Server functions, with two things leptos_axum leaves to us: the HTTP status of an error is
//! the one `AppError` names (not always 500), and a form posted without JavaScript that fails
//! gets its page rendered again, with the errors and what was typed, instead of a redirect.

use super::AppState;
use app::{
    errors::AppError,
    shell,
    ssr::{Rerender, RerenderFeedback},
};
use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use leptos::prelude::*;

const ERROR_HEADER: &str = "serverfnerror";

/// Wraps every call under `/api/fn/` (leptos_axum registers one route per server function).
pub async fn wrap(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/fn/") {
        return next.run(req).await;
    }
    let rerender = Rerender::default();
    let (mut parts, body) = req.into_parts();
    parts.extensions.insert(rerender.clone());
    let page_parts = parts.clone();
    let is_write = parts.method == Method::POST;
    let res = next.run(Request::from_parts(parts, body)).await;
    if is_write && res.status().as_u16() < 400 {
        // Whatever changed, this node's anonymous pages show it from the next request on.
        state.page_cache.clear();
    }

    let failed = rerender.0.lock().ok().and_then(|mut s| s.take());
    if let Some((path, feedback)) = failed {
        return render_again(&state, page_parts, path, feedback).await;
    }
    if res.headers().contains_key(ERROR_HEADER) {
        return with_error_status(res).await;
    }
    res
}

async fn with_error_status(res: Response) -> Response {
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, 1024 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

async fn render_again(state: &AppState, mut parts: axum::http::request::Parts, path: String, feedback: app::errors::Feedback) -> Response {
    let status = StatusCode::from_u16(feedback.status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    parts.method = Method::GET;
    parts.uri = match path.parse() {
        Ok(uri) => uri,
        Err(_) => return StatusCode::BAD_REQUEST.into_response(),
    };
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let services = state.services.clone();
    let options = state.leptos.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(services.clone());
            provide_context(RerenderFeedback(feedback.clone()));
        },
        move || shell(options.clone()),
    );
    let mut res = handler(Request::from_parts(parts, Body::empty())).await;
    if res.status().is_success() {
        *res.status_mut() = status;
    }
    res.headers_mut().insert(header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    res
}
