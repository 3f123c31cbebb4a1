//! Our own page fetcher. It identifies itself, asks robots.txt first, revisits with conditional
//! GETs, follows a bounded number of redirects itself (so each hop is checked against robots.txt
//! and loops are caught), stops reading at a size limit, and decodes legacy charsets such as
//! windows-1256, which older Arabic sites still serve.
//!
//! It connects only to addresses on the public internet (see [`super::address`]): the source
//! URL, every redirect hop and robots.txt are checked, names through a resolver that hands the
//! connector only the addresses it checked, IP literals before each request.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use encoding_rs::Encoding;
use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};
use tokio::sync::OnceCell;
use url::Url;

use super::address::AddressPolicy;
use super::resolver::{CheckedResolver, check_literal, refused_in};
use super::robots::{RobotsRules, product_token};
use super::{ClientSetupError, FetchError, FetchOutcome, PageSource, Validators, error_chain, readable_text};

pub const DEFAULT_USER_AGENT: &str = "TakeOneBot/1.0 (+https://takeone.sa/bot)";
pub const DEFAULT_MAX_BYTES: usize = 2 * 1024 * 1024;
/// Google reads the first 500 KiB of a robots.txt; rules past that are ignored, not an error.
const ROBOTS_MAX_BYTES: usize = 512 * 1024;
/// RFC 9309 asks crawlers to follow at least five redirects for robots.txt.
const ROBOTS_MAX_REDIRECTS: usize = 5;

#[derive(Clone, Debug)]
pub struct FetchLimits {
    /// For the whole exchange, connection to last byte, per request.
    pub timeout: Duration,
    pub max_bytes: usize,
    pub max_redirects: usize,
    pub user_agent: String,
    /// Public addresses only, unless an allow-list (tests, a local stand-in) adds some.
    pub addresses: AddressPolicy,
}

impl Default for FetchLimits {
    fn default() -> Self {
        FetchLimits {
            timeout: Duration::from_secs(20),
            max_bytes: DEFAULT_MAX_BYTES,
            max_redirects: 5,
            user_agent: DEFAULT_USER_AGENT.to_string(),
            addresses: AddressPolicy::public_only(),
        }
    }
}

/// Cheap to share (`Arc`) and meant to live as long as the ingestion worker, so robots.txt is
/// fetched once per site.
pub struct WebFetcher {
    client: reqwest::Client,
    limits: FetchLimits,
    agent_token: String,
    /// One cell per origin: concurrent fetches to a new site wait for a single robots.txt request.
    robots: Mutex<HashMap<String, Arc<OnceCell<Arc<RobotsRules>>>>>,
}

enum Body {
    Html,
    Plain,
}

impl WebFetcher {
    pub fn new(limits: FetchLimits) -> Result<WebFetcher, ClientSetupError> {
        let client = reqwest::Client::builder()
            .user_agent(limits.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(limits.timeout)
            .connect_timeout(limits.timeout.min(Duration::from_secs(10)))
            // A proxy would resolve the name itself, past the check.
            .no_proxy()
            .dns_resolver(Arc::new(CheckedResolver::new(limits.addresses.clone())))
            .build()?;
        let agent_token = product_token(&limits.user_agent);
        Ok(WebFetcher { client, limits, agent_token, robots: Mutex::new(HashMap::new()) })
    }

    pub fn limits(&self) -> &FetchLimits {
        &self.limits
    }

    /// Reads `url` as text, conditionally when `prior` holds validators. The timeout applies to
    /// each request (robots.txt, every redirect hop), not to the whole call.
    pub async fn fetch(&self, url: &Url, prior: &Validators) -> Result<FetchOutcome, FetchError> {
        let mut current = without_fragment(url);
        let mut seen = HashSet::from([current.clone()]);
        let mut hops = 0;
        loop {
            check_scheme(&current)?;
            // Before robots.txt, so a refused hop is reported as the hop, not its robots.txt.
            check_literal(&self.limits.addresses, &current)?;
            self.check_robots(&current).await?;
            let response = self.get(&current, prior).await?;
            let status = response.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let next = redirect_target(&current, response.headers())
                    .ok_or_else(|| FetchError::HttpStatus { url: current.clone(), status: status.as_u16() })?;
                hops += 1;
                if hops > self.limits.max_redirects || !seen.insert(next.clone()) {
                    return Err(FetchError::TooManyRedirects { url: url.clone(), limit: self.limits.max_redirects });
                }
                tracing::debug!(from = %current, to = %next, "following redirect");
                current = next;
                continue;
            }
            return self.read_page(current, response, prior).await;
        }
    }

    /// Every request goes through here (pages, redirect hops, robots.txt), so none skips the
    /// address check.
    async fn get(&self, url: &Url, prior: &Validators) -> Result<reqwest::Response, FetchError> {
        check_literal(&self.limits.addresses, url)?;
        let mut request = self
            .client
            .get(url.clone())
            .header(header::ACCEPT, "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1")
            .header(header::ACCEPT_LANGUAGE, "ar,en;q=0.8");
        if let Some(etag) = &prior.etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(last_modified) = &prior.last_modified {
            request = request.header(header::IF_MODIFIED_SINCE, last_modified);
        }
        request.send().await.map_err(|e| transport_error(url, &e))
    }

    async fn read_page(&self, url: Url, mut response: reqwest::Response, prior: &Validators) -> Result<FetchOutcome, FetchError> {
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED && !prior.is_empty() {
            return Ok(FetchOutcome::NotModified);
        }
        if !status.is_success() {
            return Err(FetchError::HttpStatus { url, status: status.as_u16() });
        }
        let content_type = header_str(response.headers(), header::CONTENT_TYPE).unwrap_or_default();
        let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let kind = match mime.as_str() {
            "text/html" | "application/xhtml+xml" | "" => Body::Html,
            "text/plain" => Body::Plain,
            _ => return Err(FetchError::NotText { url, content_type }),
        };
        let validators = Validators {
            etag: header_str(response.headers(), header::ETAG),
            last_modified: header_str(response.headers(), header::LAST_MODIFIED),
        };
        let limit = self.limits.max_bytes;
        if response.content_length().is_some_and(|len| len > limit as u64) {
            return Err(FetchError::TooLarge { url, limit });
        }
        let bytes = read_limited(&url, &mut response, limit).await?.ok_or_else(|| FetchError::TooLarge { url: url.clone(), limit })?;

        let declared = charset_param(&content_type).and_then(|label| Encoding::for_label(label.as_bytes()));
        let encoding = match kind {
            Body::Html => declared.or_else(|| meta_charset(&bytes)),
            Body::Plain => declared,
        }
        .unwrap_or(encoding_rs::UTF_8);
        // `decode` lets a byte-order mark override the label, as browsers do.
        let (decoded, used, had_errors) = encoding.decode(&bytes);
        if had_errors {
            tracing::debug!(%url, encoding = used.name(), "page had bytes invalid in its charset");
        }
        let (html_title, text) = match kind {
            Body::Html => readable_text(&decoded),
            Body::Plain => (None, plain_text(&decoded)),
        };
        Ok(FetchOutcome::Page { final_url: url, text, html_title, validators })
    }

    async fn check_robots(&self, url: &Url) -> Result<(), FetchError> {
        let origin = url.origin().ascii_serialization();
        let cell = {
            let mut cache = self.robots.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            cache.entry(origin.clone()).or_default().clone()
        };
        let rules = cell.get_or_try_init(|| self.load_robots(&origin, url)).await?;
        if rules.is_allowed(&self.agent_token, url) { Ok(()) } else { Err(FetchError::DisallowedByRobots { url: url.clone() }) }
    }

    /// A 4xx (no robots.txt) allows everything; a 5xx blocks the site without being cached, so
    /// the next fetch asks again once the site has recovered.
    async fn load_robots(&self, origin: &str, page: &Url) -> Result<Arc<RobotsRules>, FetchError> {
        let mut robots_url = Url::parse(origin)
            .and_then(|o| o.join("/robots.txt"))
            .map_err(|e| FetchError::Connect { url: page.clone(), message: format!("bad origin {origin}: {e}") })?;
        for _ in 0..=ROBOTS_MAX_REDIRECTS {
            let mut response = self.get(&robots_url, &Validators::default()).await?;
            let status = response.status();
            if status.is_redirection() {
                match redirect_target(&robots_url, response.headers()) {
                    Some(next) if matches!(next.scheme(), "http" | "https") => {
                        robots_url = next;
                        continue;
                    }
                    _ => return Ok(Arc::new(RobotsRules::allow_all())),
                }
            }
            if status.is_server_error() {
                tracing::info!(%robots_url, status = status.as_u16(), "robots.txt unavailable; not fetching the site for now");
                return Err(FetchError::DisallowedByRobots { url: page.clone() });
            }
            if !status.is_success() {
                return Ok(Arc::new(RobotsRules::allow_all()));
            }
            let bytes = read_truncated(&robots_url, &mut response, ROBOTS_MAX_BYTES).await?;
            let text = String::from_utf8_lossy(&bytes);
            return Ok(Arc::new(RobotsRules::parse(&text)));
        }
        // RFC 9309: too many redirects for robots.txt counts as "unavailable" (4xx), i.e. allowed.
        Ok(Arc::new(RobotsRules::allow_all()))
    }
}

#[async_trait::async_trait]
impl PageSource for WebFetcher {
    async fn fetch(&self, url: &Url, prior: &Validators) -> Result<FetchOutcome, FetchError> {
        WebFetcher::fetch(self, url, prior).await
    }
}

fn check_scheme(url: &Url) -> Result<(), FetchError> {
    match url.scheme() {
        "http" | "https" if url.host().is_some() => Ok(()),
        _ => Err(FetchError::UnsupportedScheme { url: url.clone() }),
    }
}

fn without_fragment(url: &Url) -> Url {
    let mut url = url.clone();
    url.set_fragment(None);
    url
}

fn redirect_target(base: &Url, headers: &HeaderMap) -> Option<Url> {
    let location = header_str(headers, header::LOCATION)?;
    base.join(&location).ok().map(|u| without_fragment(&u))
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn transport_error(url: &Url, e: &reqwest::Error) -> FetchError {
    if let Some(address) = refused_in(e) {
        FetchError::AddressNotAllowed { url: url.clone(), address }
    } else if e.is_timeout() {
        FetchError::Timeout { url: url.clone() }
    } else {
        FetchError::Connect { url: url.clone(), message: error_chain(e) }
    }
}

/// The body, or `None` as soon as it grows past `limit`: a huge page is never held in memory.
async fn read_limited(url: &Url, response: &mut reqwest::Response, limit: usize) -> Result<Option<Vec<u8>>, FetchError> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| transport_error(url, &e))? {
        if body.len() + chunk.len() > limit {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

/// The first `limit` bytes of the body.
async fn read_truncated(url: &Url, response: &mut reqwest::Response, limit: usize) -> Result<Vec<u8>, FetchError> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| transport_error(url, &e))? {
        let room = limit - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= limit {
            break;
        }
    }
    Ok(body)
}

fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim().eq_ignore_ascii_case("charset").then(|| value.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// `<meta charset=…>` or `<meta http-equiv="Content-Type" content="…; charset=…">` in the first
/// bytes of the document, where the HTML standard says a parser looks for it.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    const PRESCAN: usize = 4096;
    let head = &bytes[..bytes.len().min(PRESCAN)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let start = from + at;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(pos) = find(tag, b"charset") {
            let rest = &tag[pos + b"charset".len()..];
            let rest = trim_ascii_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_ascii_start(rest);
                let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
                let label_end = rest.iter().position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>')).unwrap_or(rest.len());
                // A page that is already being decoded cannot be UTF-16, whatever it says.
                if let Some(encoding) = Encoding::for_label(&rest[..label_end]) {
                    return Some(if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                        encoding_rs::UTF_8
                    } else {
                        encoding
                    });
                }
            }
        }
        from = end;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    &bytes[start..]
}

/// Plain-text pages keep their lines; runs of spaces and of blank lines shrink to one.
fn plain_text(text: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(&line);
        blank = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::Router;
    use axum::body::Body as AxumBody;
    use axum::http::{HeaderMap, StatusCode};
    use axum::response::{IntoResponse, Redirect, Response};
    use axum::routing::get;

    use super::*;
    use crate::ingest::web::stand_in::StandIn;

    const ROBOTS: &str = "User-agent: *\nDisallow: /private/\n\nUser-agent: TakeOneBot\nDisallow: /members/\n";

    /// The stand-ins listen on loopback, which the fetcher reaches only when told to.
    fn local_limits() -> FetchLimits {
        FetchLimits { addresses: AddressPolicy::allowing("127.0.0.1").unwrap(), ..FetchLimits::default() }
    }

    fn fetcher() -> WebFetcher {
        WebFetcher::new(FetchLimits { timeout: Duration::from_millis(1500), ..local_limits() }).unwrap()
    }

    fn html(body: &'static str) -> Response {
        ([("content-type", "text/html; charset=utf-8")], body).into_response()
    }

    async fn robots() -> &'static str {
        ROBOTS
    }

    /// A site that checks what the fetcher sends: our User-Agent on every request.
    fn site(router: Router) -> Router {
        router.route("/robots.txt", get(robots)).layer(axum::middleware::from_fn(
            |req: axum::extract::Request, next: axum::middleware::Next| async move {
                let ua = req.headers().get("user-agent").and_then(|v| v.to_str().ok()).unwrap_or("");
                if ua != DEFAULT_USER_AGENT {
                    return (StatusCode::BAD_REQUEST, format!("unexpected user agent {ua:?}")).into_response();
                }
                next.run(req).await
            },
        ))
    }

    #[tokio::test]
    async fn reads_a_page_with_title_text_and_validators() {
        let app = site(Router::new().route(
            "/casting/1",
            get(|headers: HeaderMap| async move {
                assert!(headers.get("if-none-match").is_none());
                let mut response = html(
                    "<html><head><title>Casting call</title></head><body><nav>Menu</nav>\
                     <h1>Extras needed</h1><p>Jeddah, 500 SAR</p><script>x()</script></body></html>",
                );
                response.headers_mut().insert("etag", "\"v1\"".parse().unwrap());
                response.headers_mut().insert("last-modified", "Wed, 01 Apr 2026 10:00:00 GMT".parse().unwrap());
                response
            }),
        ));
        let server = StandIn::start(app).await;
        let outcome = fetcher().fetch(&server.url("/casting/1#top"), &Validators::default()).await.unwrap();
        assert_eq!(
            outcome,
            FetchOutcome::Page {
                final_url: server.url("/casting/1"),
                text: "Extras needed\n\nJeddah, 500 SAR".into(),
                html_title: Some("Casting call".into()),
                validators: Validators { etag: Some("\"v1\"".into()), last_modified: Some("Wed, 01 Apr 2026 10:00:00 GMT".into()) },
            }
        );
    }

    #[tokio::test]
    async fn conditional_get_sends_validators_and_reads_304() {
        let app = site(Router::new().route(
            "/page",
            get(|headers: HeaderMap| async move {
                let etag = headers.get("if-none-match").and_then(|v| v.to_str().ok());
                let since = headers.get("if-modified-since").and_then(|v| v.to_str().ok());
                if etag == Some("\"abc\"") && since == Some("Tue, 31 Mar 2026 08:00:00 GMT") {
                    StatusCode::NOT_MODIFIED.into_response()
                } else {
                    (StatusCode::BAD_REQUEST, "validators missing").into_response()
                }
            }),
        ));
        let server = StandIn::start(app).await;
        let prior = Validators { etag: Some("\"abc\"".into()), last_modified: Some("Tue, 31 Mar 2026 08:00:00 GMT".into()) };
        let outcome = fetcher().fetch(&server.url("/page"), &prior).await.unwrap();
        assert_eq!(outcome, FetchOutcome::NotModified);
    }

    #[tokio::test]
    async fn robots_txt_is_respected_for_our_agent_and_cached() {
        let robots_hits = Arc::new(AtomicUsize::new(0));
        let page_hits = Arc::new(AtomicUsize::new(0));
        let (rh, ph) = (robots_hits.clone(), page_hits.clone());
        let app = Router::new()
            .route(
                "/robots.txt",
                get(move || async move {
                    rh.fetch_add(1, Ordering::SeqCst);
                    ROBOTS
                }),
            )
            .route(
                "/members/list",
                get({
                    let ph = ph.clone();
                    move || async move {
                        ph.fetch_add(1, Ordering::SeqCst);
                        html("<p>secret</p>")
                    }
                }),
            )
            .route("/private/x", get(|| async { html("<p>only * is barred here</p>") }));
        let server = StandIn::start(app).await;
        let fetcher = fetcher();

        let err = fetcher.fetch(&server.url("/members/list"), &Validators::default()).await.unwrap_err();
        assert!(matches!(err, FetchError::DisallowedByRobots { .. }), "{err}");
        assert!(err.to_string().contains("robots.txt does not allow"), "{err}");
        assert_eq!(page_hits.load(Ordering::SeqCst), 0, "a disallowed page must not be requested");

        // Our own group replaces `*`, so /private/ is allowed for us.
        let ok = fetcher.fetch(&server.url("/private/x"), &Validators::default()).await.unwrap();
        assert!(matches!(ok, FetchOutcome::Page { .. }));
        assert_eq!(robots_hits.load(Ordering::SeqCst), 1, "robots.txt is fetched once per site");
    }

    #[tokio::test]
    async fn missing_robots_allows_and_failing_robots_blocks() {
        let missing = StandIn::start(
            Router::new().route("/robots.txt", get(|| async { StatusCode::NOT_FOUND })).route("/", get(|| async { html("<p>hello</p>") })),
        )
        .await;
        assert!(fetcher().fetch(&missing.url("/"), &Validators::default()).await.is_ok());

        let failing = StandIn::start(
            Router::new()
                .route("/robots.txt", get(|| async { StatusCode::SERVICE_UNAVAILABLE }))
                .route("/", get(|| async { html("<p>hello</p>") })),
        )
        .await;
        let err = fetcher().fetch(&failing.url("/"), &Validators::default()).await.unwrap_err();
        assert!(matches!(err, FetchError::DisallowedByRobots { .. }), "{err}");
    }

    #[tokio::test]
    async fn follows_redirects_and_reports_the_final_url() {
        let app = site(
            Router::new()
                .route("/old", get(|| async { Redirect::permanent("/new") }))
                .route("/new", get(|| async { html("<p>moved here</p>") })),
        );
        let server = StandIn::start(app).await;
        let FetchOutcome::Page { final_url, text, .. } = fetcher().fetch(&server.url("/old"), &Validators::default()).await.unwrap() else {
            panic!("expected a page");
        };
        assert_eq!(final_url, server.url("/new"));
        assert_eq!(text, "moved here");
    }

    #[tokio::test]
    async fn redirect_loop_is_too_many_redirects() {
        let app = site(
            Router::new().route("/a", get(|| async { Redirect::temporary("/b") })).route("/b", get(|| async { Redirect::temporary("/a") })),
        );
        let server = StandIn::start(app).await;
        let err = fetcher().fetch(&server.url("/a"), &Validators::default()).await.unwrap_err();
        assert!(matches!(err, FetchError::TooManyRedirects { limit: 5, .. }), "{err}");
        assert_eq!(err.url(), &server.url("/a"));
    }

    #[tokio::test]
    async fn long_redirect_chain_is_too_many_redirects() {
        let app = site(Router::new().route(
            "/hop/{n}",
            get(|axum::extract::Path(n): axum::extract::Path<u32>| async move { Redirect::temporary(&format!("/hop/{}", n + 1)) }),
        ));
        let server = StandIn::start(app).await;
        let err = fetcher().fetch(&server.url("/hop/0"), &Validators::default()).await.unwrap_err();
        assert!(matches!(err, FetchError::TooManyRedirects { .. }), "{err}");
    }

    #[tokio::test]
    async fn oversized_stream_is_cut_off() {
        // Chunked, no Content-Length, and the body stalls after 512 KiB: a fetcher that checked
        // the size only after reading everything would time out instead of stopping at the limit.
        let app = site(Router::new().route(
            "/big",
            get(|| async {
                let chunk = b"<p>casting</p>".iter().copied().cycle().take(64 * 1024).collect::<Vec<u8>>();
                let head = futures_util::stream::iter((0..8).map(move |_| Ok::<_, std::io::Error>(chunk.clone())));
                let stream = futures_util::StreamExt::chain(head, futures_util::stream::pending());
                Response::builder().header("content-type", "text/html").body(AxumBody::from_stream(stream)).unwrap()
            }),
        ));
        let server = StandIn::start(app).await;
        let limits = FetchLimits { max_bytes: 256 * 1024, timeout: Duration::from_secs(2), ..local_limits() };
        let err = WebFetcher::new(limits).unwrap().fetch(&server.url("/big"), &Validators::default()).await.unwrap_err();
        assert!(matches!(err, FetchError::TooLarge { limit: 262_144, .. }), "{err}");
    }

    #[tokio::test]
    async fn declared_length_over_the_limit_is_refused_early() {
        let app = site(Router::new().route("/big", get(|| async { html_owned("x".repeat(10_000)) })));
        let server = StandIn::start(app).await;
        let limits = FetchLimits { max_bytes: 1_000, ..local_limits() };
        let err = WebFetcher::new(limits).unwrap().fetch(&server.url("/big"), &Validators::default()).await.unwrap_err();
        assert!(matches!(err, FetchError::TooLarge { .. }), "{err}");
    }

    #[tokio::test]
    async fn slow_server_times_out() {
        let app = site(Router::new().route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(3)).await;
                html("<p>too late</p>")
            }),
        ));
        let server = StandIn::start(app).await;
        let limits = FetchLimits { timeout: Duration::from_millis(300), ..local_limits() };
        let started = std::time::Instant::now();
        let err = WebFetcher::new(limits).unwrap().fetch(&server.url("/slow"), &Validators::default()).await.unwrap_err();
        assert!(matches!(err, FetchError::Timeout { .. }), "{err}");
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(err.to_string().contains("timed out"));
    }

    #[tokio::test]
    async fn windows_1256_page_is_decoded_to_arabic() {
        let arabic = "<html><head><title>مطلوب ممثلين</title></head><body><p>كاستنج في الرياض، الأجر 500 ريال</p></body></html>";
        let (encoded, _, unmappable) = encoding_rs::WINDOWS_1256.encode(arabic);
        assert!(!unmappable);
        let by_header = encoded.to_vec();
        let by_meta = {
            let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">".to_vec();
            page.extend_from_slice(&encoded[b"<html><head>".len()..]);
            page
        };
        let app = site(
            Router::new()
                .route(
                    "/header",
                    get(move || async move { ([("content-type", "text/html; charset=windows-1256")], by_header).into_response() }),
                )
                .route("/meta", get(move || async move { ([("content-type", "text/html")], by_meta).into_response() })),
        );
        let server = StandIn::start(app).await;
        for path in ["/header", "/meta"] {
            let FetchOutcome::Page { text, html_title, .. } = fetcher().fetch(&server.url(path), &Validators::default()).await.unwrap()
            else {
                panic!("expected a page");
            };
            assert_eq!(html_title.as_deref(), Some("مطلوب ممثلين"), "{path}");
            assert_eq!(text, "كاستنج في الرياض، الأجر 500 ريال", "{path}");
        }
    }

    #[tokio::test]
    async fn http_errors_non_text_and_bad_schemes() {
        let app = site(
            Router::new()
                .route("/gone", get(|| async { StatusCode::GONE }))
                .route("/pdf", get(|| async { ([("content-type", "application/pdf")], "%PDF-1.7").into_response() }))
                .route("/txt", get(|| async { ([("content-type", "text/plain")], "Casting   call\n\n\n\nApply now").into_response() })),
        );
        let server = StandIn::start(app).await;
        let f = fetcher();
        let err = f.fetch(&server.url("/gone"), &Validators::default()).await.unwrap_err();
        assert!(matches!(err, FetchError::HttpStatus { status: 410, .. }), "{err}");
        let err = f.fetch(&server.url("/pdf"), &Validators::default()).await.unwrap_err();
        assert!(matches!(&err, FetchError::NotText { content_type, .. } if content_type == "application/pdf"), "{err}");
        let FetchOutcome::Page { text, .. } = f.fetch(&server.url("/txt"), &Validators::default()).await.unwrap() else {
            panic!("expected a page");
        };
        assert_eq!(text, "Casting call\n\nApply now");
        let err = f.fetch(&Url::parse("ftp://example.com/x").unwrap(), &Validators::default()).await.unwrap_err();
        assert!(matches!(err, FetchError::UnsupportedScheme { .. }), "{err}");
    }

    #[tokio::test]
    async fn refused_connection_is_a_connect_error() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let url = Url::parse(&format!("http://{addr}/")).unwrap();
        let err = fetcher().fetch(&url, &Validators::default()).await.unwrap_err();
        assert!(matches!(err, FetchError::Connect { .. }), "{err}");
        assert!(err.to_string().contains(&addr.to_string()), "{err}");
    }

    /// A stand-in that counts every request it gets, robots.txt included.
    async fn counting_site(router: Router) -> (StandIn, Arc<AtomicUsize>) {
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = hits.clone();
        let app = router.layer(axum::middleware::from_fn(move |req: axum::extract::Request, next: axum::middleware::Next| {
            counter.fetch_add(1, Ordering::SeqCst);
            next.run(req)
        }));
        (StandIn::start(app).await, hits)
    }

    fn refused_address(err: &FetchError) -> Option<std::net::IpAddr> {
        match err {
            FetchError::AddressNotAllowed { address, .. } => Some(*address),
            _ => None,
        }
    }

    #[tokio::test]
    async fn ssrf_source_url_on_loopback_is_refused_without_the_allow_list() {
        let (server, hits) = counting_site(site(Router::new().route("/admin", get(|| async { html("<p>internal</p>") })))).await;
        let strict = WebFetcher::new(FetchLimits::default()).unwrap();
        let err = strict.fetch(&server.url("/admin"), &Validators::default()).await.unwrap_err();
        assert_eq!(refused_address(&err), Some("127.0.0.1".parse().unwrap()), "{err}");
        assert!(err.to_string().starts_with("address not allowed: 127.0.0.1"), "{err}");
        assert!(!err.is_transient());
        assert_eq!(hits.load(Ordering::SeqCst), 0, "not even robots.txt was asked");
    }

    #[tokio::test]
    async fn ssrf_name_resolving_to_loopback_is_refused() {
        let (server, hits) = counting_site(site(Router::new().route("/admin", get(|| async { html("<p>internal</p>") })))).await;
        let url = Url::parse(&format!("http://localhost:{}/admin", server.addr.port())).unwrap();
        let strict = WebFetcher::new(FetchLimits::default()).unwrap();
        let err = strict.fetch(&url, &Validators::default()).await.unwrap_err();
        assert!(refused_address(&err).is_some_and(|ip| ip.is_loopback()), "{err}");
        assert_eq!(hits.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn ssrf_redirect_to_the_metadata_address_is_refused_at_that_hop() {
        let app = site(
            Router::new()
                .route("/jobs", get(|| async { Redirect::to("http://169.254.169.254/latest/meta-data/iam/security-credentials/") })),
        );
        let server = StandIn::start(app).await;
        let started = std::time::Instant::now();
        let err = fetcher().fetch(&server.url("/jobs"), &Validators::default()).await.unwrap_err();
        assert_eq!(refused_address(&err), Some("169.254.169.254".parse().unwrap()), "{err}");
        assert_eq!(err.url().host_str(), Some("169.254.169.254"), "the error names the refused hop");
        assert!(started.elapsed() < Duration::from_secs(1), "refused, not timed out");
    }

    #[tokio::test]
    async fn ssrf_redirect_to_a_private_literal_in_another_spelling_is_refused() {
        // Hexadecimal 169.254.169.254 and decimal 10.0.0.1: URL parsing reads both as IPv4.
        for (target, address) in [
            ("http://0xa9.0xfe.0xa9.0xfe/", "169.254.169.254"),
            ("http://167772161/", "10.0.0.1"),
            ("http://[::ffff:a9fe:a9fe]/", "::ffff:169.254.169.254"),
        ] {
            let app = site(Router::new().route("/jobs", get(move || async move { Redirect::to(target) })));
            let server = StandIn::start(app).await;
            let err = fetcher().fetch(&server.url("/jobs"), &Validators::default()).await.unwrap_err();
            assert_eq!(refused_address(&err), Some(address.parse().unwrap()), "{target}: {err}");
        }
    }

    #[tokio::test]
    async fn ssrf_robots_txt_redirect_to_the_metadata_address_is_refused() {
        let (server, hits) = counting_site(
            Router::new()
                .route("/robots.txt", get(|| async { Redirect::to("http://169.254.169.254/latest/user-data") }))
                .route("/calls", get(|| async { html("<p>calls</p>") })),
        )
        .await;
        let started = std::time::Instant::now();
        let err = fetcher().fetch(&server.url("/calls"), &Validators::default()).await.unwrap_err();
        assert_eq!(refused_address(&err), Some("169.254.169.254".parse().unwrap()), "{err}");
        assert!(started.elapsed() < Duration::from_secs(1), "refused, not timed out");
        assert_eq!(hits.load(Ordering::SeqCst), 1, "robots.txt was asked, the page was not");
    }

    #[test]
    fn meta_charset_forms() {
        assert_eq!(meta_charset(b"<meta charset=\"windows-1256\">"), Some(encoding_rs::WINDOWS_1256));
        assert_eq!(meta_charset(b"<META CHARSET=iso-8859-6>"), Some(encoding_rs::ISO_8859_6));
        assert_eq!(meta_charset(b"<meta content='text/html; charset=cp1256' http-equiv='Content-Type'>"), Some(encoding_rs::WINDOWS_1256));
        assert_eq!(meta_charset(b"<meta charset=utf-16>"), Some(encoding_rs::UTF_8));
        assert_eq!(meta_charset(b"<meta name=viewport content=width=device-width>"), None);
        assert_eq!(charset_param("text/html; Charset=\"Windows-1256\""), Some("Windows-1256".into()));
    }

    fn html_owned(body: String) -> Response {
        ([("content-type", "text/html")], body).into_response()
    }
}
