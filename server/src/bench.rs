//! `takeone bench`: load the casting call list and a detail page with wrk at 64 connections,
//! then the same number of bytes as a static axum response (the ceiling), and compare.

use anyhow::{Context, bail};
use axum::{Router, routing::get};
use std::{process::Command, time::Duration};

pub struct Options {
    pub seconds: u64,
    pub connections: u32,
    pub database_url: String,
}

#[derive(Debug)]
struct Run {
    label: String,
    bytes: usize,
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
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
    let out = Command::new("wrk")
        .args(["-t2", &format!("-c{}", o.connections), &format!("-d{}s", o.seconds), "--latency", "-H", "Accept: text/html", url])
        .output()
        .context("running wrk (apt-get install wrk)")?;
    let text = String::from_utf8_lossy(&out.stdout);
    if text.contains("Non-2xx") {
        bail!("{label}: the server answered errors under load:\n{text}");
    }
    let (rps, p50_ms, p99_ms) = parse_wrk(&text).with_context(|| format!("unreadable wrk output:\n{text}"))?;
    Ok(Run { label: label.into(), bytes, rps, p50_ms, p99_ms })
}

pub async fn run(o: Options) -> anyhow::Result<()> {
    let db = takeone::db::prepare(&o.database_url, 40).await?;
    let accounts = takeone::account::Accounts::new(db.clone(), takeone::account::PasswordHasher::new(2), takeone::token::TokenKey::new(b"bench"));
    takeone::seed::run(&db, &accounts).await?;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let config = crate::config::Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(o.database_url.clone()),
        "TAKEONE_ADDR" => Some(addr.to_string()),
        _ => std::env::var(k).ok(),
    })?;
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(crate::serve(listener, crate::state(config, db.clone()), async move {
        let _ = stop_rx.await;
    }));

    let list_path = "/ar/casting-calls";
    let id: uuid::Uuid = sqlx::query_scalar(
        "SELECT id FROM casting_calls WHERE status = 'active' AND deadline > now() ORDER BY published_at DESC LIMIT 1",
    )
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
    let _ = stop_tx.send(());

    println!("\n{} s per run, {} connections, wrk -t2\n", o.seconds, o.connections);
    println!("{:<14} {:>8} {:>10} {:>9} {:>9}   {:>10} {:>9} {:>9}   {:>6}", "page", "bytes", "req/s", "p50 ms", "p99 ms", "ceil req/s", "p50 ms", "p99 ms", "ratio");
    for (p, c) in &runs {
        println!(
            "{:<14} {:>8} {:>10.0} {:>9.2} {:>9.2}   {:>10.0} {:>9.2} {:>9.2}   {:>6.2}",
            p.label, p.bytes, p.rps, p.p50_ms, p.p99_ms, c.rps, c.p50_ms, c.p99_ms, p.rps / c.rps
        );
    }
    Ok(())
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
