//! Web pages as a source of casting calls: a polite fetcher of our own (robots.txt, conditional
//! GET, size and redirect limits, legacy charsets), an optional Firecrawl adapter for pages that
//! need a browser, readable-text extraction, and splitting of listing pages into single posts.
//!
//! Both page sources sit behind [`PageSource`] so the scheduler does not care which one is
//! configured; the plain fetcher needs nothing external and is the offline default.

pub mod address;
pub mod fetch;
pub mod firecrawl;
pub mod readable;
pub mod resolver;
pub mod robots;
pub mod split;

#[cfg(test)]
pub(crate) mod stand_in;

use serde::{Deserialize, Serialize};
use url::Url;

pub use address::AddressPolicy;
pub use fetch::{DEFAULT_MAX_BYTES, DEFAULT_USER_AGENT, FetchLimits, WebFetcher};
pub use firecrawl::FirecrawlClient;
pub use readable::readable_text;
pub use split::split_posts;

/// The cache validators a server gave for a page, stored with the source so the next visit can
/// be a conditional GET.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchOutcome {
    /// The server confirmed that the page is unchanged since `prior` (HTTP 304).
    NotModified,
    Page {
        /// Where the page was finally read, after redirects.
        final_url: Url,
        /// Readable text (or Markdown, from Firecrawl), not HTML.
        text: String,
        html_title: Option<String>,
        /// Validators to store for the next conditional fetch; empty when the server gave none.
        validators: Validators,
    },
}

/// Why a page could not be read. Every variant names the URL at which it failed (for
/// redirects, the one originally asked for).
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("cannot fetch {url}: only http and https URLs are supported")]
    UnsupportedScheme { url: Url },
    #[error("fetching {url} timed out")]
    Timeout { url: Url },
    #[error("{url} is larger than the limit of {limit} bytes")]
    TooLarge { url: Url, limit: usize },
    #[error("{url} redirected more than {limit} times or in a loop")]
    TooManyRedirects { url: Url, limit: usize },
    /// The URL, a redirect hop or robots.txt leads off the public internet (see [`address`]).
    #[error("address not allowed: {address} ({url} does not lead to the public internet)")]
    AddressNotAllowed { url: Url, address: std::net::IpAddr },
    #[error("robots.txt does not allow us to fetch {url}")]
    DisallowedByRobots { url: Url },
    #[error("{url} answered HTTP {status}")]
    HttpStatus { url: Url, status: u16 },
    #[error("{url} is not an HTML or text page (Content-Type: {content_type})")]
    NotText { url: Url, content_type: String },
    #[error("could not connect to or read from {url}: {message}")]
    Connect { url: Url, message: String },
    /// The scraping service (Firecrawl) reported a failure of its own.
    #[error("the scraping service could not scrape {url}: {message}")]
    Service { url: Url, message: String },
    /// The scraping service answered something that is not its documented response.
    #[error("the scraping service gave an unreadable answer for {url}: {message}")]
    InvalidResponse { url: Url, message: String },
}

impl FetchError {
    pub fn url(&self) -> &Url {
        match self {
            FetchError::UnsupportedScheme { url }
            | FetchError::Timeout { url }
            | FetchError::TooLarge { url, .. }
            | FetchError::TooManyRedirects { url, .. }
            | FetchError::DisallowedByRobots { url }
            | FetchError::AddressNotAllowed { url, .. }
            | FetchError::HttpStatus { url, .. }
            | FetchError::NotText { url, .. }
            | FetchError::Connect { url, .. }
            | FetchError::Service { url, .. }
            | FetchError::InvalidResponse { url, .. } => url,
        }
    }

    /// Whether trying again later could succeed (a timeout, a dropped connection, a 5xx or 429),
    /// as opposed to a page that will keep failing the same way.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Timeout { .. } | FetchError::Connect { .. } | FetchError::Service { .. } => true,
            FetchError::HttpStatus { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }
}

/// The HTTP client of an adapter could not be built (in practice: the TLS backend failed to
/// initialise).
#[derive(Debug, thiserror::Error)]
#[error("could not set up the HTTP client: {0}")]
pub struct ClientSetupError(pub String);

impl From<reqwest::Error> for ClientSetupError {
    fn from(e: reqwest::Error) -> Self {
        ClientSetupError(error_chain(&e))
    }
}

/// A configured service root: must be an absolute http(s) URL.
pub(crate) fn parse_base_url(base_url: &str) -> Result<Url, ClientSetupError> {
    let url = Url::parse(base_url.trim()).map_err(|e| ClientSetupError(format!("invalid base URL {base_url:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(ClientSetupError(format!("base URL {base_url:?} is not an http(s) URL")));
    }
    Ok(url)
}

/// Something that turns a URL into page text: our own [`WebFetcher`] or [`FirecrawlClient`].
#[async_trait::async_trait]
pub trait PageSource: Send + Sync {
    async fn fetch(&self, url: &Url, prior: &Validators) -> Result<FetchOutcome, FetchError>;
}

/// reqwest's top-level message ("error sending request") hides the useful part in its sources.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !out.contains(&s_text) {
            out.push_str(": ");
            out.push_str(&s_text);
        }
        source = s.source();
    }
    out
}

/// At most `max` characters of a (possibly huge) response body, for error messages.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    let trimmed = text.trim();
    match trimmed.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &trimmed[..cut]),
        None => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_must_be_http() {
        assert_eq!(parse_base_url(" https://gate.whapi.cloud ").unwrap().as_str(), "https://gate.whapi.cloud/");
        assert!(parse_base_url("gate.whapi.cloud").is_err());
        assert!(parse_base_url("mailto:ops@takeone.sa").is_err());
        let err = parse_base_url("ftp://example.com").unwrap_err();
        assert!(err.to_string().contains("not an http(s) URL"), "{err}");
    }

    #[test]
    fn errors_name_their_url() {
        let url = Url::parse("https://example.sa/x").unwrap();
        let err = FetchError::TooLarge { url: url.clone(), limit: 10 };
        assert_eq!(err.url(), &url);
        assert_eq!(err.to_string(), "https://example.sa/x is larger than the limit of 10 bytes");
        assert!(!err.is_transient());
        assert!(FetchError::HttpStatus { url, status: 503 }.is_transient());
    }
}
