//! Webhooks from outside services. They carry no cookies and no CSRF token: each proves
//! itself with its provider's shared secret instead, compared in constant time, and each
//! delivery is idempotent (the provider retries until it gets a 2xx).

use super::{AppState, csrf::constant_time_eq};
use axum::{
    Json,
    body::Bytes,
    extract::{Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::json;
use takeone::ingest::whapi;

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: Option<String>,
}

fn reply(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({ "error": { "code": code, "message": message } }))).into_response()
}

/// Whapi.cloud: `POST /webhooks/whapi`, the secret as `Authorization: Bearer …` (a custom
/// header in the channel's webhook settings) or `?token=…` in the webhook URL.
pub async fn whapi(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<TokenQuery>, body: Bytes) -> Response {
    let Some(secret) = state.config.ingest.whapi_webhook_secret.as_deref() else {
        return reply(StatusCode::NOT_FOUND, "not_configured", "the WhatsApp webhook is not enabled (TAKEONE_WHAPI_WEBHOOK_SECRET)");
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned)
        .or(q.token);
    if !presented.is_some_and(|p| constant_time_eq(p.as_bytes(), secret.as_bytes())) {
        tracing::warn!("WhatsApp webhook refused: missing or wrong secret");
        return reply(StatusCode::UNAUTHORIZED, "unauthorized", "missing or wrong webhook secret");
    }
    let messages = match whapi::parse_webhook(&body) {
        Ok(m) => m,
        Err(e) => {
            tracing::warn!(error = %e, "WhatsApp webhook body not understood");
            return reply(StatusCode::BAD_REQUEST, "bad_payload", &e.to_string());
        }
    };
    let collector = &state.services.collector;
    let sources = &state.services.sources;
    let (mut added, mut unknown_groups) = (0usize, 0usize);
    let mut by_group: std::collections::BTreeMap<&str, Vec<whapi::IncomingMessage>> = Default::default();
    for m in &messages {
        by_group.entry(m.chat_id.as_str()).or_default().push(m.clone());
    }
    for (group, batch) in by_group {
        match sources.by_group(group).await {
            Ok(Some((source_id, true))) => match collector.add_messages(source_id, &batch).await {
                Ok(a) => added += a.new,
                Err(e) => {
                    // Not acknowledged: Whapi delivers again, and what was stored is skipped then.
                    tracing::error!(error = %e, group, "storing WhatsApp messages failed");
                    return reply(StatusCode::SERVICE_UNAVAILABLE, "retry", "could not store the messages; deliver again");
                }
            },
            Ok(_) => unknown_groups += batch.len(),
            Err(e) => {
                tracing::error!(error = %e, "looking up the WhatsApp source failed");
                return reply(StatusCode::SERVICE_UNAVAILABLE, "retry", "could not store the messages; deliver again");
            }
        }
    }
    tracing::info!(received = messages.len(), added, unknown_groups, "WhatsApp webhook delivery");
    Json(json!({ "received": messages.len(), "added": added, "ignored": unknown_groups })).into_response()
}
