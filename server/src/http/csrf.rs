//! CSRF protection for every state-changing request: a signed token in an HttpOnly cookie
//! (`__Host-` prefixed when secure) must come back in the form field `csrf_token` or the
//! `X-CSRF-Token` header. Cross-site requests (Fetch Metadata) are refused outright.
//!
//! A form's token is in its body, so the body is read here, before any handler: a form's at
//! most [`MAX_FORM_BYTES`]; a multipart body as big as an upload only on the upload routes and
//! only once the session is known to be an administrator's, so a stranger cannot make the
//! server hold 20 MB per request.

use app::{i18n, ssr::CsrfToken};
use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use takeone::Locale;

const FIELD: &str = "csrf_token";
const HEADER: &str = "x-csrf-token";
/// Forms are small; anything bigger is not a form we serve.
pub const MAX_FORM_BYTES: usize = 256 * 1024;
/// Uploads (chat exports) are bigger; the upload's own handler applies its own limit.
pub const MAX_UPLOAD_BYTES: usize = takeone::ingest::whatsapp::MAX_EXPORT_BYTES + 64 * 1024;

/// The keys, and the accounts to tell whether a session may upload.
#[derive(Clone)]
pub struct Csrf {
    pub keys: CsrfKeys,
    pub accounts: takeone::account::Accounts,
}

#[derive(Clone)]
pub struct CsrfKeys {
    secret: Vec<u8>,
    secure: bool,
}

impl CsrfKeys {
    pub fn new(secret: &[u8], secure: bool) -> Self {
        Self { secret: secret.to_vec(), secure }
    }

    fn cookie_name(&self) -> &'static str {
        if self.secure { "__Host-takeone_csrf" } else { "takeone_csrf" }
    }

    fn sign(&self, nonce: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes keys of any size");
        mac.update(b"csrf:");
        mac.update(nonce.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    fn issue(&self) -> String {
        let nonce = hex(&rand::random::<[u8; 24]>());
        let sig = self.sign(&nonce);
        format!("{nonce}.{sig}")
    }

    /// A token is ours if its signature matches: a cookie planted by another site is not.
    fn verify(&self, token: &str) -> bool {
        token.split_once('.').is_some_and(|(nonce, sig)| constant_time_eq(self.sign(nonce).as_bytes(), sig.as_bytes()))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) use takeone::token::same_secret as constant_time_eq;

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE)
}

fn refuse(req_locale: Locale) -> Response {
    plain(req_locale, StatusCode::FORBIDDEN, "error-csrf")
}

fn plain(locale: Locale, status: StatusCode, key: &str) -> Response {
    let msg = i18n::translate(locale, key, &[]);
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], msg).into_response()
}

fn declared_length(req: &Request) -> Option<u64> {
    req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok())
}

/// Whether the request's session belongs to an administrator (the only ones who upload).
async fn is_admin(accounts: &takeone::account::Accounts, session: Option<tower_sessions::Session>) -> bool {
    let Some(session) = session else { return false };
    let Some(id) = session.get::<uuid::Uuid>(app::ssr::USER_KEY).await.ok().flatten() else { return false };
    matches!(accounts.find(id).await, Ok(Some(user)) if user.role == takeone::account::UserRole::Admin)
}

fn locale_of(req: &Request) -> Locale {
    req.headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest.split_once('/').map(|(_, p)| format!("/{p}")).unwrap_or_default()))
        .and_then(|p| Locale::from_path(&p))
        .or_else(|| super::cookies::get(req.headers(), super::lang::COOKIE).and_then(Locale::from_code))
        .unwrap_or_default()
}

pub async fn protect(State(Csrf { keys, accounts }): State<Csrf>, req: Request, next: Next) -> Response {
    let existing = super::cookies::get(req.headers(), keys.cookie_name()).filter(|t| keys.verify(t)).map(str::to_owned);
    let fresh = existing.is_none();
    let token = existing.unwrap_or_else(|| keys.issue());

    let mut req = req;
    // Webhooks are server-to-server: no cookies to ride on, a provider secret instead.
    let webhook = req.uri().path().starts_with("/webhooks/") || takeone::routes::api::is_signed_callback(req.uri().path());
    if !is_safe(req.method()) && !webhook {
        let locale = locale_of(&req);
        let cross_site = req.headers().get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site");
        if cross_site || fresh {
            return refuse(locale);
        }
        let mut submitted = req.headers().get(HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let is_form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        let multipart_boundary = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .filter(|v| v.starts_with("multipart/form-data"))
            .and_then(|v| v.split(';').find_map(|p| p.trim().strip_prefix("boundary=")).map(|b| b.trim_matches('"').to_string()));
        if submitted.is_none()
            && let Some(boundary) = multipart_boundary
        {
            let limit = if super::limits::is_upload(req.uri().path()) {
                let session = req.extensions().get::<tower_sessions::Session>().cloned();
                if !is_admin(&accounts, session).await {
                    tracing::warn!(path = %req.uri().path(), "upload refused before reading it: not an administrator");
                    return plain(locale, StatusCode::FORBIDDEN, "error-forbidden");
                }
                MAX_UPLOAD_BYTES
            } else {
                MAX_FORM_BYTES
            };
            if declared_length(&req).is_some_and(|n| n > limit as u64) {
                return plain(locale, StatusCode::PAYLOAD_TOO_LARGE, "error-body-too-large");
            }
            let (parts, body) = req.into_parts();
            let Ok(bytes) = to_bytes(body, limit).await else {
                return plain(locale, StatusCode::PAYLOAD_TOO_LARGE, "error-body-too-large");
            };
            submitted = multipart_field(&bytes, &boundary, FIELD);
            req = Request::from_parts(parts, Body::from(bytes));
        } else if submitted.is_none() && is_form {
            let (parts, body) = req.into_parts();
            let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
                return plain(locale, StatusCode::PAYLOAD_TOO_LARGE, "error-body-too-large");
            };
            submitted = form_urlencoded::parse(&bytes).find(|(k, _)| k == FIELD).map(|(_, v)| v.into_owned());
            req = Request::from_parts(parts, Body::from(bytes));
        }
        let submitted = submitted.and_then(|s| super::token_mask::unmask(&s));
        if !submitted.is_some_and(|s| constant_time_eq(s.as_bytes(), token.as_bytes())) {
            tracing::warn!(path = %req.uri().path(), "request refused: missing or wrong CSRF token");
            return refuse(locale);
        }
    }

    req.extensions_mut().insert(CsrfToken(super::token_mask::mask(&token)));
    let mut res = next.run(req).await;
    if fresh {
        let cookie = format!("{}={token}; Path=/; HttpOnly; SameSite=Lax{}", keys.cookie_name(), if keys.secure { "; Secure" } else { "" });
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// The value of a small text field of a multipart body (the token goes first in our forms).
fn multipart_field(body: &[u8], boundary: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\"");
    let start = find(body, marker.as_bytes())?;
    let value_start = start + find(&body[start..], b"\r\n\r\n")? + 4;
    let end_marker = format!("\r\n--{boundary}");
    let len = find(&body[value_start..], end_marker.as_bytes())?;
    std::str::from_utf8(&body[value_start..value_start + len]).ok().map(str::to_owned)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_read_from_a_multipart_body() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc.def\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"chat.txt\"\r\n\r\nhello\r\n--XyZ--\r\n";
        assert_eq!(multipart_field(body, "XyZ", "csrf_token").as_deref(), Some("abc.def"));
        assert_eq!(multipart_field(body, "XyZ", "other"), None);
    }

    #[test]
    fn tokens_are_signed() {
        let keys = CsrfKeys::new(b"secret", false);
        let t = keys.issue();
        assert!(keys.verify(&t));
        let (nonce, _) = t.split_once('.').unwrap();
        assert!(!keys.verify(&format!("{nonce}.00")));
        assert!(!CsrfKeys::new(b"other", false).verify(&t), "another key's token is refused");
        assert!(!keys.verify("garbage"));
    }
}
