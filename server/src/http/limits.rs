//! What a request may hold of the server before anyone knows who sent it: a place among a
//! bounded number of requests in flight (the rest are answered 503 at once, not queued, so a
//! flood cannot build a queue that outlives it), a time by which its answer must have started,
//! and a small body everywhere but the upload routes. The header-read timeout against slow
//! clients is set where connections are served (`crate::serve`).

use app::i18n;
use axum::{
    body::Body,
    extract::{Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http_body_util::{BodyExt, Limited};
use std::{sync::Arc, time::Duration};
use takeone::Locale;
use tokio::sync::Semaphore;

use crate::config::HttpLimits;

/// Bodies outside the upload routes: forms, JSON of the API and of server functions.
pub const MAX_BODY_BYTES: usize = super::csrf::MAX_FORM_BYTES;

/// The routes that take files (a chat export): `/api/v1/admin/digital-twin/sources/{id}/import`.
/// Only they may send a body bigger than a form, and only an administrator's is read.
pub fn is_upload(path: &str) -> bool {
    use takeone::routes::api::{PREFIX, TWIN_SOURCE_IMPORT};
    let Some((before, after)) = TWIN_SOURCE_IMPORT.split_once("{id}") else { return false };
    path.strip_prefix(PREFIX)
        .and_then(|p| p.strip_prefix(before))
        .and_then(|rest| rest.strip_suffix(after))
        .is_some_and(|id| !id.is_empty() && !id.contains('/'))
}

#[derive(Clone)]
pub struct Limits {
    in_flight: Arc<Semaphore>,
    request_timeout: Duration,
    upload_timeout: Duration,
}

impl Limits {
    pub fn new(config: &HttpLimits) -> Limits {
        Limits {
            in_flight: Arc::new(Semaphore::new(config.max_in_flight)),
            request_timeout: config.request_timeout,
            upload_timeout: config.upload_timeout,
        }
    }
}

fn refuse(locale: Locale, status: StatusCode, key: &str) -> Response {
    let msg = i18n::translate(locale, key, &[]);
    let mut res = (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], msg).into_response();
    if status == StatusCode::SERVICE_UNAVAILABLE {
        res.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
    }
    res
}

pub async fn guard(State(limits): State<Limits>, req: Request, next: Next) -> Response {
    let locale = super::lang::choose(req.headers());
    let Ok(permit) = limits.in_flight.clone().try_acquire_owned() else {
        tracing::warn!(path = %req.uri().path(), "request refused: too many in flight");
        return refuse(locale, StatusCode::SERVICE_UNAVAILABLE, "error-busy");
    };
    let upload = is_upload(req.uri().path());
    let req = if upload {
        req
    } else {
        let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
        // Refused before a byte of it is read; a body that does not say its length is cut at the limit.
        if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
            return refuse(locale, StatusCode::PAYLOAD_TOO_LARGE, "error-body-too-large");
        }
        req.map(|body| Body::new(Limited::new(body, MAX_BODY_BYTES)))
    };
    let wait = if upload { limits.upload_timeout } else { limits.request_timeout };
    let path = req.uri().path().to_owned();
    match tokio::time::timeout(wait, next.run(req)).await {
        // The place is held until the body has been sent: a page streams after its headers.
        Ok(res) => res.map(move |body| {
            Body::new(body.map_err(move |e| {
                let _held = &permit;
                e
            }))
        }),
        Err(_) => {
            tracing::warn!(path = %path, seconds = wait.as_secs(), "request timed out");
            refuse(locale, StatusCode::SERVICE_UNAVAILABLE, "error-timeout")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_import_route_is_an_upload() {
        assert!(is_upload("/api/v1/admin/digital-twin/sources/0b7f3c1e-9a57-4e0e-8d7a-3f2b1c0d9e8f/import"));
        assert!(!is_upload("/api/v1/admin/digital-twin/sources//import"));
        assert!(!is_upload("/api/v1/admin/digital-twin/sources/x/import/more"));
        assert!(!is_upload("/api/v1/admin/digital-twin/sources/x/run"));
        assert!(!is_upload("/api/fn/login"));
        assert!(!is_upload("/ar/admin/digital-twin/sources/x/import"));
    }
}
