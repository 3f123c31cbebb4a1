//! The media API (`/api/v1/media/...`): announce an upload, complete it, read an asset, delete
//! it, play it back through signed addresses, read its renditions and original (with ranges),
//! and the outside transcoder's signed callback. The same service the pages use decides.

// The error side of these results is the response itself, sent once; boxing it buys nothing.
#![allow(clippy::result_large_err)]

use super::{
    AppState,
    api::{error, failure},
    twin_api::{caller, meta, parse_id, respond},
};
use app::ssr::ClientIp;
use axum::{
    Extension, Json,
    body::{Body, Bytes},
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;
use takeone::{
    FieldErrors, Msg,
    account::User,
    media::{Media, StreamFile, StreamQuery, UploadRequest, asset::Asset, limits::QUOTA_BYTES, storage::Object},
    routes::api,
};
use tower_sessions::Session;
use uuid::Uuid;

fn not_found(headers: &HeaderMap) -> Response {
    error(headers, StatusCode::NOT_FOUND, "not_found", Msg::new("error-not-found"), FieldErrors::new())
}

/// The signed-in caller, if any (public renditions and playback need none).
async fn viewer(state: &AppState, session: &Session) -> Option<User> {
    let id = session.get::<Uuid>(app::ssr::USER_KEY).await.ok().flatten()?;
    state.services.accounts.find(id).await.ok().flatten()
}

/// An asset as the API shows it.
pub fn view(a: &Asset) -> serde_json::Value {
    let renditions: serde_json::Map<String, serde_json::Value> =
        Media::rendition_urls(a).into_iter().map(|(name, url)| (name, json!(url))).collect();
    json!({
        "id": a.id,
        "status": a.status.as_str(),
        "purpose": a.purpose.as_str(),
        "visibility": if a.visibility == takeone::media::asset::AssetVisibility::Private { "private" } else { "public" },
        "mimetype": a.format.mime(),
        "filename": a.filename,
        "size": a.size_bytes.unwrap_or(a.declared_size),
        "width": a.width,
        "height": a.height,
        "duration_s": a.duration_s,
        "progress": a.progress,
        "primary": a.is_primary,
        "reason": a.reason,
        "renditions": renditions,
        "playback": a.hls.then(|| api::url(api::MEDIA_PLAYBACK, a.id)),
        "applicationId": a.application_id,
        "createdAt": a.created_at.format(&time::format_description::well_known::Rfc3339).ok(),
    })
}

/// `{filename, mimetype, size, visibility, purpose, applicationId?}`.
fn parse_upload(headers: &HeaderMap, body: &Bytes) -> Result<UploadRequest, Response> {
    let v: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| error(headers, StatusCode::BAD_REQUEST, "invalid_json", Msg::new("error-bad-request"), FieldErrors::new()))?;
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or_default().to_string();
    let size = match v.get("size") {
        Some(n) => n.as_u64().ok_or_else(|| {
            let mut f = FieldErrors::new();
            f.add("size", Msg::new("error-media-empty"));
            error(headers, StatusCode::UNPROCESSABLE_ENTITY, "invalid", Msg::new("error-form-invalid"), f)
        })?,
        None => 0,
    };
    let application_id = match v.get("applicationId").and_then(|x| x.as_str()) {
        Some(a) => Some(Uuid::parse_str(a).map_err(|_| {
            let mut f = FieldErrors::new();
            f.add("applicationId", Msg::new("error-not-found"));
            error(headers, StatusCode::UNPROCESSABLE_ENTITY, "invalid", Msg::new("error-form-invalid"), f)
        })?),
        None => None,
    };
    Ok(UploadRequest {
        filename: s("filename"),
        mimetype: s("mimetype"),
        size,
        visibility: s("visibility"),
        purpose: s("purpose"),
        application_id,
    })
}

fn parts_view(parts: &[takeone::media::asset::UploadPart]) -> serde_json::Value {
    json!(parts.iter().map(|p| json!({ "partNumber": p.number, "size": p.size, "stored": p.stored, "url": p.url })).collect::<Vec<_>>())
}

pub async fn start_upload(State(state): State<AppState>, session: Session, headers: HeaderMap, body: Bytes) -> Response {
    respond(
        async {
            let user = caller(&state, &session, &headers).await?;
            let req = parse_upload(&headers, &body)?;
            let media = &state.services.media;
            let t = media.start_upload(&user, &req).await.map_err(|e| failure(&headers, e))?;
            let fields: serde_json::Map<String, serde_json::Value> =
                t.put.iter().flat_map(|p| p.headers.iter().map(|(k, v)| (k.clone(), json!(v)))).collect();
            Ok((
                StatusCode::CREATED,
                Json(json!({
                    "assetId": t.asset.id,
                    "uploadUrl": t.put.as_ref().map(|p| p.url.clone()),
                    "method": "PUT",
                    "fields": fields,
                    "multipart": t.asset.part_size.map(|size| json!({ "partSize": size, "parts": parts_view(&t.parts) })),
                    "completeUrl": api::url(api::MEDIA_COMPLETE, t.asset.id),
                    "asset": view(&t.asset),
                })),
            )
                .into_response())
        }
        .await,
    )
}

pub async fn complete(State(state): State<AppState>, session: Session, headers: HeaderMap, Path(id): Path<String>) -> Response {
    respond(
        async {
            let user = caller(&state, &session, &headers).await?;
            let id = parse_id(&headers, &id)?;
            let a = state.services.media.complete(&user, id).await.map_err(|e| failure(&headers, e))?;
            Ok(Json(json!({ "asset": view(&a) })).into_response())
        }
        .await,
    )
}

/// The asset; to its owner, while the upload is pending, also the parts still to send (with
/// fresh addresses), so an interrupted upload resumes.
pub async fn get(State(state): State<AppState>, session: Session, headers: HeaderMap, Path(id): Path<String>) -> Response {
    respond(
        async {
            let user = viewer(&state, &session).await;
            let id = parse_id(&headers, &id)?;
            let media = &state.services.media;
            let a = media.visible(user.as_ref(), id).await.map_err(|e| failure(&headers, e))?;
            let mut body = view(&a);
            if let Some(u) = &user
                && u.id == a.owner_id
            {
                if a.status == takeone::media::AssetStatus::Pending && a.is_multipart() {
                    let (_, parts) = media.resume(u, id).await.map_err(|e| failure(&headers, e))?;
                    body["upload"] = json!({ "partSize": a.part_size, "parts": parts_view(&parts) });
                }
                let used = media.used(u.id).await.map_err(|e| failure(&headers, e))?;
                body["quota"] = json!({ "used": used, "limit": QUOTA_BYTES });
            }
            Ok(Json(json!({ "asset": body })).into_response())
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
            state.services.media.delete(&user, id, &meta(&headers, &ip)).await.map_err(|e| failure(&headers, e))?;
            Ok(StatusCode::NO_CONTENT.into_response())
        }
        .await,
    )
}

pub async fn playback(State(state): State<AppState>, session: Session, headers: HeaderMap, Path(id): Path<String>) -> Response {
    respond(
        async {
            let user = viewer(&state, &session).await;
            let id = parse_id(&headers, &id)?;
            let p = state.services.media.playback(user.as_ref(), id).await.map_err(|e| failure(&headers, e))?;
            // A player opens the manifest; the two names are the spec's.
            Ok(Json(json!({ "playbackUrl": p.manifest_url, "manifestUrl": p.manifest_url, "expiresAt": p.expires_at })).into_response())
        }
        .await,
    )
}

pub async fn stream(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path((id, segment)): Path<(String, String)>,
    Query(q): Query<StreamQuery>,
) -> Response {
    respond(
        async {
            let user = viewer(&state, &session).await;
            let id = parse_id(&headers, &id)?;
            let file = state.services.media.stream(user.as_ref(), id, &segment, &q).await.map_err(|e| failure(&headers, e))?;
            Ok(match file {
                StreamFile::Playlist(text) => {
                    ([(header::CONTENT_TYPE, "application/vnd.apple.mpegurl"), (header::CACHE_CONTROL, "private, no-store")], text)
                        .into_response()
                }
                StreamFile::Segment(obj) => object_response(obj, "video/mp2t", "private, max-age=3600", None),
            })
        }
        .await,
    )
}

pub async fn rendition(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path((id, name)): Path<(String, String)>,
    Query(q): Query<StreamQuery>,
) -> Response {
    respond(
        async {
            let id = parse_id(&headers, &id)?;
            let media = &state.services.media;
            // A signed address (a shortlist link's reader) or the reader's own access.
            let obj = if q.s.is_empty() {
                let user = viewer(&state, &session).await;
                media.rendition(user.as_ref(), id, &name).await
            } else {
                media.rendition_signed(id, &name, &q).await
            }
            .map_err(|e| failure(&headers, e))?;
            // Private: who may see it is decided per person, so no shared cache keeps it.
            Ok(object_response(obj, "image/jpeg", "private, max-age=300", None))
        }
        .await,
    )
}

pub async fn original(State(state): State<AppState>, session: Session, headers: HeaderMap, Path(id): Path<String>) -> Response {
    respond(
        async {
            let user = viewer(&state, &session).await;
            let id = parse_id(&headers, &id)?;
            let range = match headers.get(header::RANGE).and_then(|v| v.to_str().ok()) {
                None => None,
                Some(r) => Some(parse_range(r).ok_or_else(|| range_not_satisfiable(&headers))?),
            };
            let media = &state.services.media;
            let obj = media.original(user.as_ref(), id, range).await.map_err(|e| match e {
                takeone::media::MediaError::NotUploaded(_) => range_not_satisfiable(&headers),
                e => failure(&headers, e),
            })?;
            let a = media.find(id).await.map_err(|e| failure(&headers, e))?.ok_or_else(|| not_found(&headers))?;
            Ok(object_response(obj, a.format.mime(), "private, max-age=300", Some(&a.filename)))
        }
        .await,
    )
}

fn range_not_satisfiable(headers: &HeaderMap) -> Response {
    error(headers, StatusCode::RANGE_NOT_SATISFIABLE, "range", Msg::new("error-range"), FieldErrors::new())
}

/// `bytes=a-b` or `bytes=a-` (one range; several are answered whole by most servers too, but a
/// client asking for them gets a clear refusal here instead).
fn parse_range(v: &str) -> Option<(u64, Option<u64>)> {
    let spec = v.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let start: u64 = a.trim().parse().ok()?;
    let end = match b.trim() {
        "" => None,
        e => Some(e.parse::<u64>().ok().filter(|e| *e >= start)?),
    };
    Some((start, end))
}

fn object_response(obj: Object, default_type: &str, cache: &'static str, filename: Option<&str>) -> Response {
    let mut res = Response::new(Body::new(obj.body.into_inner()));
    let h = res.headers_mut();
    let content_type = obj.content_type.as_deref().unwrap_or(default_type);
    if let Ok(v) = HeaderValue::from_str(content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(obj.length));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if let Some(name) = filename {
        // RFC 6266: the person's own file name, encoded (Arabic names included).
        let encoded = takeone::routes::encode(name);
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename*=UTF-8''{encoded}")) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    if let Some((a, b)) = obj.range {
        if let Ok(v) = HeaderValue::from_str(&format!("bytes {a}-{b}/{}", obj.total)) {
            h.insert(header::CONTENT_RANGE, v);
        }
        *res.status_mut() = StatusCode::PARTIAL_CONTENT;
    }
    res
}

/// The outside transcoder's report, signed `X-TakeOne-Signature: sha256=<hex HMAC of the body>`.
pub async fn transcode_callback(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let signature = headers.get("x-takeone-signature").and_then(|v| v.to_str().ok()).unwrap_or_default();
    match state.services.media.transcode_callback(&body, signature).await {
        Ok(outcome) => Json(json!({ "received": true, "repeated": outcome == takeone::media::CallbackOutcome::Repeated })).into_response(),
        Err(takeone::media::MediaError::NotAllowed(m)) => error(&headers, StatusCode::UNAUTHORIZED, "unauthorized", m, FieldErrors::new()),
        Err(e) => failure(&headers, e),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ranges() {
        assert_eq!(super::parse_range("bytes=0-99"), Some((0, Some(99))));
        assert_eq!(super::parse_range("bytes=100-"), Some((100, None)));
        assert_eq!(super::parse_range("bytes=5-1"), None);
        assert_eq!(super::parse_range("bytes=0-1,4-5"), None);
        assert_eq!(super::parse_range("items=0-1"), None);
    }
}
