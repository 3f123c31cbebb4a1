//! `takeone bench`: load the casting call list and a detail page with wrk at 64 connections,
//! then the same number of bytes as a static axum response (the ceiling), and compare; then
//! the wasm bundle as a first visit fetches it (brotli).

use anyhow::{Context, bail};
use axum::{Router, routing::get};
use std::{process::Command, time::Duration};

pub struct Options {
    pub seconds: u64,
    pub connections: u32,
    pub database_url: String,
}

#[derive(Debug)]
pub(crate) struct Run {
    label: String,
    bytes: usize,
    pub(crate) rps: f64,
    pub(crate) p50_ms: f64,
    pub(crate) p99_ms: f64,
}

fn parse_duration_ms(s: &str) -> Option<f64> {
    let s = s.trim();
    let (num, factor) = if let Some(v) = s.strip_suffix("us") {
        (v, 0.001)
    } else if let Some(v) = s.strip_suffix("ms") {
        (v, 1.0)
    } else if let Some(v) = s.strip_suffix('s') {
        (v, 1000.0)
    } else {
        return None;
    };
    num.trim().parse::<f64>().ok().map(|n| n * factor)
}

/// Reads wrk's `--latency` report.
fn parse_wrk(out: &str) -> Option<(f64, f64, f64)> {
    let mut rps = None;
    let (mut p50, mut p99) = (None, None);
    for line in out.lines() {
        let t = line.trim();
        if let Some(v) = t.strip_prefix("Requests/sec:") {
            rps = v.trim().parse().ok();
        } else if let Some(v) = t.strip_prefix("50%") {
            p50 = parse_duration_ms(v);
        } else if let Some(v) = t.strip_prefix("99%") {
            p99 = parse_duration_ms(v);
        }
    }
    Some((rps?, p50?, p99?))
}

fn wrk(url: &str, label: &str, bytes: usize, o: &Options) -> anyhow::Result<Run> {
    wrk_with(url, label, bytes, o.seconds, o.connections, &[])
}

pub(crate) fn wrk_with(url: &str, label: &str, bytes: usize, seconds: u64, connections: u32, headers: &[String]) -> anyhow::Result<Run> {
    let mut args = vec![
        format!("-t{}", connections.clamp(1, 2)),
        format!("-c{connections}"),
        format!("-d{seconds}s"),
        "--latency".into(),
        "-H".into(),
        "Accept: text/html".into(),
    ];
    for h in headers {
        args.push("-H".into());
        args.push(h.clone());
    }
    args.push(url.into());
    let out = Command::new("wrk").args(&args).output().context("running wrk (apt-get install wrk)")?;
    let text = String::from_utf8_lossy(&out.stdout);
    if text.contains("Non-2xx") {
        bail!("{label}: the server answered errors under load:\n{text}");
    }
    let (rps, p50_ms, p99_ms) = parse_wrk(&text).with_context(|| format!("unreadable wrk output:\n{text}"))?;
    Ok(Run { label: label.into(), bytes, rps, p50_ms, p99_ms })
}

pub async fn run(o: Options) -> anyhow::Result<()> {
    let db = takeone::db::prepare(&o.database_url, 40).await?;
    let accounts =
        takeone::account::Accounts::new(db.clone(), takeone::account::PasswordHasher::new(2), takeone::token::TokenKey::new(b"bench"));
    takeone::seed::run(&db, &accounts).await?;

    // Search first, in a quiet process: the indexes are then handed to the server, positioned
    // at the database's present so its feed resumes from there.
    let search_dir = std::env::temp_dir().join("takeone-bench-search");
    let snapshot: String = sqlx::query_scalar("SELECT pg_current_snapshot()::text").fetch_one(&db).await?;
    let position = takeone::search::feed::position_json(&snapshot, takeone::search::feed::database_identity(&db).await?);
    let dir = search_dir.clone();
    let search = tokio::task::spawn_blocking(move || crate::bench_search::run(&dir, &position)).await??;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let search_dir_text = search_dir.display().to_string();
    let config = crate::config::Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(o.database_url.clone()),
        "TAKEONE_ADDR" => Some(addr.to_string()),
        "TAKEONE_SEARCH_DIR" => Some(search_dir_text.clone()),
        // Background work would only add noise to the measurements.
        "TAKEONE_WORKERS" => Some("false".into()),
        _ => std::env::var(k).ok(),
    })?;
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(crate::serve(listener, crate::state(config, db.clone())?, async move {
        let _ = stop_rx.await;
    }));

    let list_path = "/ar/casting-calls";
    let id: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM casting_calls WHERE status = 'active' AND deadline > now() ORDER BY published_at DESC LIMIT 1")
            .fetch_one(&db)
            .await?;
    let detail_path = format!("/ar/casting-calls/{id}");
    let list_bytes = page_size(addr, list_path).await?;
    let detail_bytes = page_size(addr, &detail_path).await?;

    let mut runs = Vec::new();
    for (label, path, bytes) in [("casting list", list_path.to_string(), list_bytes), ("call detail", detail_path, detail_bytes)] {
        let page = wrk(&format!("http://{addr}{path}"), label, bytes, &o)?;
        let ceiling = ceiling(bytes, &o, label).await?;
        runs.push((page, ceiling));
    }
    // Sent as built, the bundle costs the server bytes, not CPU: the ceiling sends as many.
    let bundle = bundle(addr, &o).await?;
    runs.push((bundle.run, ceiling(bundle.bytes, &o, "wasm bundle").await?));
    let sheet = worksheet(addr, &db, &o).await?;
    let _ = stop_tx.send(());
    let served = search_server(&o, &search_dir).await?;
    let alerts = crate::bench_search::alerts(&db, ALERT_SEARCHES, ALERT_CALLS).await?;
    let ingest = ingest(&db, &o).await?;

    println!("\n{} s per run, {} connections, wrk -t2\n", o.seconds, o.connections);
    println!(
        "{:<14} {:>8} {:>10} {:>9} {:>9}   {:>10} {:>9} {:>9}   {:>6}",
        "page", "bytes", "req/s", "p50 ms", "p99 ms", "ceil req/s", "p50 ms", "p99 ms", "ratio"
    );
    for (p, c) in &runs {
        println!(
            "{:<14} {:>8} {:>10.0} {:>9.2} {:>9.2}   {:>10.0} {:>9.2} {:>9.2}   {:>6.2}",
            p.label,
            p.bytes,
            p.rps,
            p.p50_ms,
            p.p99_ms,
            c.rps,
            c.p50_ms,
            c.p99_ms,
            p.rps / c.rps
        );
    }
    println!(
        "(wasm bundle: {} with Accept-Encoding: br; Content-Encoding: {}, Cache-Control: {})",
        bundle.path, bundle.encoding, bundle.cache_control
    );
    println!(
        "\nhirer worksheet, one role with {} applicants (filter: {}; sort: youngest first; 50 a page)",
        sheet.applicants, sheet.filter
    );
    println!("  in-process query   {} runs: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms", sheet.samples, sheet.q50, sheet.q95, sheet.q99);
    for r in &sheet.pages {
        println!(
            "  page over HTTP     {:<16} {:>7.0} req/s, p50 {:.2} ms, p99 {:.2} ms ({} bytes)",
            r.label, r.rps, r.p50_ms, r.p99_ms, r.bytes
        );
    }
    println!(
        "\nsearch ({} talent profiles, {} calls; {})",
        crate::bench_search::N_TALENTS,
        crate::bench_search::N_CALLS,
        search.dir.display()
    );
    println!("  index build {:.1} s; on disk: talents {:.0} MB, calls {:.0} MB", search.build_s, search.talents_mb, search.calls_mb);
    for (clients, n, p50, p95, p99) in &search.latency {
        println!(
            "  in-process text+filters+facets, {clients:>2} client(s), {n} queries: p50 {p50:.2} ms, p95 {p95:.2} ms, p99 {p99:.2} ms"
        );
    }
    println!(
        "  bench process RSS {:.0} MB before building, {:.0} MB after building and querying in-process",
        search.rss_before_mb, search.rss_loaded_mb
    );
    for r in &served.pages {
        println!(
            "  page over HTTP     {:<34} {:>6.0} req/s, p50 {:.2} ms, p99 {:.2} ms ({} bytes)",
            r.label, r.rps, r.p50_ms, r.p99_ms, r.bytes
        );
    }
    println!("  RSS of a `takeone serve` with both indexes open, after those runs: {:.0} MB", served.rss_mb);
    print_alerts(&alerts);
    println!("\nDigital Twin");
    println!(
        "  built-in extractor, one thread   {:.0} posts/s ({} posts of the labelled set, {} passes)",
        ingest.posts_per_s, ingest.posts, ingest.passes
    );
    println!(
        "  export of {} messages -> queue   {:.1} s (parse and store {:.1} s; {} new items, {} set aside by the filter, {} candidates)",
        ingest.messages, ingest.total_s, ingest.stored_s, ingest.items, ingest.filtered, ingest.candidates
    );
    Ok(())
}

/// The alert benchmark's size: the brief's ceiling is every due alert in under 10 s.
const ALERT_SEARCHES: usize = 10_000;
const ALERT_CALLS: usize = 200;

fn print_alerts(a: &crate::bench_search::AlertsBench) {
    let r = &a.run;
    println!("  saved-search alerts: {} instant saved searches, {} calls published at once", a.saved, a.new_calls);
    println!(
        "    one run: {} changed, {} searches matched against them, {} (search, call) matches, {} people told; matching {:.2} s, whole run {:.2} s",
        r.changed,
        r.searches,
        r.found,
        r.told,
        r.matching.as_secs_f64(),
        r.total.as_secs_f64()
    );
}

/// `takeone bench --alerts-only`: the saved-search alerts alone, on a migrated database.
pub async fn alerts_only(database_url: &str) -> anyhow::Result<()> {
    let db = takeone::db::prepare(database_url, 8).await?;
    let alerts = crate::bench_search::alerts(&db, ALERT_SEARCHES, ALERT_CALLS).await?;
    println!("\nsearch");
    print_alerts(&alerts);
    Ok(())
}

struct Bundle {
    path: String,
    bytes: usize,
    encoding: String,
    cache_control: String,
    run: Run,
}

/// The wasm bundle as a browser's first visit asks for it (`Accept-Encoding: br`): what the
/// page names, fetched at full load. Sent as built (precompressed), it costs no CPU to encode.
async fn bundle(addr: std::net::SocketAddr, o: &Options) -> anyhow::Result<Bundle> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (_, page) = raw(addr, "GET", "/ar/", "", "").await?;
    let path = page
        .split('"')
        .find(|s| s.starts_with("/pkg/") && s.ends_with(".wasm"))
        .context("the page names no wasm bundle (is the site built? scripts/bench builds it)")?
        .to_string();
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept-Encoding: br\r\nConnection: close\r\n\r\n").as_bytes()).await?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await?;
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n").context("an HTTP response")?;
    let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
    if !head.starts_with("http/1.1 200") {
        bail!("{path} answered {}", head.lines().next().unwrap_or_default());
    }
    let header =
        |name: &str| head.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.trim().to_string()).unwrap_or_else(|| "none".into());
    let (encoding, cache_control) = (header("content-encoding:"), header("cache-control:"));
    let bytes = buf.len() - end - 4;
    let url = format!("http://{addr}{path}");
    let (seconds, connections) = (o.seconds, o.connections);
    let run =
        tokio::task::spawn_blocking(move || wrk_with(&url, "wasm bundle", bytes, seconds, connections, &["Accept-Encoding: br".into()]))
            .await??;
    Ok(Bundle { path, bytes, encoding, cache_control, run })
}

struct IngestResult {
    posts: usize,
    passes: usize,
    posts_per_s: f64,
    messages: usize,
    stored_s: f64,
    total_s: f64,
    items: usize,
    filtered: usize,
    candidates: i64,
}

const LABELLED: &str = include_str!("../../src/ingest/fixtures/casting-posts-dev.jsonl");
const EXPORT_MESSAGES: usize = 10_000;

/// An Android export (English, 24 h) of `n` messages: the labelled posts (each reposted with a
/// changing detail, as groups do) between everyday chatter.
fn synthetic_export(n: usize, posts: &[String]) -> String {
    const CHATTER: [&str; 8] = [
        "شكرا 🌹",
        "تم الإرسال ✅",
        "الله يوفقكم",
        "Good morning everyone",
        "وين ألقى التفاصيل؟",
        "👍",
        "مين جرب هالشركة؟",
        "Thanks, sent!",
    ];
    let mut out = String::with_capacity(n * 160);
    let start = time::macros::datetime!(2026-01-01 08:00);
    for i in 0..n {
        let at = start + time::Duration::minutes(i as i64 * 3);
        let text = if i % 5 == 0 { format!("{}\nref {}", posts[(i / 5) % posts.len()], i) } else { CHATTER[i % CHATTER.len()].to_string() };
        out.push_str(&format!(
            "{}/{}/{:02}, {:02}:{:02} - Member {}: {}\n",
            at.day(),
            u8::from(at.month()),
            at.year() % 100,
            at.hour(),
            at.minute(),
            i % 37,
            text
        ));
    }
    out
}

async fn ingest(db: &sqlx::PgPool, o: &Options) -> anyhow::Result<IngestResult> {
    use takeone::ingest::{eval, extract::RuleExtractor, items::Items, whatsapp};
    let posts = eval::parse_labelled(LABELLED)?;
    let extractor = RuleExtractor::new();
    let inputs: Vec<_> = posts
        .iter()
        .map(|p| takeone::ingest::extraction::ExtractInput { text: p.text.clone(), source_type: p.source_type, received_on: None })
        .collect();
    let started = std::time::Instant::now();
    let mut passes = 0;
    while started.elapsed() < Duration::from_secs(o.seconds.clamp(1, 5)) {
        for input in &inputs {
            std::hint::black_box(extractor.extract(input));
        }
        passes += 1;
    }
    let posts_per_s = (passes * inputs.len()) as f64 / started.elapsed().as_secs_f64();

    // The whole path: export file -> items (filter) -> jobs -> extraction, dedupe -> queue.
    let source = uuid::Uuid::new_v4();
    sqlx::query("INSERT INTO ingestion_sources (id, kind, name, group_id) VALUES ($1, 'whatsapp', 'Bench', $2)")
        .bind(source)
        .bind(format!("1203{:014}@g.us", rand::random::<u32>()))
        .execute(db)
        .await?;
    let texts: Vec<String> = posts.iter().map(|p| p.text.clone()).collect();
    let file = synthetic_export(EXPORT_MESSAGES, &texts);
    let started = std::time::Instant::now();
    let messages = whatsapp::parse_export(file.as_bytes())?;
    let items: Vec<_> = messages.iter().map(takeone::ingest::items::NewItem::from_export).collect();
    let added = Items::new(db.clone()).add(source, &items).await?;
    let stored_s = started.elapsed().as_secs_f64();
    let config = crate::config::Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(o.database_url.clone()),
        _ => std::env::var(k).ok(),
    })?;
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let workers = tokio::spawn({
        let db = db.clone();
        async move {
            crate::work(&config, db, async move {
                let _ = stop_rx.await;
            })
            .await
        }
    });
    loop {
        let queued: i64 = sqlx::query_scalar("SELECT count(*) FROM ingestion_items WHERE source_id = $1 AND status = 'queued'")
            .bind(source)
            .fetch_one(db)
            .await?;
        if queued == 0 {
            break;
        }
        if started.elapsed() > Duration::from_secs(600) {
            bail!("ingestion did not finish in 10 minutes ({queued} items still queued)");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let total_s = started.elapsed().as_secs_f64();
    let _ = stop_tx.send(());
    let _ = workers.await;
    let candidates: i64 =
        sqlx::query_scalar("SELECT count(*) FROM ingestion_candidates WHERE source_id = $1").bind(source).fetch_one(db).await?;
    Ok(IngestResult {
        posts: inputs.len(),
        passes,
        posts_per_s,
        messages: messages.len(),
        stored_s,
        total_s,
        items: added.new,
        filtered: added.filtered,
        candidates,
    })
}

struct SheetResult {
    applicants: i64,
    filter: &'static str,
    samples: usize,
    q50: f64,
    q95: f64,
    q99: f64,
    pages: Vec<Run>,
}

const WORKSHEET_APPLICANTS: i64 = 2000;
const WORKSHEET_QUERY: &str = "status=submitted&language=ar&age_min=20&age_max=45&sort=age_asc";

/// The demo hirer's worksheet of a role with 2,000 applicants: the domain query on its own,
/// then the whole page over HTTP as the signed-in hirer.
async fn worksheet(addr: std::net::SocketAddr, db: &sqlx::PgPool, o: &Options) -> anyhow::Result<SheetResult> {
    let (call, role): (uuid::Uuid, uuid::Uuid) = sqlx::query_as(
        "SELECT c.id, r.id FROM casting_calls c JOIN casting_roles r ON r.casting_call_id = c.id
         JOIN organization_members m ON m.organization_id = c.organization_id JOIN users u ON u.id = m.user_id
         WHERE u.email = $1 AND c.status = 'active' ORDER BY c.published_at DESC, r.position LIMIT 1",
    )
    .bind(takeone::seed::DEMO_ACCOUNTS[1].email)
    .fetch_one(db)
    .await?;
    let have: i64 = sqlx::query_scalar("SELECT count(*) FROM applications WHERE role_id = $1").bind(role).fetch_one(db).await?;
    if have < WORKSHEET_APPLICANTS {
        let hash = takeone::seed::applicants::unusable_password_hash().await?;
        takeone::seed::applicants::add(db, call, role, (WORKSHEET_APPLICANTS - have) as usize, 7, &hash, "bench").await?;
        sqlx::query("ANALYZE").execute(db).await?;
    }
    let applicants: i64 = sqlx::query_scalar("SELECT count(*) FROM applications WHERE role_id = $1").bind(role).fetch_one(db).await?;

    let apps = takeone::application::Applications::new(db.clone());
    let hirer =
        takeone::account::Accounts::new(db.clone(), takeone::account::PasswordHasher::new(1), takeone::token::TokenKey::new(b"bench"))
            .find_by_email(&takeone::account::Email::parse(takeone::seed::DEMO_ACCOUNTS[1].email).map_err(|m| anyhow::anyhow!(m.key))?)
            .await?
            .context("the demo hirer")?;
    let query: takeone::application::WorksheetQuery = serde_json::from_value(serde_json::json!({
        "status": "submitted", "language": "ar", "age_min": "20", "age_max": "45", "sort": "age_asc"
    }))?;
    let (filter, _) = takeone::application::WorksheetFilter::parse(&query);
    let mut times = Vec::new();
    for i in 0..300 {
        let start = std::time::Instant::now();
        let sheet = apps.worksheet(&hirer, call, role, &filter, time::OffsetDateTime::now_utc()).await?;
        if i >= 20 {
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        std::hint::black_box(sheet);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let q = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];

    let cookie = sign_in(addr, takeone::seed::DEMO_ACCOUNTS[1].email, takeone::seed::DEMO_ACCOUNTS[1].password).await?;
    let path = format!("/ar/hirer/calls/{call}/roles/{role}?{WORKSHEET_QUERY}");
    let (status, body) = raw(addr, "GET", &path, &cookie, "").await?;
    if !status.starts_with("HTTP/1.1 200") {
        bail!("the worksheet answered {status}");
    }
    let mut pages = Vec::new();
    for connections in [1, 16, o.connections] {
        let label = format!("{connections} connection{}", if connections == 1 { "" } else { "s" });
        let headers = [format!("Cookie: {cookie}")];
        pages.push(wrk_with(&format!("http://{addr}{path}"), &label, body.len(), o.seconds, connections, &headers)?);
    }
    Ok(SheetResult { applicants, filter: WORKSHEET_QUERY, samples: times.len(), q50: q(0.5), q95: q(0.95), q99: q(0.99), pages })
}

/// One plain HTTP/1.1 request: the status line and the body (de-chunked).
async fn raw(addr: std::net::SocketAddr, method: &str, path: &str, cookie: &str, form: &str) -> anyhow::Result<(String, String)> {
    let (status, _, body) = raw_full(addr, method, path, cookie, form).await?;
    Ok((status, body))
}

async fn raw_full(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    cookie: &str,
    form: &str,
) -> anyhow::Result<(String, Vec<String>, String)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/html\r\nConnection: close\r\n");
    if !cookie.is_empty() {
        req.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    if method == "POST" {
        req.push_str(&format!("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n", form.len()));
    }
    req.push_str("\r\n");
    req.push_str(form);
    s.write_all(req.as_bytes()).await?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.lines().next().unwrap_or_default().to_string();
    let cookies = head
        .lines()
        .filter_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .filter_map(|c| c.split(';').next().map(str::to_owned))
        .collect();
    let chunked = head.to_ascii_lowercase().contains("transfer-encoding: chunked");
    Ok((status, cookies, if chunked { dechunk(body) } else { body.to_string() }))
}

/// Signs in like a browser without JavaScript; the cookies of the signed-in session.
async fn sign_in(addr: std::net::SocketAddr, email: &str, password: &str) -> anyhow::Result<String> {
    let (_, cookies, page) = raw_full(addr, "GET", "/ar/login", "", "").await?;
    let csrf_cookie = cookies.iter().find(|c| c.contains("csrf")).cloned().context("a CSRF cookie")?;
    let token = page.split("name=\"csrf-token\" content=\"").nth(1).and_then(|r| r.split('"').next()).context("the page's CSRF token")?;
    let form: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([("csrf_token", token), ("lang_code", "ar"), ("form[email]", email), ("form[password]", password)])
        .finish();
    let (status, cookies, _) = raw_full(addr, "POST", "/api/fn/login", &csrf_cookie, &form).await?;
    if !status.contains("302") {
        bail!("signing in as {email} answered {status}");
    }
    let session = cookies.into_iter().find(|c| c.contains("session")).context("a session cookie")?;
    Ok(format!("{csrf_cookie}; {session}"))
}

/// A static response of `bytes` bytes from a bare axum server: what the machine can serve.
async fn ceiling(bytes: usize, o: &Options, label: &str) -> anyhow::Result<Run> {
    let body: &'static str = Box::leak("x".repeat(bytes).into_boxed_str());
    let app = Router::new().route("/", get(move || async move { ([("content-type", "text/html; charset=utf-8")], body) }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = rx.await;
            })
            .await;
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let url = format!("http://{addr}/");
    let o2 = Options { seconds: o.seconds, connections: o.connections, database_url: String::new() };
    let r = tokio::task::spawn_blocking(move || wrk(&url, "ceiling", bytes, &o2)).await??;
    let _ = tx.send(());
    Ok(Run { label: format!("{label} ceiling"), ..r })
}

/// The size of a page's body, fetched once with a plain HTTP/1.1 request.
struct Served {
    pages: Vec<Run>,
    rss_mb: f64,
}

/// The search pages, served by a `takeone serve` of its own over a copy of the benchmark's
/// indexes, so its memory is that of a serving process and nothing else. Anonymous visitors
/// get the micro-cached page; signed-in people get it rendered (and recorded) every time.
async fn search_server(o: &Options, dir: &std::path::Path) -> anyhow::Result<Served> {
    let copy = dir.with_file_name("takeone-bench-search-served");
    let _ = std::fs::remove_dir_all(&copy);
    copy_dir(dir, &copy)?;
    let addr = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
    let mut child = std::process::Command::new(std::env::current_exe()?)
        .arg("serve")
        .env("DATABASE_URL", &o.database_url)
        .env("TAKEONE_ADDR", addr.to_string())
        .env("TAKEONE_SEARCH_DIR", &copy)
        .env("TAKEONE_WORKERS", "false")
        .spawn()
        .context("starting takeone serve")?;
    let result = async {
        let mut up = false;
        for _ in 0..120 {
            if raw(addr, "GET", "/health", "", "").await.is_ok_and(|(status, _)| status.contains("200")) {
                up = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
        anyhow::ensure!(up, "takeone serve did not become healthy on {addr}");
        let talent = sign_in(addr, takeone::seed::DEMO_ACCOUNTS[2].email, takeone::seed::DEMO_ACCOUNTS[2].password).await?;
        let hirer = sign_in(addr, takeone::seed::DEMO_ACCOUNTS[1].email, takeone::seed::DEMO_ACCOUNTS[1].password).await?;
        let text = "/ar/search?q=%D9%85%D9%85%D8%AB%D9%84%D8%A9";
        let filtered = "/ar/search?q=%D9%83%D9%88%D9%85%D8%A8%D8%A7%D8%B1%D8%B3&city=riyadh&age=25&paid=true";
        let talent_search = "/ar/talent-search?q=%D9%85%D9%85%D8%AB%D9%84&city=riyadh&age=30";
        let mut pages = Vec::new();
        for (label, path, cookie) in [
            ("search text, anonymous (micro-cache)", text, ""),
            ("search text, signed in", text, talent.as_str()),
            ("search +filters, signed in", filtered, talent.as_str()),
            ("talent search +filters, hirer", talent_search, hirer.as_str()),
        ] {
            let (status, body) = raw(addr, "GET", path, cookie, "").await?;
            anyhow::ensure!(status.contains("200"), "{label}: {status}");
            let headers: Vec<String> = if cookie.is_empty() { vec![] } else { vec![format!("Cookie: {cookie}")] };
            pages.push(wrk_with(&format!("http://{addr}{path}"), label, body.len(), o.seconds, o.connections, &headers)?);
        }
        Ok(Served { pages, rss_mb: crate::bench_search::rss_mb(&child.id().to_string()) })
    }
    .await;
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&copy);
    result
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else if entry.file_name() != ".tantivy-writer.lock" {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

async fn page_size(addr: std::net::SocketAddr, path: &str) -> anyhow::Result<usize> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/html\r\nConnection: close\r\n\r\n").as_bytes()).await?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await?;
    let text = String::from_utf8_lossy(&buf);
    if !text.starts_with("HTTP/1.1 200") {
        bail!("{path} answered {}", text.lines().next().unwrap_or_default());
    }
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or_default();
    let chunked = head.to_ascii_lowercase().contains("transfer-encoding: chunked");
    Ok(if chunked { dechunk(body).len() } else { body.len() })
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else { return body.to_string() };
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wrk_reports() {
        let out = "  Latency Distribution\n     50%    1.50ms\n     75%    2.00ms\n     90%  800.00us\n     99%    1.20s\nRequests/sec:   4321.50\n";
        assert_eq!(parse_wrk(out), Some((4321.5, 1.5, 1200.0)));
        assert_eq!(dechunk("5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n"), "helloabc");
    }
}
