//! Media processing speed (`takeone bench --media-only`): photos processed per second on one
//! core (virus scan when `TAKEONE_CLAMD_ADDR` names a clamd, renditions, hash), and the seconds
//! a 60-second 1080p clip takes to become its HLS ladder, plain and watermarked.

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

pub async fn run() -> anyhow::Result<()> {
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
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
