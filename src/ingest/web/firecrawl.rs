//! Firecrawl (`POST /v2/scrape`) as a page source, for sites that only render with JavaScript
//! or block plain clients. It answers Markdown of the main content, which the splitter and the
//! extractors read as they read our own readable text.
//!
//! Firecrawl keeps no validators we could use, so every fetch is a full scrape (and costs a
//! credit); the scheduler should prefer [`super::WebFetcher`] where it works.
//!
//! The service's own address is configured by the operator and may be a self-hosted instance
//! on the private network, so it is not checked. The pages we ask it to scrape are checked as
//! the plain fetcher checks them, as far as we can from here: a URL naming (or resolving to) a
//! private address is refused before the service is asked. Redirects happen inside the service.

use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use super::address::AddressPolicy;
use super::resolver::check_resolved;
use super::{ClientSetupError, FetchError, FetchOutcome, PageSource, Validators, error_chain, excerpt, parse_base_url};

pub struct FirecrawlClient {
    base_url: Url,
    api_key: String,
    timeout: Duration,
    client: reqwest::Client,
    addresses: AddressPolicy,
}

#[derive(Deserialize)]
struct ScrapeResponse {
    success: Option<bool>,
    data: Option<ScrapeData>,
    error: Option<String>,
}

#[derive(Deserialize)]
struct ScrapeData {
    markdown: Option<String>,
    #[serde(default)]
    metadata: Metadata,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Metadata {
    /// A string, or a list when the page has several title tags.
    title: Option<Value>,
    status_code: Option<u16>,
    /// The page's address after redirects; `sourceURL` is the one we asked for.
    url: Option<String>,
    #[serde(rename = "sourceURL")]
    source_url: Option<String>,
    error: Option<String>,
}

impl FirecrawlClient {
    pub const DEFAULT_BASE_URL: &'static str = "https://api.firecrawl.dev";

    /// `base_url` is the API root, [`FirecrawlClient::DEFAULT_BASE_URL`] for the hosted service.
    pub fn new(base_url: &str, api_key: impl Into<String>) -> Result<FirecrawlClient, ClientSetupError> {
        let base_url = parse_base_url(base_url)?;
        let client = reqwest::Client::builder().build()?;
        // Firecrawl's own scrape timeout defaults to 30 s; leave room for its queueing on top.
        Ok(FirecrawlClient {
            base_url,
            api_key: api_key.into(),
            timeout: Duration::from_secs(60),
            client,
            addresses: AddressPolicy::public_only(),
        })
    }

    pub fn with_timeout(mut self, timeout: Duration) -> FirecrawlClient {
        self.timeout = timeout;
        self
    }

    /// The addresses pages may have besides public ones (the fetcher's allow-list).
    pub fn with_addresses(mut self, addresses: AddressPolicy) -> FirecrawlClient {
        self.addresses = addresses;
        self
    }

    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    pub async fn scrape(&self, url: &Url) -> Result<FetchOutcome, FetchError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FetchError::UnsupportedScheme { url: url.clone() });
        }
        check_resolved(&self.addresses, url).await?;
        let endpoint = format!("{}/v2/scrape", self.base_url.as_str().trim_end_matches('/'));
        let body = json!({ "url": url.as_str(), "formats": ["markdown"], "onlyMainContent": true });
        let response = self
            .client
            .post(&endpoint)
            .bearer_auth(&self.api_key)
            .timeout(self.timeout)
            .json(&body)
            .send()
            .await
            .map_err(|e| transport_error(url, &e))?;
        let status = response.status();
        let text = response.text().await.map_err(|e| transport_error(url, &e))?;
        let parsed: Option<ScrapeResponse> = serde_json::from_str(&text).ok();

        if !status.is_success() {
            // 408 is Firecrawl's "the scrape timed out" on its side.
            if status.as_u16() == 408 {
                return Err(FetchError::Timeout { url: url.clone() });
            }
            let detail = parsed.and_then(|p| p.error).unwrap_or_else(|| excerpt(&text, 200));
            return Err(FetchError::Service { url: url.clone(), message: format!("HTTP {}: {detail}", status.as_u16()) });
        }
        let Some(parsed) = parsed else {
            return Err(FetchError::InvalidResponse { url: url.clone(), message: format!("not the scrape JSON: {}", excerpt(&text, 200)) });
        };
        if parsed.success != Some(true) {
            let message = parsed.error.unwrap_or_else(|| "success is not true and no error was given".into());
            return Err(FetchError::Service { url: url.clone(), message });
        }
        let Some(data) = parsed.data else {
            return Err(FetchError::InvalidResponse { url: url.clone(), message: "no data in a successful answer".into() });
        };
        let metadata = data.metadata;
        if let Some(code) = metadata.status_code
            && code >= 400
        {
            if let Some(error) = &metadata.error {
                tracing::debug!(%url, code, error, "Firecrawl reports the page's own error");
            }
            return Err(FetchError::HttpStatus { url: url.clone(), status: code });
        }
        let Some(markdown) = data.markdown else {
            return Err(FetchError::InvalidResponse { url: url.clone(), message: "data.markdown is missing".into() });
        };
        let final_url = metadata.url.or(metadata.source_url).and_then(|u| Url::parse(&u).ok()).unwrap_or_else(|| url.clone());
        let html_title = match metadata.title {
            Some(Value::String(s)) => Some(s),
            Some(Value::Array(items)) => items.into_iter().find_map(|v| v.as_str().map(str::to_string)),
            _ => None,
        }
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty());
        Ok(FetchOutcome::Page { final_url, text: markdown.trim().to_string(), html_title, validators: Validators::default() })
    }
}

#[async_trait::async_trait]
impl PageSource for FirecrawlClient {
    /// `prior` is ignored: Firecrawl cannot revalidate, so the answer is always a page.
    async fn fetch(&self, url: &Url, _prior: &Validators) -> Result<FetchOutcome, FetchError> {
        self.scrape(url).await
    }
}

fn transport_error(url: &Url, e: &reqwest::Error) -> FetchError {
    if e.is_timeout() {
        FetchError::Timeout { url: url.clone() }
    } else {
        FetchError::Connect { url: url.clone(), message: format!("Firecrawl: {}", error_chain(e)) }
    }
}

#[cfg(test)]
mod tests {
    use axum::Json;
    use axum::Router;
    use axum::http::{HeaderMap, StatusCode};
    use axum::response::{IntoResponse, Response};
    use axum::routing::post;

    use super::*;
    use crate::ingest::web::stand_in::StandIn;

    const KEY: &str = "fc-test-key";

    /// A stand-in that answers like Firecrawl, after checking auth and the request body.
    fn firecrawl(answer: fn(&str) -> Response) -> Router {
        Router::new().route(
            "/v2/scrape",
            post(move |headers: HeaderMap, Json(body): Json<Value>| async move {
                if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(&format!("Bearer {KEY}")) {
                    return (StatusCode::UNAUTHORIZED, Json(json!({"success": false, "error": "Unauthorized"}))).into_response();
                }
                let expected_keys = ["formats", "onlyMainContent", "url"];
                let mut keys: Vec<&str> = body.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
                keys.sort();
                if keys != expected_keys || body["formats"] != json!(["markdown"]) || body["onlyMainContent"] != json!(true) {
                    return (StatusCode::BAD_REQUEST, Json(json!({"success": false, "error": format!("bad body {body}")}))).into_response();
                }
                answer(body["url"].as_str().unwrap_or_default())
            }),
        )
    }

    fn client(server: &StandIn) -> FirecrawlClient {
        FirecrawlClient::new(server.url("/").as_str(), KEY).unwrap().with_timeout(Duration::from_secs(2))
    }

    fn page() -> Url {
        Url::parse("https://example.sa/castings?page=1").unwrap()
    }

    #[tokio::test]
    async fn success_reads_markdown_and_metadata() {
        let server = StandIn::start(firecrawl(|url| {
            Json(json!({
                "success": true,
                "data": {
                    "markdown": "# Casting call\n\nActors needed in Riyadh.\n",
                    "metadata": {
                        "title": "Casting  call | Example",
                        "sourceURL": url,
                        "url": "https://example.sa/castings/1",
                        "statusCode": 200,
                        "language": "en"
                    }
                }
            }))
            .into_response()
        }))
        .await;
        let outcome = client(&server).fetch(&page(), &Validators::default()).await.unwrap();
        assert_eq!(
            outcome,
            FetchOutcome::Page {
                final_url: Url::parse("https://example.sa/castings/1").unwrap(),
                text: "# Casting call\n\nActors needed in Riyadh.".into(),
                html_title: Some("Casting call | Example".into()),
                validators: Validators::default(),
            }
        );
    }

    #[tokio::test]
    async fn wrong_key_is_a_service_error() {
        let server = StandIn::start(firecrawl(|_| StatusCode::OK.into_response())).await;
        let client = FirecrawlClient::new(server.url("/").as_str(), "other").unwrap();
        let err = client.fetch(&page(), &Validators::default()).await.unwrap_err();
        assert!(
            matches!(&err, FetchError::Service { message, .. } if message.contains("401") && message.contains("Unauthorized")),
            "{err}"
        );
    }

    #[tokio::test]
    async fn failure_answers_are_errors() {
        let server =
            StandIn::start(firecrawl(|_| Json(json!({"success": false, "error": "All scraping engines failed"})).into_response())).await;
        let err = client(&server).fetch(&page(), &Validators::default()).await.unwrap_err();
        assert!(matches!(&err, FetchError::Service { message, .. } if message == "All scraping engines failed"), "{err}");

        let server = StandIn::start(firecrawl(|_| {
            (StatusCode::PAYMENT_REQUIRED, Json(json!({"success": false, "error": "Insufficient credits"}))).into_response()
        }))
        .await;
        let err = client(&server).fetch(&page(), &Validators::default()).await.unwrap_err();
        assert!(matches!(&err, FetchError::Service { message, .. } if message.contains("402")), "{err}");

        let server = StandIn::start(firecrawl(|url| {
            Json(json!({"success": true, "data": {"markdown": "Not found", "metadata": {"sourceURL": url, "statusCode": 404}}}))
                .into_response()
        }))
        .await;
        let err = client(&server).fetch(&page(), &Validators::default()).await.unwrap_err();
        assert!(matches!(err, FetchError::HttpStatus { status: 404, .. }), "{err}");
    }

    #[tokio::test]
    async fn garbage_answers_are_invalid_responses() {
        let server = StandIn::start(firecrawl(|_| "<html>gateway</html>".into_response())).await;
        let err = client(&server).fetch(&page(), &Validators::default()).await.unwrap_err();
        assert!(matches!(err, FetchError::InvalidResponse { .. }), "{err}");

        let server = StandIn::start(firecrawl(|_| Json(json!({"success": true, "data": {"html": "<p>x</p>"}})).into_response())).await;
        let err = client(&server).fetch(&page(), &Validators::default()).await.unwrap_err();
        assert!(matches!(&err, FetchError::InvalidResponse { message, .. } if message.contains("markdown")), "{err}");
    }

    #[tokio::test]
    async fn ssrf_private_page_urls_are_not_handed_to_the_service() {
        // The service itself is on loopback (configured by the operator): that is allowed.
        let server = StandIn::start(firecrawl(|_| panic!("the service must not be asked"))).await;
        for (page, address) in [
            ("http://127.0.0.1:8080/admin", "127.0.0.1"),
            ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
            ("http://localhost/", ""),
        ] {
            let err = client(&server).scrape(&Url::parse(page).unwrap()).await.unwrap_err();
            let FetchError::AddressNotAllowed { address: refused, .. } = &err else { panic!("{page}: {err}") };
            assert!(address.is_empty() || refused.to_string() == address, "{page}: {err}");
        }
    }

    #[tokio::test]
    async fn slow_service_times_out() {
        let app = Router::new().route(
            "/v2/scrape",
            post(|| async {
                tokio::time::sleep(Duration::from_secs(3)).await;
                StatusCode::OK
            }),
        );
        let server = StandIn::start(app).await;
        let client = client(&server).with_timeout(Duration::from_millis(300));
        let err = client.fetch(&page(), &Validators::default()).await.unwrap_err();
        assert!(matches!(err, FetchError::Timeout { .. }), "{err}");
    }
}
