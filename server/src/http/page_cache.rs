//! A micro-cache of public pages for anonymous visitors: the same HTML for a couple of
//! seconds, with this response's CSRF token and script nonce put in at serve time. A visitor
//! with a session (signed in) never gets a cached page; a write on this node clears the cache;
//! other nodes see the write within the TTL. When a page goes stale, one request renders it
//! again while the others are still served the stale copy, so a popular page never has a
//! crowd of requests rendering it at once.

use app::ssr::CsrfToken;
use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::Response,
};
use base64::Engine;
use std::{
    collections::HashMap,
    sync::{
        Arc, RwLock,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

const MAX_ENTRIES: usize = 2_000;
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

#[derive(Clone, Copy)]
enum Slot {
    Csrf,
    Nonce,
}

struct Entry {
    at: Instant,
    /// Set by the one request that renders the stale page again.
    refreshing: AtomicBool,
    /// The page cut at each place the token or the nonce stood.
    pieces: Vec<(String, Option<Slot>)>,
    /// The Content-Security-Policy header around its nonce.
    csp: (String, String),
    len: usize,
}

#[derive(Clone)]
pub struct PageCache {
    ttl: Duration,
    entries: Arc<RwLock<HashMap<String, Entry>>>,
}

impl PageCache {
    pub fn new(ttl: Duration) -> Self {
        Self { ttl, entries: Arc::default() }
    }

    pub fn clear(&self) {
        if let Ok(mut e) = self.entries.write() {
            e.clear();
        }
    }

    fn enabled(&self) -> bool {
        !self.ttl.is_zero()
    }
}

fn has_session(req: &Request) -> bool {
    [true, false].into_iter().any(|secure| super::cookies::get(req.headers(), super::cookies::session_name(secure)).is_some())
}

fn cacheable(req: &Request) -> bool {
    req.method() == Method::GET
        && takeone::Locale::from_path(req.uri().path()).is_some()
        && !has_session(req)
        && req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_none_or(|a| !a.contains("application/json"))
}

fn nonce() -> String {
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(rand::random::<[u8; 16]>())
}

/// Splits `html` at every occurrence of the token and the nonce.
fn cut(html: &str, token: &str, nonce: &str) -> Vec<(String, Option<Slot>)> {
    let mut pieces = Vec::new();
    let mut rest = html;
    loop {
        let next_token = (!token.is_empty()).then(|| rest.find(token)).flatten().map(|i| (i, token.len(), Slot::Csrf));
        let next_nonce = rest.find(nonce).map(|i| (i, nonce.len(), Slot::Nonce));
        let next = match (next_token, next_nonce) {
            (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        match next {
            Some((i, len, slot)) => {
                pieces.push((rest[..i].to_string(), Some(slot)));
                rest = &rest[i + len..];
            }
            None => {
                pieces.push((rest.to_string(), None));
                return pieces;
            }
        }
    }
}

pub async fn serve(State(cache): State<PageCache>, req: Request, next: Next) -> Response {
    if !cache.enabled() || !cacheable(&req) {
        return next.run(req).await;
    }
    let key = req.uri().to_string();
    let token = req.extensions().get::<CsrfToken>().map(|t| t.0.clone()).unwrap_or_default();

    let hit = cache.entries.read().ok().and_then(|entries| {
        let e = entries.get(&key)?;
        let stale = e.at.elapsed() >= cache.ttl;
        if stale && e.refreshing.compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire).is_ok() {
            return None; // this request renders the page again
        }
        let fresh = nonce();
        let mut body = String::with_capacity(e.len + 256);
        for (text, slot) in &e.pieces {
            body.push_str(text);
            match slot {
                Some(Slot::Csrf) => body.push_str(&token),
                Some(Slot::Nonce) => body.push_str(&fresh),
                None => {}
            }
        }
        Some((body, format!("{}{fresh}{}", e.csp.0, e.csp.1)))
    });
    if let Some((body, csp)) = hit {
        let mut res = Response::new(Body::from(body));
        let h = res.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        if let Ok(v) = HeaderValue::from_str(&csp) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
        return res;
    }

    let res = next.run(req).await;
    let (res, entry) = keepable(res, &token).await;
    if let Ok(mut entries) = cache.entries.write() {
        match entry {
            Some(entry) => {
                if entries.len() >= MAX_ENTRIES {
                    entries.retain(|_, e| e.at.elapsed() < cache.ttl * 10);
                    if entries.len() >= MAX_ENTRIES {
                        entries.clear();
                    }
                }
                entries.insert(key, entry);
            }
            // Not a shareable page (any more): forget what was kept for this address.
            None => {
                entries.remove(&key);
            }
        }
    }
    res
}

/// The response, and what to keep of it if it is a shareable page: a 200 HTML page with a
/// script nonce that sets no cookie of its own.
async fn keepable(res: Response, token: &str) -> (Response, Option<Entry>) {
    let is_html = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    let csp = res.headers().get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let split = csp.as_deref().and_then(|csp| {
        let (before, after) = csp.split_once("'nonce-")?;
        let (nonce, tail) = after.split_once('\'')?;
        Some((format!("{before}'nonce-"), nonce.to_string(), format!("'{tail}")))
    });
    let Some((before, page_nonce, tail)) = split else { return (res, None) };
    if !is_html || res.status() != StatusCode::OK || res.headers().contains_key(header::SET_COOKIE) {
        return (res, None);
    }
    let (parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_PAGE_BYTES).await else {
        return (Response::from_parts(parts, Body::empty()), None);
    };
    let entry = std::str::from_utf8(&bytes).ok().map(|html| Entry {
        at: Instant::now(),
        refreshing: AtomicBool::new(false),
        pieces: cut(html, token, &page_nonce),
        csp: (before, tail),
        len: html.len(),
    });
    (Response::from_parts(parts, Body::from(bytes)), entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_token_and_nonce() {
        let pieces = cut("<meta content=\"TOK\"><script nonce=\"NN\">x</script>TOK", "TOK", "NN");
        let kinds: Vec<_> = pieces.iter().map(|(t, s)| (t.as_str(), s.map(|s| matches!(s, Slot::Csrf)))).collect();
        assert_eq!(
            kinds,
            [("<meta content=\"", Some(true)), ("\"><script nonce=\"", Some(false)), ("\">x</script>", Some(true)), ("", None)]
        );
    }
}
