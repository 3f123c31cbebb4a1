use super::AppState;
use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde_json::json;
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

/// The spec's health document, with the database's real state: 503 when it does not answer.
pub async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let db_up = takeone::db::ping(&state.services.db).await;
    let status = if db_up { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let body = json!({
        "status": if db_up { "healthy" } else { "unhealthy" },
        "timestamp": OffsetDateTime::now_utc().format(&Rfc3339).unwrap_or_default(),
        "services": { "database": if db_up { "up" } else { "down" } },
    });
    (status, [(axum::http::header::CACHE_CONTROL, "no-store")], Json(body))
}
