//! Reading request cookies, and the names of the cookies TakeOne sets.

use axum::http::{HeaderMap, header};

/// The session cookie's name; `__Host-` prefixed when cookies are Secure.
pub fn session_name(secure: bool) -> &'static str {
    if secure { "__Host-takeone_session" } else { "takeone_session" }
}

/// The value of cookie `name`, if the request sent it.
pub fn get<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_several_headers() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, "a=1; takeone_lang=en".parse().unwrap());
        h.append(header::COOKIE, "takeone_session=xyz".parse().unwrap());
        assert_eq!(get(&h, "takeone_lang"), Some("en"));
        assert_eq!(get(&h, "takeone_session"), Some("xyz"));
        assert_eq!(get(&h, "lang"), None, "names match whole, not by suffix");
    }
}
