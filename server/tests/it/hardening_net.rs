//! Issue 12, network findings: the web fetcher reaching private addresses (SSRF), the client
//! address taken from what the client wrote in X-Forwarded-For, and requests that hold the
//! server before anyone is known (big bodies, slow headers, floods).

use crate::common::{world::*, *};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const SOURCES: &str = "/api/v1/admin/digital-twin/sources";

async fn api(b: &mut Browser, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    if b.csrf.is_empty() {
        b.get("/ar/").await;
    }
    let req = if method == "POST" { b.client.post(b.url(path)) } else { b.client.get(b.url(path)) };
    let mut req = req.header("accept", "application/json").header("x-csrf-token", b.csrf.clone());
    if let Some(body) = body {
        req = req.json(&body);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// A site on loopback counting every request it gets (robots.txt included).
async fn site(router: axum::Router) -> (std::net::SocketAddr, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = router.layer(axum::middleware::from_fn(move |req: axum::extract::Request, next: axum::middleware::Next| {
        counter.fetch_add(1, Ordering::SeqCst);
        next.run(req)
    }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, hits)
}

fn page() -> axum::response::Response {
    use axum::response::IntoResponse;
    ([("content-type", "text/html; charset=utf-8")], "<h2>Casting call: extras in Jeddah</h2><p>300 SAR per day.</p>").into_response()
}

/// Adds a web source for `url`, runs it, and waits for the source's outcome: its last error.
async fn fetch_error(app: &TestApp, admin: &mut Browser, url: &str) -> (Option<String>, Duration) {
    let (status, body) = api(admin, "POST", SOURCES, Some(json!({ "type": "WEB", "name": "Board", "url": url }))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["source"]["id"].as_str().unwrap().to_string();
    let started = Instant::now();
    assert_eq!(api(admin, "POST", &format!("{SOURCES}/{id}/run"), None).await.0, StatusCode::ACCEPTED);
    for _ in 0..300 {
        let (error, processed): (Option<String>, Option<time::OffsetDateTime>) =
            sqlx::query_as("SELECT last_error, last_processed_at FROM ingestion_sources WHERE id = $1::uuid")
                .bind(&id)
                .fetch_one(&app.db)
                .await
                .unwrap();
        if error.is_some() || processed.is_some() {
            return (error, started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("source {url} was not fetched");
}

#[tokio::test]
async fn ssrf_source_url_on_loopback_is_refused_with_a_clear_error() {
    let app = TestApp::spawn().await;
    let mut admin = admin(&app, "ops@takeone.sa").await;
    let (addr, hits) = site(axum::Router::new().route("/calls", axum::routing::get(|| async { page() }))).await;
    let (error, took) = fetch_error(&app, &mut admin, &format!("http://127.0.0.1:{}/calls", addr.port())).await;
    let error = error.expect("the source shows why it was not fetched");
    assert!(error.contains("address not allowed: 127.0.0.1"), "{error}");
    assert!(took < Duration::from_secs(10), "refused, not timed out ({took:?})");
    assert_eq!(hits.load(Ordering::SeqCst), 0, "nothing was asked of the internal address, not even robots.txt");
}

#[tokio::test]
async fn ssrf_redirect_to_the_metadata_address_is_refused_at_that_hop() {
    // The third-party page stands in on loopback, which the allow-list lets the fetcher reach;
    // its redirect to the cloud metadata address is refused all the same.
    let app = TestApp::spawn_configured(&[("TAKEONE_FETCH_ALLOW_PRIVATE", "127.0.0.1")]).await;
    let mut admin = admin(&app, "ops@takeone.sa").await;
    let (addr, hits) = site(axum::Router::new().route(
        "/calls",
        axum::routing::get(|| async { axum::response::Redirect::to("http://169.254.169.254/latest/meta-data/iam/security-credentials/") }),
    ))
    .await;
    let (error, took) = fetch_error(&app, &mut admin, &format!("http://{addr}/calls")).await;
    let error = error.expect("the source shows why it was not fetched");
    assert!(error.contains("address not allowed: 169.254.169.254"), "{error}");
    assert!(took < Duration::from_secs(10), "refused, not timed out ({took:?})");
    assert_eq!(hits.load(Ordering::SeqCst), 2, "robots.txt and the page were asked of the stand-in");
}

#[tokio::test]
async fn ssrf_robots_txt_redirect_to_a_private_address_is_refused() {
    let app = TestApp::spawn_configured(&[("TAKEONE_FETCH_ALLOW_PRIVATE", "127.0.0.1")]).await;
    let mut admin = admin(&app, "ops@takeone.sa").await;
    let (addr, hits) = site(
        axum::Router::new()
            .route("/robots.txt", axum::routing::get(|| async { axum::response::Redirect::to("http://10.0.0.1/robots.txt") }))
            .route("/calls", axum::routing::get(|| async { page() })),
    )
    .await;
    let (error, _) = fetch_error(&app, &mut admin, &format!("http://{addr}/calls")).await;
    let error = error.expect("the source shows why it was not fetched");
    assert!(error.contains("address not allowed: 10.0.0.1"), "{error}");
    assert_eq!(hits.load(Ordering::SeqCst), 1, "robots.txt was asked, the page was not");
}

/// A login form posted through our proxy: the client wrote `forged`, the proxy appended `real`.
async fn login_via_proxy(app: &TestApp, csrf: &(String, String), email: &str, forged: &str, real: &str) -> StatusCode {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    client
        .post(app.url("/api/fn/login"))
        .header("cookie", &csrf.0)
        .header("accept", "text/html")
        .header("x-forwarded-for", format!("{forged}, {real}"))
        .form(&[("csrf_token", csrf.1.as_str()), ("lang_code", "en"), ("form[email]", email), ("form[password]", "not-the-password")])
        .send()
        .await
        .unwrap()
        .status()
}

/// The CSRF cookie (`name=value`) and token a first visit gets.
async fn csrf_cookie(app: &TestApp) -> (String, String) {
    let res = reqwest::get(app.url("/ar/")).await.unwrap();
    let cookie: String = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("takeone_csrf="))
        .expect("a CSRF cookie")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    // The page carries the token masked afresh per response (BREACH); the cookie holds it raw.
    let token = meta(&res.text().await.unwrap(), "csrf-token").expect("the page names its CSRF token");
    (cookie, token)
}

#[tokio::test]
async fn forged_x_forwarded_for_first_hops_do_not_escape_the_login_limit() {
    let app = TestApp::spawn_configured(&[("TAKEONE_TRUST_PROXY", "true")]).await;
    let csrf = csrf_cookie(&app).await;
    let mut statuses = Vec::new();
    // A different account each time (the per-account limit is 5), a fresh forged address each
    // time, the same address our proxy saw.
    for i in 0..40 {
        statuses.push(login_via_proxy(&app, &csrf, &format!("guess{i}@example.sa"), &format!("10.{i}.7.{i}"), "203.0.113.7").await);
    }
    assert!(statuses[..30].iter().all(|s| *s == StatusCode::UNAUTHORIZED), "{statuses:?}");
    assert!(statuses[30..].iter().all(|s| *s == StatusCode::TOO_MANY_REQUESTS), "30 per 15 minutes per client address: {statuses:?}");
    // Another client behind the same proxy is not limited by the first one's attempts.
    assert_eq!(login_via_proxy(&app, &csrf, "other@example.sa", "203.0.113.7", "198.51.100.9").await, StatusCode::UNAUTHORIZED);
}

/// The response head a raw connection gets within `wait`, or None when nothing came.
async fn response_head(stream: &mut TcpStream, wait: Duration) -> Option<String> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + wait;
    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
        match tokio::time::timeout_at(deadline.into(), stream.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => got.extend_from_slice(&buf[..n]),
            Ok(_) => break,
            Err(_) => return None,
        }
    }
    Some(String::from_utf8_lossy(&got).into_owned())
}

fn status_of(head: &str) -> u16 {
    head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[tokio::test]
async fn anonymous_multipart_flood_to_a_non_upload_path_is_refused_before_it_is_read() {
    let app = TestApp::spawn().await;
    let (cookie, token) = csrf_cookie(&app).await;
    let preamble = format!(
        "--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n"
    );

    // Declared: 8 MB, of which nothing but the token is ever sent.
    let mut declared = TcpStream::connect(app.addr).await.unwrap();
    let head = format!(
        "POST /api/fn/register HTTP/1.1\r\nHost: {}\r\nCookie: {cookie}\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: 8000000\r\n\r\n{preamble}",
        app.addr
    );
    declared.write_all(head.as_bytes()).await.unwrap();
    let answer = response_head(&mut declared, Duration::from_secs(5)).await.expect("an answer before the body was sent");
    assert_eq!(status_of(&answer), 413, "{answer}");

    // Undeclared (chunked): 8 MB in 64 KiB chunks, then silence; the answer comes long before.
    let stream = TcpStream::connect(app.addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let head = format!(
        "POST /api/fn/register HTTP/1.1\r\nHost: {}\r\nCookie: {cookie}\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{preamble}\r\n",
        app.addr,
        preamble.len()
    );
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    let writer = tokio::spawn(async move {
        write.write_all(head.as_bytes()).await?;
        let chunk = vec![b'a'; 64 * 1024];
        for _ in 0..128 {
            write.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).await?;
            write.write_all(&chunk).await?;
            write.write_all(b"\r\n").await?;
            counter.fetch_add(chunk.len(), Ordering::SeqCst);
        }
        std::future::pending::<()>().await;
        Ok::<_, std::io::Error>(())
    });
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let answer = tokio::time::timeout(Duration::from_secs(5), async {
        while !got.windows(4).any(|w| w == b"\r\n\r\n") {
            match read.read(&mut buf).await {
                Ok(n) if n > 0 => got.extend_from_slice(&buf[..n]),
                _ => break,
            }
        }
        String::from_utf8_lossy(&got).into_owned()
    })
    .await
    .expect("an answer before the body was sent");
    writer.abort();
    assert_eq!(status_of(&answer), 413, "{answer}");
    assert!(sent.load(Ordering::SeqCst) < 8 * 1024 * 1024, "refused before the whole body was read");
}

#[tokio::test]
async fn anonymous_upload_to_the_import_route_is_refused_before_it_is_read() {
    let app = TestApp::spawn().await;
    let (cookie, token) = csrf_cookie(&app).await;
    let path = format!("{SOURCES}/{}/import", uuid::Uuid::new_v4());
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    // 15 MB declared (under the 20 MB upload limit), only the token sent.
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nCookie: {cookie}\r\nAccept: text/html\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: 15000000\r\n\r\n--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n",
        app.addr
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = response_head(&mut stream, Duration::from_secs(5)).await.expect("an answer before the body was sent");
    assert_eq!(status_of(&answer), 403, "{answer}");
}

#[tokio::test]
async fn slow_loris_headers_sent_byte_by_byte_are_cut_off() {
    let app = TestApp::spawn_configured(&[("TAKEONE_HEADER_READ_TIMEOUT_SECONDS", "1")]).await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    stream.write_all(b"GET /health HTTP/1.1\r\nHost: takeone\r\nX-Padding: ").await.unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    let closed = loop {
        tokio::select! {
            read = stream.read(&mut buf) => break read.map(|n| String::from_utf8_lossy(&buf[..n]).into_owned()).unwrap_or_default(),
            () = tokio::time::sleep(Duration::from_millis(100)) => {
                assert!(started.elapsed() < Duration::from_secs(5), "the connection was still open after 5 s");
                if stream.write_all(b"a").await.is_err() {
                    break String::new();
                }
            }
        }
    };
    let took = started.elapsed();
    assert!(!closed.contains("200 OK"), "{closed}");
    assert!(took >= Duration::from_millis(900) && took < Duration::from_secs(4), "cut off after the header deadline: {took:?}");

    // A client that connects and says nothing is cut off too; others are served meanwhile.
    let mut silent = TcpStream::connect(app.addr).await.unwrap();
    assert_eq!(reqwest::get(app.url("/health")).await.unwrap().status(), StatusCode::OK);
    let n = tokio::time::timeout(Duration::from_secs(4), silent.read(&mut buf)).await.expect("the silent connection was closed");
    assert!(n.map_or(true, |n| n == 0 || String::from_utf8_lossy(&buf[..n]).contains("408")));
}

/// A form post whose body never arrives: it holds its place in the CSRF layer.
async fn stalled_form(app: &TestApp, cookie: &str) -> TcpStream {
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    let head = format!(
        "POST /api/fn/login HTTP/1.1\r\nHost: {}\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ncsrf_token=",
        app.addr
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream
}

#[tokio::test]
async fn requests_beyond_the_in_flight_limit_get_503_at_once() {
    let app = TestApp::spawn_configured(&[("TAKEONE_MAX_IN_FLIGHT", "2")]).await;
    let (cookie, _) = csrf_cookie(&app).await;
    let held = [stalled_form(&app, &cookie).await, stalled_form(&app, &cookie).await];
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    let res = reqwest::Client::new().get(app.url("/health")).header("accept-language", "en").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(started.elapsed() < Duration::from_secs(1), "refused at once, not queued");
    assert_eq!(res.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string()).as_deref(), Some("1"));
    assert!(res.text().await.unwrap().contains("very busy"));
    let ar = reqwest::Client::new().get(app.url("/health")).header("accept-language", "ar").send().await.unwrap();
    assert!(ar.text().await.unwrap().contains("ضغطًا كبيرًا"));

    // The places come back when the held requests end.
    drop(held);
    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..40 {
        status = reqwest::get(app.url("/health")).await.unwrap().status();
        if status == StatusCode::OK {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_body_that_never_arrives_is_cut_off_by_the_request_timeout() {
    let app = TestApp::spawn_configured(&[("TAKEONE_REQUEST_TIMEOUT_SECONDS", "1")]).await;
    let (cookie, _) = csrf_cookie(&app).await;
    let started = Instant::now();
    let mut stream = stalled_form(&app, &cookie).await;
    let answer = response_head(&mut stream, Duration::from_secs(5)).await.expect("an answer after the request timeout");
    assert_eq!(status_of(&answer), 503, "{answer}");
    assert!(started.elapsed() >= Duration::from_millis(900), "{:?}", started.elapsed());
}
