//! Security headers on every response, and the client address requests are judged by.

use app::ssr::ClientIp;
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, HeaderValue, header},
    middleware::Next,
    response::Response,
};
use std::net::{IpAddr, SocketAddr};

pub async fn security(State(secure): State<bool>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: header::HeaderName, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    // Pages set their own policy with a per-response nonce; everything else may run nothing.
    set(h, header::CONTENT_SECURITY_POLICY, "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    // The camera and microphone for recording self-tapes on the site itself; nothing else.
    set(h, header::HeaderName::from_static("permissions-policy"), "camera=(self), microphone=(self), geolocation=(), payment=()");
    set(h, header::HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    if secure {
        set(h, header::STRICT_TRANSPORT_SECURITY, "max-age=63072000; includeSubDomains");
    }
    res
}

/// The peer address or, behind `hops` proxies of ours, the address the outermost of them
/// appended to `X-Forwarded-For`. Each proxy appends the address it was connected from, so the
/// right-most `hops` entries are ours; anything left of them was written by the client and
/// would let it pick a fresh address per request (escaping every per-IP limit).
pub async fn client_ip(State(hops): State<usize>, mut req: Request, next: Next) -> Response {
    let forwarded = (hops > 0).then(|| forwarded_client(req.headers(), hops)).flatten();
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    req.extensions_mut().insert(ClientIp(forwarded.or(peer).map(|ip| ip.to_string())));
    next.run(req).await
}

/// The entry `hops` from the right of all `X-Forwarded-For` lines read as one list; with fewer
/// entries than hops, the left-most (the request came through fewer proxies, all of them ours).
fn forwarded_client(headers: &HeaderMap, hops: usize) -> Option<IpAddr> {
    let mut entries: Vec<&str> = Vec::new();
    for line in headers.get_all("x-forwarded-for") {
        entries.extend(line.to_str().ok()?.split(',').map(str::trim));
    }
    let index = entries.len().saturating_sub(hops);
    entries.get(index).and_then(|e| e.parse::<IpAddr>().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xff(lines: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for l in lines {
            h.append("x-forwarded-for", HeaderValue::from_str(l).unwrap());
        }
        h
    }

    #[test]
    fn the_client_is_counted_from_the_right() {
        let forged = xff(&["6.6.6.6, 203.0.113.7"]);
        assert_eq!(forwarded_client(&forged, 1), Some("203.0.113.7".parse().unwrap()), "the forged first hop is ignored");
        let two = xff(&["6.6.6.6, 203.0.113.7, 198.51.100.2"]);
        assert_eq!(forwarded_client(&two, 2), Some("203.0.113.7".parse().unwrap()));
        assert_eq!(forwarded_client(&xff(&["6.6.6.6", "203.0.113.7"]), 1), Some("203.0.113.7".parse().unwrap()), "lines are one list");
        assert_eq!(forwarded_client(&xff(&["203.0.113.7"]), 3), Some("203.0.113.7".parse().unwrap()));
        assert_eq!(forwarded_client(&xff(&["2001:db8::1"]), 1), Some("2001:db8::1".parse().unwrap()));
        assert_eq!(forwarded_client(&xff(&["1.2.3.4, garbage"]), 1), None, "not an address: the peer instead");
        assert_eq!(forwarded_client(&HeaderMap::new(), 1), None);
    }
}
