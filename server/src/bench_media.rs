//! Media processing speed (`takeone bench --media-only`): photos processed per second on one
//! core (virus scan when `TAKEONE_CLAMD_ADDR` names a clamd, renditions, hash), and the seconds
//! a 60-second 1080p clip takes to become its HLS ladder, plain and watermarked, the peak memory
//! of a transcode, and signed segment requests per second.

use anyhow::Context;
use std::{
    path::Path,
    time::{Duration, Instant},
};
use takeone::media::{
    photo,
    scan::{Clamd, Verdict},
    video::Ffmpeg,
};

/// Runs ffmpeg to make test media (`testsrc2`: colour, motion and text, like real footage).
fn ffmpeg(args: &[&str], out: &Path) -> anyhow::Result<()> {
    let made = std::process::Command::new("ffmpeg")
        .args(["-nostdin", "-v", "error", "-y"])
        .args(args)
        .arg(out)
        .status()
        .context("running ffmpeg (apt-get install ffmpeg)")?;
    anyhow::ensure!(made.success(), "ffmpeg could not make {}", out.display());
    Ok(())
}

/// The signed-segment load test runs a server on `database_url` and wrk.
pub async fn run(database_url: &str, seconds: u64, connections: u32) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("takeone-bench-media-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    // A 12-megapixel photo, as a phone camera takes.
    let photo_path = dir.join("photo.jpg");
    ffmpeg(&["-f", "lavfi", "-i", "testsrc2=size=4000x3000", "-frames:v", "1", "-q:v", "3"], &photo_path)?;
    let jpeg = std::fs::read(&photo_path)?;
    let scanner = std::env::var("TAKEONE_CLAMD_ADDR").ok().map(|a| Clamd::new(a, Duration::from_secs(30)));
    let rounds = 5;
    let started = Instant::now();
    for _ in 0..rounds {
        if let Some(s) = &scanner {
            anyhow::ensure!(s.scan(&jpeg[..]).await? == Verdict::Clean, "the bench photo was flagged");
        }
        let bytes = jpeg.clone();
        // One photo at a time on the blocking pool: the per-core rate.
        tokio::task::spawn_blocking(move || photo::process(&bytes)).await??;
    }
    let per_photo = started.elapsed().as_secs_f64() / f64::from(rounds);
    println!("\nmedia");
    println!(
        "  photo 4000x3000 JPEG ({:.1} MB){}: {:.2} s each, {:.2} photos/s per core",
        jpeg.len() as f64 / 1e6,
        if scanner.is_some() { " scan + renditions + hash" } else { " renditions + hash (no TAKEONE_CLAMD_ADDR: no scan)" },
        per_photo,
        1.0 / per_photo
    );

    let clip = dir.join("clip.mp4");
    ffmpeg(
        &[
            "-f",
            "lavfi",
            "-i",
            "testsrc2=duration=60:size=1920x1080:rate=30",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=60",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
        ],
        &clip,
    )?;
    let tools = Ffmpeg::default();
    let probe = tools.probe(&clip).await?;
    for (label, watermark) in [("plain", None), ("watermarked", Some("TO-3F9A2C"))] {
        let started = Instant::now();
        tools.hls(&clip, &probe, &dir.join(label), watermark, None).await?;
        println!("  HLS ladder of a 60 s 1080p clip (360p + 720p), {label}: {:.1} s", started.elapsed().as_secs_f64());
    }
    // ffmpeg runs as a child: its peak is the largest child's; ours is the server process's own.
    println!("  peak RSS during the transcodes: ffmpeg {} MB, takeone {} MB", children_peak_rss_kb() / 1024, own_peak_rss_kb() / 1024);
    segments(database_url, &dir.join("plain"), seconds, connections).await?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// The largest finished child's peak resident set (getrusage), in KB.
fn children_peak_rss_kb() -> i64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes one rusage into the pointer it is given and reads nothing.
    let ok = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) } == 0;
    // SAFETY: zeroed is a valid rusage, and getrusage filled it when it answered 0.
    if ok { unsafe { usage.assume_init() }.ru_maxrss } else { 0 }
}

/// This process's peak resident set (VmHWM), in KB.
fn own_peak_rss_kb() -> i64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("VmHWM:").and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())))
        .unwrap_or(0)
}

/// Segment requests per second through signed addresses at `connections` connections: a server
/// on its own database with the embedded store, a public showreel made of the ladder just
/// written, and wrk on one segment's signed address (signature, expiry, viewer and the access
/// rule checked on every request, the bytes read from the store).
async fn segments(database_url: &str, ladder: &Path, seconds: u64, connections: u32) -> anyhow::Result<()> {
    let db = takeone::db::prepare(database_url, 20).await?;
    let store_dir = std::env::temp_dir().join(format!("takeone-bench-s3-{}", std::process::id()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let dir_text = store_dir.display().to_string();
    let mut config = crate::config::Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(database_url.to_string()),
        "TAKEONE_ADDR" => Some(addr.to_string()),
        "TAKEONE_S3_DIR" => Some(dir_text.clone()),
        "TAKEONE_S3_ADDR" => Some("127.0.0.1:0".into()),
        "TAKEONE_SEARCH_DIR" => {
            Some(std::env::temp_dir().join(format!("takeone-bench-media-search-{}", std::process::id())).display().to_string())
        }
        "TAKEONE_WORKERS" => Some("false".into()),
        _ => None,
    })?;
    let _store = crate::object_store::start(&mut config).await?;
    let key = takeone::token::TokenKey::new(&config.session_secret);
    let state = crate::state(config, db.clone())?;
    let storage = state.services.media.storage().clone();
    // A talent of 30 with a public profile, and their ready showreel.
    let (user, asset) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    sqlx::query("INSERT INTO users (id, email, password_hash, role, display_name) VALUES ($1, $2, 'x', 'talent', 'Bench')")
        .bind(user)
        .bind(format!("bench-{user}@takeone.local"))
        .execute(&db)
        .await?;
    sqlx::query(
        "INSERT INTO talent_profiles (id, user_id, stage_name, date_of_birth, visibility) VALUES ($1, $2, 'Bench', now()::date - interval '30 years', 'public')",
    )
    .bind(uuid::Uuid::new_v4())
    .bind(user)
    .execute(&db)
    .await?;
    sqlx::query(
        "INSERT INTO media_assets (id, owner_id, purpose, format, filename, declared_size, size_bytes, status, hls, duration_s)
         VALUES ($1, $2, 'showreel', 'video/mp4', 'reel.mp4', 1, 1, 'ready', true, 60)",
    )
    .bind(asset)
    .bind(user)
    .execute(&db)
    .await?;
    let mut segment = None;
    for entry in std::fs::read_dir(ladder)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        storage.put_file(&takeone::media::storage::keys::hls(asset, &name), &path, "video/mp2t").await?;
        if name.starts_with("720p_") && name.ends_with(".ts") && segment.is_none() {
            segment = Some((name, std::fs::metadata(&path)?.len()));
        }
    }
    let (name, bytes) = segment.context("no 720p segment in the ladder")?;
    let expires = time::OffsetDateTime::now_utc().unix_timestamp() + 3600;
    let query = takeone::media::stream::sign(&key, asset, &name, "anon", expires);
    let url = format!("http://{addr}/api/v1/media/{asset}/stream/{name}?{query}");
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(crate::serve(listener, state, async move {
        let _ = stop_rx.await;
    }));
    let check = reqwest_free_get(addr, &format!("/api/v1/media/{asset}/stream/{name}?{query}")).await?;
    anyhow::ensure!(check == 200, "the signed segment answered {check}");
    let run = crate::bench::wrk_with(&url, "signed segment", bytes as usize, seconds, connections, &[])?;
    println!(
        "  signed HLS segment ({} KB, 720p) at {connections} connections: {:.0} req/s, p50 {:.1} ms, p99 {:.1} ms",
        bytes / 1024,
        run.rps,
        run.p50_ms,
        run.p99_ms
    );
    let _ = stop_tx.send(());
    let _ = std::fs::remove_dir_all(&store_dir);
    Ok(())
}

/// The status of one GET (no client library in the binary: a raw HTTP/1.1 request).
async fn reqwest_free_get(addr: std::net::SocketAddr, path: &str) -> anyhow::Result<u16> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut conn = tokio::net::TcpStream::connect(addr).await?;
    conn.write_all(format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes()).await?;
    let mut head = [0u8; 12];
    conn.read_exact(&mut head).await?;
    Ok(String::from_utf8_lossy(&head[9..12]).parse()?)
}
