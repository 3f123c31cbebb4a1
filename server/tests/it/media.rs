//! Issue 13, media (in progress): the virus scanner is a real clamd, started here with the
//! signature file the project ships (`scripts/clamav/takeone.ndb`), as `scripts/run` starts it.

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};
use takeone::media::scan::{Clamd, ScanError, Verdict};

/// The EICAR test file: harmless, and every scanner's agreed test signature.
const EICAR: &[u8] = br"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

struct Daemon {
    child: Child,
    dir: PathBuf,
    addr: String,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A clamd on a free loopback port with the project's signatures only (no freshclam here).
async fn clamd() -> Daemon {
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
