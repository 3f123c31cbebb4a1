//! Issue 13, media, the tools: the virus scanner is a real clamd, started here with the
//! signature file the project ships (`scripts/clamav/takeone.ndb`), as `scripts/run` starts it.

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};
use takeone::media::scan::{Clamd, ScanError, Verdict};

/// The EICAR test file: harmless, and every scanner's agreed test signature.
pub(crate) const EICAR: &[u8] = br"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

pub(crate) struct Daemon {
    child: Child,
    dir: PathBuf,
    pub(crate) addr: String,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A clamd on a free loopback port with the project's signatures only (no freshclam here).
pub(crate) async fn clamd() -> Daemon {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dir = std::env::temp_dir().join(format!("takeone-clamd-{port}"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(root.join("scripts/clamav/takeone.ndb"), dir.join("takeone.ndb")).unwrap();
    let conf = dir.join("clamd.conf");
    std::fs::write(
        &conf,
        format!("Foreground yes\nDatabaseDirectory {d}\nTCPSocket {port}\nTCPAddr 127.0.0.1\nLogFile {d}/clamd.log\n", d = dir.display()),
    )
    .unwrap();
    let child = Command::new("clamd")
        .arg(format!("--config-file={}", conf.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("clamd (Debian's clamav-daemon; scripts/test installs it)");
    let daemon = Daemon { child, dir, addr: format!("127.0.0.1:{port}") };
    let client = Clamd::new(&daemon.addr, Duration::from_secs(5));
    for _ in 0..300 {
        if client.ping().await.is_ok() {
            return daemon;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("clamd did not start: {}", std::fs::read_to_string(daemon.dir.join("clamd.log")).unwrap_or_default());
}

/// A small valid JPEG header and body (what a phone's camera begins with).
fn jpeg() -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    b.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    b.extend([0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
    b.extend(std::iter::repeat_n(0x55, 200_000));
    b.extend([0xFF, 0xD9]);
    b
}

#[tokio::test]
async fn eicar_appended_to_a_valid_jpeg_is_caught_by_a_real_clamd() {
    let daemon = clamd().await;
    let scanner = Clamd::new(&daemon.addr, Duration::from_secs(10));
    let photo = jpeg();
    assert_eq!(takeone::media::sniff(&photo), Some(takeone::media::Format::Jpeg), "a photo by its bytes");
    assert_eq!(scanner.scan(&photo[..]).await.unwrap(), Verdict::Clean);
    let mut infected = photo.clone();
    infected.extend_from_slice(EICAR);
    match scanner.scan(&infected[..]).await.unwrap() {
        Verdict::Infected(name) => assert!(name.starts_with("Eicar-Test-Signature"), "{name}"),
        Verdict::Clean => panic!("EICAR after the image data slipped through"),
    }
    // Streamed in many chunks, the signature across a chunk boundary is still found.
    let mut straddling = vec![b'a'; 64 * 1024 - 20];
    straddling.extend_from_slice(EICAR);
    assert!(matches!(scanner.scan(&straddling[..]).await.unwrap(), Verdict::Infected(_)));
}

#[tokio::test]
async fn a_stopped_scanner_is_unavailable_never_clean() {
    let daemon = clamd().await;
    let scanner = Clamd::new(&daemon.addr, Duration::from_secs(3));
    drop(daemon);
    assert!(matches!(scanner.scan(&jpeg()[..]).await, Err(ScanError::Unavailable { .. })));
}

// Video ----------------------------------------------------------------------------------------

use takeone::media::video::{Ffmpeg, VideoError};

pub(crate) fn ffmpeg(args: &[&str]) -> Vec<u8> {
    let out = Command::new("ffmpeg")
        .args(["-nostdin", "-v", "error", "-y"])
        .args(args)
        .output()
        .expect("ffmpeg (Debian's; scripts/test installs it)");
    assert!(out.status.success(), "ffmpeg {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// One 640x360 grey frame at `at` seconds of `input`.
fn frame(input: &Path, at: &str) -> Vec<u8> {
    let path = input.display().to_string();
    ffmpeg(&["-ss", at, "-i", &path, "-frames:v", "1", "-vf", "scale=640:360", "-f", "rawvideo", "-pix_fmt", "gray", "-"])
}

/// The mean difference of two grey frames inside a rectangle.
fn difference(a: &[u8], b: &[u8], (x0, y0, x1, y1): (usize, usize, usize, usize)) -> f64 {
    let mut sum = 0u64;
    for y in y0..y1 {
        for x in x0..x1 {
            sum += u64::from(a[y * 640 + x].abs_diff(b[y * 640 + x]));
        }
    }
    sum as f64 / ((x1 - x0) * (y1 - y0)) as f64
}

#[tokio::test]
async fn a_ten_second_self_tape_becomes_an_hls_ladder_with_the_watermark_burned_in() {
    let dir = std::env::temp_dir().join(format!("takeone-video-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join("tape.mp4");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc=duration=10:size=1280x720:rate=25",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:duration=10",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-shortest",
        &source.display().to_string(),
    ]);
    let tools = Ffmpeg::default();
    let probe = tools.probe(&source).await.unwrap();
    assert!((probe.duration_s - 10.0).abs() < 0.2, "{probe:?}");
    assert_eq!((probe.width, probe.height, probe.has_audio), (1280, 720, true));

    let out = dir.join("hls");
    let ladder = tools.hls(&source, &probe, &out, Some("TO-3F9A2C"), None).await.unwrap();
    let master = std::fs::read_to_string(&ladder.master).unwrap();
    assert!(master.contains("RESOLUTION=640x360\n360p.m3u8") && master.contains("RESOLUTION=1280x720\n720p.m3u8"), "{master}");
    for (rung, playlist) in &ladder.renditions {
        // ffprobe reads each rung back as a video of the source's length and the rung's height.
        let read = tools.probe(playlist).await.unwrap();
        assert!((read.duration_s - 10.0).abs() < 0.6, "{}: {read:?}", rung.name);
        assert_eq!(read.height, rung.height, "{}", rung.name);
        assert!(read.has_audio);
        let text = std::fs::read_to_string(playlist).unwrap();
        let segments: Vec<f64> =
            text.lines().filter_map(|l| l.strip_prefix("#EXTINF:")).map(|d| d.trim_end_matches(',').parse().unwrap()).collect();
        assert!(segments.len() >= 2 && segments.iter().all(|s| *s <= 6.0), "4-6 s segments: {segments:?}");
        assert!(text.contains("#EXT-X-PLAYLIST-TYPE:VOD") && text.contains("#EXT-X-ENDLIST"));
    }

    // The watermark: the corner where it is drawn differs from the source; the opposite corner
    // does not (beyond compression).
    let original = frame(&source, "5");
    let marked = frame(&out.join("360p.m3u8"), "5");
    let corner = difference(&original, &marked, (470, 300, 630, 350));
    let other = difference(&original, &marked, (10, 10, 170, 60));
    assert!(corner > 20.0 && corner > 4.0 * other, "watermark corner {corner:.1}, other corner {other:.1}");

    let poster = dir.join("poster.jpg");
    tools.poster(&source, &probe, &poster).await.unwrap();
    assert_eq!(takeone::media::sniff(&std::fs::read(&poster).unwrap()), Some(takeone::media::Format::Jpeg));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_file_that_is_not_a_video_is_said_to_be_so() {
    let path = std::env::temp_dir().join(format!("takeone-not-video-{}.mp4", uuid::Uuid::new_v4()));
    std::fs::write(&path, b"not a video at all").unwrap();
    assert!(matches!(Ffmpeg::default().probe(&path).await, Err(VideoError::NotAVideo(_))));
    let _ = std::fs::remove_file(&path);
}
