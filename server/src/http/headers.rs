//! Security headers on every response, and the client address requests are judged by.

use app::ssr::ClientIp;
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};
use std::net::SocketAddr;

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
    set(h, header::HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=(), payment=()");
    set(h, header::HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    if secure {
        set(h, header::STRICT_TRANSPORT_SECURITY, "max-age=63072000; includeSubDomains");
    }
    res
}

/// The peer address, or the first `X-Forwarded-For` hop when told to trust a proxy.
pub async fn client_ip(State(trust_proxy): State<bool>, mut req: Request, next: Next) -> Response {
    let forwarded = trust_proxy
        .then(|| req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()))
        .flatten()
        .and_then(|v| v.split(',').next())
        .map(|s| s.trim().to_string())
        .filter(|s| s.parse::<std::net::IpAddr>().is_ok());
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
    req.extensions_mut().insert(ClientIp(forwarded.or(peer)));
    next.run(req).await
}
