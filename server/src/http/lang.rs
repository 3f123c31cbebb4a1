//! `/` sends people to their language: the cookie they chose, else their browser's
//! Accept-Language, else Arabic. Visiting a language remembers it.

use axum::{
    extract::Request,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use takeone::Locale;

pub const COOKIE: &str = "takeone_lang";

fn cookie_locale(headers: &HeaderMap) -> Option<Locale> {
    super::cookies::get(headers, COOKIE).and_then(Locale::from_code)
}

pub fn choose(headers: &HeaderMap) -> Locale {
    cookie_locale(headers)
        .or_else(|| headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Locale::from_accept_language))
        .unwrap_or_default()
}

pub async fn root(headers: HeaderMap) -> Response {
    let locale = choose(&headers);
    (StatusCode::FOUND, [(header::LOCATION, format!("/{}/", locale.code())), (header::VARY, "Cookie, Accept-Language".to_string())])
        .into_response()
}

/// Remembers the language of the page being visited for the next visit to `/`.
pub async fn remember(req: Request, next: Next) -> Response {
    let path_locale = Locale::from_path(req.uri().path());
    let known = cookie_locale(req.headers());
    let mut res = next.run(req).await;
    if let Some(locale) = path_locale.filter(|l| Some(*l) != known) {
        let is_html = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
        if is_html {
            let cookie = format!("{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", locale.code());
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
        }
    }
    res
}
