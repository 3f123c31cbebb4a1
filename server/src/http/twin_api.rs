//! The spec's Digital Twin endpoints: `/api/v1/admin/digital-twin/sources` (CRUD) and "run
//! now". Signed-in administrators only (the session cookie, and the CSRF header on writes);
//! the domain checks the role again. Bodies are read only after the caller is known, so a
//! stranger learns nothing from a validation error.

// The error side of these results is the response itself, sent once; boxing it buys nothing.
#![allow(clippy::result_large_err)]

use super::{
    AppState,
    api::{error, failure},
};
use app::ssr::ClientIp;
use axum::Extension;
use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::json;
use takeone::{
    FieldErrors, Msg,
    account::User,
    audit::RequestMeta,
    ingest::{
        source::{NewSource, Source, SourceInput},
        sources::SourceError,
    },
    routes::{Page, with_query},
};
use tower_sessions::Session;
use uuid::Uuid;

pub(super) async fn caller(state: &AppState, session: &Session, headers: &HeaderMap) -> Result<User, Response> {
    let id = session.get::<Uuid>(app::ssr::USER_KEY).await.ok().flatten();
    let user = match id {
        Some(id) => state.services.accounts.find(id).await.ok().flatten(),
        None => None,
    };
    user.ok_or_else(|| error(headers, StatusCode::UNAUTHORIZED, "unauthorized", Msg::new("error-unauthorized"), FieldErrors::new()))
}

pub(super) fn meta(headers: &HeaderMap, ip: &ClientIp) -> RequestMeta {
    RequestMeta {
        ip: ip.0.clone(),
        user_agent: headers.get(axum::http::header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned),
    }
}

/// The API's view of a source: the spec's upper-case kinds.
fn view(s: &Source) -> serde_json::Value {
    json!({
        "id": s.id,
        "type": s.kind.api_name(),
        "name": s.name,
        "url": (s.kind == takeone::ingest::source::SourceKind::Web).then_some(&s.target),
        "group_id": (s.kind == takeone::ingest::source::SourceKind::Whatsapp).then_some(&s.target),
        "is_active": s.is_active,
        "schedule": s.effective_schedule(),
        "custom_schedule": s.schedule.is_some(),
        "last_processed_at": s.last_processed_at.and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok()),
        "last_error": s.last_error,
        "counts": s.counts,
    })
}

/// `{"type": "WEB", "name", "url" | "group_id", "schedule"?, "is_active"?}`.
fn parse_body(headers: &HeaderMap, body: &Bytes) -> Result<NewSource, Response> {
    let v: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| error(headers, StatusCode::BAD_REQUEST, "invalid_json", Msg::new("error-bad-request"), FieldErrors::new()))?;
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or_default().to_string();
    let input = SourceInput {
        kind: s("type"),
        name: s("name"),
        target: if v.get("group_id").is_some() { s("group_id") } else { s("url") },
        schedule: s("schedule"),
        is_active: v.get("is_active").and_then(|x| x.as_bool()).unwrap_or(true),
    };
    NewSource::parse(&input).map_err(|mut e| {
        // The API names the target field as the spec does.
        for (field, _) in e.0.iter_mut() {
            if field == "target" {
                *field = if input.kind.eq_ignore_ascii_case("whatsapp") { "group_id".into() } else { "url".into() };
            } else if field == "kind" {
                *field = "type".into();
            }
        }
        error(headers, StatusCode::UNPROCESSABLE_ENTITY, "invalid", Msg::new("error-form-invalid"), e)
    })
}

/// Handlers below answer `Result<Response, Response>`: the error side is already the answer.
pub(super) fn respond(r: Result<Response, Response>) -> Response {
    r.unwrap_or_else(|e| e)
}

async fn admin(state: &AppState, session: &Session, headers: &HeaderMap) -> Result<User, Response> {
    let user = caller(state, session, headers).await?;
    if user.role == takeone::account::UserRole::Admin { Ok(user) } else { Err(failure(headers, SourceError::Forbidden)) }
}

pub(super) fn parse_id(headers: &HeaderMap, id: &str) -> Result<Uuid, Response> {
    Uuid::parse_str(id).map_err(|_| error(headers, StatusCode::NOT_FOUND, "not_found", Msg::new("error-not-found"), FieldErrors::new()))
}

pub async fn list(State(state): State<AppState>, session: Session, headers: HeaderMap) -> Response {
    respond(
        async {
            let user = caller(&state, &session, &headers).await?;
            let list = state.services.sources.list(&user).await.map_err(|e| failure(&headers, e))?;
            Ok(Json(json!({ "sources": list.iter().map(view).collect::<Vec<_>>() })).into_response())
        }
        .await,
    )
}

pub async fn create(
    State(state): State<AppState>,
    session: Session,
    Extension(ip): Extension<ClientIp>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(
        async {
            let user = admin(&state, &session, &headers).await?;
            let new = parse_body(&headers, &body)?;
            let sources = &state.services.sources;
            let id = sources.create(&user, &new, &meta(&headers, &ip)).await.map_err(|e| failure(&headers, e))?;
            let s = sources.get(&user, id).await.map_err(|e| failure(&headers, e))?;
            Ok((StatusCode::CREATED, Json(json!({ "source": view(&s) }))).into_response())
        }
        .await,
    )
}

pub async fn get(State(state): State<AppState>, session: Session, headers: HeaderMap, Path(id): Path<String>) -> Response {
    respond(
        async {
            let user = caller(&state, &session, &headers).await?;
            let id = parse_id(&headers, &id)?;
            let s = state.services.sources.get(&user, id).await.map_err(|e| failure(&headers, e))?;
            Ok(Json(json!({ "source": view(&s) })).into_response())
        }
        .await,
    )
}

pub async fn update(
    State(state): State<AppState>,
    session: Session,
    Extension(ip): Extension<ClientIp>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    respond(
        async {
            let user = admin(&state, &session, &headers).await?;
            let id = parse_id(&headers, &id)?;
            let new = parse_body(&headers, &body)?;
            let sources = &state.services.sources;
            sources.update(&user, id, &new, &meta(&headers, &ip)).await.map_err(|e| failure(&headers, e))?;
            let s = sources.get(&user, id).await.map_err(|e| failure(&headers, e))?;
            Ok(Json(json!({ "source": view(&s) })).into_response())
        }
        .await,
    )
}

pub async fn delete(
    State(state): State<AppState>,
    session: Session,
    Extension(ip): Extension<ClientIp>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    respond(
        async {
            let user = caller(&state, &session, &headers).await?;
            let id = parse_id(&headers, &id)?;
            state.services.sources.delete(&user, id, &meta(&headers, &ip)).await.map_err(|e| failure(&headers, e))?;
            Ok(StatusCode::NO_CONTENT.into_response())
        }
        .await,
    )
}

pub async fn run(
    State(state): State<AppState>,
    session: Session,
    Extension(ip): Extension<ClientIp>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    respond(
        async {
            let user = caller(&state, &session, &headers).await?;
            let id = parse_id(&headers, &id)?;
            state.services.sources.run_now(&user, id, &meta(&headers, &ip)).await.map_err(|e| failure(&headers, e))?;
            Ok((StatusCode::ACCEPTED, Json(json!({ "queued": true }))).into_response())
        }
        .await,
    )
}

/// `POST /sources/{id}/import`: a WhatsApp chat export, as a multipart upload (field `file`)
/// from the admin page or the raw text as the body. A browser's form is sent back to the
/// sources page with the outcome; API callers get JSON.
pub async fn import(
    State(state): State<AppState>,
    session: Session,
    Extension(ip): Extension<ClientIp>,
    headers: HeaderMap,
    Path(id): Path<String>,
    request: axum::extract::Request,
) -> Response {
    use axum::extract::FromRequest;
    use takeone::ingest::{collect::CollectError, whatsapp::ExportError};
    let (user, id) = match admin(&state, &session, &headers).await.and_then(|u| Ok((u, parse_id(&headers, &id)?))) {
        Ok(found) => found,
        Err(r) => return r,
    };
    let from_browser = headers.get(axum::http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
    let lang = super::lang::choose(&headers);
    let back = |query: &[(&str, &str)]| axum::response::Redirect::to(&with_query(Page::TwinSources.href(lang), query)).into_response();
    let is_multipart =
        headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("multipart/form-data"));
    let file: Result<Bytes, Response> = if is_multipart {
        match axum::extract::Multipart::from_request(request, &state).await {
            Ok(mut form) => {
                let mut file = None;
                loop {
                    match form.next_field().await {
                        Ok(Some(field)) if field.name() == Some("file") => match field.bytes().await {
                            Ok(b) => file = Some(b),
                            Err(_) => break,
                        },
                        Ok(Some(_)) => continue,
                        Ok(None) | Err(_) => break,
                    }
                }
                file.ok_or_else(|| {
                    error(&headers, StatusCode::UNPROCESSABLE_ENTITY, "no_file", Msg::new("error-export-missing"), FieldErrors::new())
                })
            }
            Err(_) => Err(error(&headers, StatusCode::BAD_REQUEST, "bad_upload", Msg::new("error-bad-request"), FieldErrors::new())),
        }
    } else {
        axum::body::to_bytes(request.into_body(), super::csrf::MAX_UPLOAD_BYTES).await.map_err(|_| {
            error(
                &headers,
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                Msg::new("error-export-too-large").with("max", "20 MB"),
                FieldErrors::new(),
            )
        })
    };
    let file = match file {
        Ok(f) => f,
        Err(r) if from_browser => return back(&[("import_error", &r.status().as_u16().to_string())]),
        Err(r) => return r,
    };
    match state.services.collector.import_export(&user, id, &file, &meta(&headers, &ip)).await {
        Ok(report) if from_browser => {
            back(&[("imported", &report.messages.to_string()), ("new", &report.added.new.to_string()), ("source", &id.to_string())])
        }
        Ok(report) => Json(json!({ "import": report })).into_response(),
        Err(e) => {
            let (status, code, msg) = match &e {
                CollectError::Source(SourceError::Forbidden) => (StatusCode::FORBIDDEN, "forbidden", Msg::new("error-forbidden")),
                CollectError::Source(SourceError::NotFound) => (StatusCode::NOT_FOUND, "not_found", Msg::new("error-not-found")),
                CollectError::NotWhatsapp => (StatusCode::UNPROCESSABLE_ENTITY, "not_whatsapp", Msg::new("error-export-not-whatsapp")),
                CollectError::Export(ExportError::TooLarge { .. }) => {
                    (StatusCode::PAYLOAD_TOO_LARGE, "too_large", Msg::new("error-export-too-large").with("max", "20 MB"))
                }
                CollectError::Export(_) => {
                    (StatusCode::UNPROCESSABLE_ENTITY, "bad_export", Msg::new("error-export-invalid").with("reason", e.to_string()))
                }
                _ => {
                    tracing::error!(error = %e, "importing a chat export failed");
                    (StatusCode::INTERNAL_SERVER_ERROR, "internal", Msg::new("error-internal"))
                }
            };
            if from_browser {
                return back(&[("import_error", &status.as_u16().to_string()), ("reason", &e.to_string())]);
            }
            match e {
                // The parser's own words say what is wrong with the file.
                CollectError::Export(_) => (status, Json(json!({ "error": { "code": code, "message": e.to_string() } }))).into_response(),
                _ => error(&headers, status, code, msg, FieldErrors::new()),
            }
        }
    }
}
