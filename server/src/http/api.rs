//! The public REST API (`/api/v1`): casting calls as JSON. Errors are JSON too, with a stable
//! code, a message in the caller's language and the offending fields.

use super::AppState;
use axum::{
    Json, Router,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;
use serde_json::json;
use takeone::{FieldErrors, Locale, Msg, casting::CallFilter, routes::api as route};
use time::OffsetDateTime;

/// The API's routes, named in `takeone::routes::api` (whose `ALL` the authorization test walks).
pub fn router() -> Router<AppState> {
    use super::{billing_api, media_api, twin_api};
    Router::new()
        .route(route::CASTING_CALLS, get(list))
        .route(route::CASTING_CALL, get(detail))
        .route(route::TWIN_SOURCES, get(twin_api::list).post(twin_api::create))
        .route(route::TWIN_SOURCE, get(twin_api::get).put(twin_api::update).delete(twin_api::delete))
        .route(route::TWIN_SOURCE_RUN, axum::routing::post(twin_api::run))
        .route(
            route::TWIN_SOURCE_IMPORT,
            axum::routing::post(twin_api::import).layer(axum::extract::DefaultBodyLimit::max(super::csrf::MAX_UPLOAD_BYTES)),
        )
        .route(route::MEDIA_UPLOADS, axum::routing::post(media_api::start_upload))
        .route(route::MEDIA_ASSET, get(media_api::get).delete(media_api::delete))
        .route(route::MEDIA_COMPLETE, axum::routing::post(media_api::complete))
        .route(route::MEDIA_PLAYBACK, get(media_api::playback))
        .route(route::MEDIA_STREAM, get(media_api::stream))
        .route(route::MEDIA_RENDITION, get(media_api::rendition))
        .route(route::MEDIA_ORIGINAL, get(media_api::original))
        .route(route::MEDIA_TRANSCODE_CALLBACK, axum::routing::post(media_api::transcode_callback))
        .route(route::BILLING_PLANS, get(billing_api::plans))
        .route(route::BILLING_PAYMENT_INTENTS, axum::routing::post(billing_api::payment_intent))
        .route(route::BILLING_SUBSCRIPTIONS, get(billing_api::subscriptions))
        .route(route::BILLING_WEBHOOKS, axum::routing::post(billing_api::webhook))
        .route(route::BILLING_INVOICE_CALLBACK, axum::routing::post(billing_api::invoice_callback))
        .route(route::BILLING_INVOICE_PDF, get(billing_api::invoice_pdf))
        .fallback(not_found)
}

/// An API caller says its language with Accept-Language; the site's cookie comes second.
pub(super) fn locale(headers: &HeaderMap) -> Locale {
    headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Locale::from_accept_language)
        .unwrap_or_else(|| super::lang::choose(headers))
}

pub(super) fn error(headers: &HeaderMap, status: StatusCode, code: &str, msg: Msg, fields: FieldErrors) -> Response {
    let l = locale(headers);
    let fields: serde_json::Map<String, serde_json::Value> = fields
        .0
        .iter()
        .map(|(f, m)| {
            (f.clone(), json!(app::i18n::translate(l, &m.key, &m.args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect::<Vec<_>>())))
        })
        .collect();
    let message = app::i18n::translate(l, &msg.key, &msg.args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect::<Vec<_>>());
    let mut body = json!({ "error": { "code": code, "message": message, "fields": fields } });
    if code == "plan_limit" {
        // Where the caller's person can see what each plan allows and change theirs.
        body["error"]["plansUrl"] = json!(takeone::routes::Page::Plans.href(l));
    }
    (status, Json(body)).into_response()
}

/// Any domain error as the API answers it: the status and code of its kind, the localized
/// message (with its arguments), and the messages of the fields it names. The one mapping for
/// every area; our own faults are logged here and never described to the caller.
pub(super) fn failure<E: takeone::DomainError>(headers: &HeaderMap, err: E) -> Response {
    use takeone::Failure;
    let kind = err.failure();
    if kind == Failure::Internal {
        tracing::error!(error = %err, "API request failed");
    }
    let status = StatusCode::from_u16(kind.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let fields = match &kind {
        Failure::Invalid(f) | Failure::Taken(f) => f.clone(),
        _ => FieldErrors::new(),
    };
    error(headers, status, kind.code(), kind.msg(), fields)
}

async fn not_found(headers: HeaderMap) -> Response {
    error(&headers, StatusCode::NOT_FOUND, "not_found", Msg::new("error-not-found"), FieldErrors::new())
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    city: String,
    #[serde(default)]
    gender: String,
    #[serde(default)]
    paid: String,
    #[serde(default)]
    page: String,
}

async fn list(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<ListQuery>) -> Response {
    let (filter, errors) = CallFilter::parse(&q.city, &q.gender, &q.paid, &q.page);
    if !errors.is_empty() {
        return error(&headers, StatusCode::BAD_REQUEST, "invalid_filter", Msg::new("error-bad-request"), errors);
    }
    match state.services.calls.list_open(&filter, OffsetDateTime::now_utc()).await {
        Ok(page) => Json(page).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "listing casting calls failed");
            error(&headers, StatusCode::INTERNAL_SERVER_ERROR, "internal", Msg::new("error-internal"), FieldErrors::new())
        }
    }
}

async fn detail(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let Ok(id) = uuid::Uuid::parse_str(&id) else { return not_found(headers).await };
    match state.services.calls.get_visible(id, None).await {
        Ok(Some(call)) => {
            let public_state = call.public_state(OffsetDateTime::now_utc());
            Json(json!({ "call": call, "state": public_state })).into_response()
        }
        Ok(None) => not_found(headers).await,
        Err(e) => {
            tracing::error!(error = %e, "loading a casting call failed");
            error(&headers, StatusCode::INTERNAL_SERVER_ERROR, "internal", Msg::new("error-internal"), FieldErrors::new())
        }
    }
}
