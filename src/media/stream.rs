//! Signed, expiring addresses of an asset's HLS files. A playlist is rewritten as it is served:
//! every file it names becomes `/api/v1/media/{id}/stream/{file}?v=..&e=..&s=..`, signed over
//! the asset, the file, the viewer and the expiry. A copied address fails after its expiry, and
//! for anyone but the viewer it was made for.

use crate::token::{Purpose, TokenKey};
use uuid::Uuid;

/// Who an address was made for: a signed-in account, or nobody (public profile media).
pub fn viewer_tag(viewer: Option<Uuid>) -> String {
    viewer.map_or_else(|| "anon".to_string(), |v| v.simple().to_string())
}

/// The file names a ladder holds: `master.m3u8`, `720p.m3u8`, `360p_004.ts`. Nothing else is
/// ever signed or served, so a name cannot walk out of the asset's folder.
pub fn is_ladder_file(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else { return false };
    matches!(ext, "m3u8" | "ts")
        && !stem.is_empty()
        && stem.len() <= 32
        && stem.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn payload(asset: Uuid, file: &str, viewer: &str, expires: i64) -> String {
    format!("{asset}|{file}|{viewer}|{expires}")
}

/// The query string (`v=..&e=..&s=..`) that opens `file` of `asset` for `viewer` until `expires`
/// (Unix seconds).
pub fn sign(key: &TokenKey, asset: Uuid, file: &str, viewer: &str, expires: i64) -> String {
    let signed = key.sign(Purpose::MediaStream, &payload(asset, file, viewer, expires));
    let sig = signed.rsplit_once('.').map(|(_, s)| s).unwrap_or_default();
    format!("v={viewer}&e={expires}&s={sig}")
}

/// Why an address does not open its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    BadSignature,
    Expired,
    OtherViewer,
}

/// Checks an address: our signature over these facts, not expired at `now`, and made for the
/// viewer asking.
pub fn verify(
    key: &TokenKey,
    asset: Uuid,
    file: &str,
    (viewer, expires, sig): (&str, i64, &str),
    asking: &str,
    now: i64,
) -> Result<(), Refusal> {
    let signed = format!("{}.{sig}", payload(asset, file, viewer, expires));
    if key.verify(Purpose::MediaStream, &signed).is_none() {
        return Err(Refusal::BadSignature);
    }
    if now > expires {
        return Err(Refusal::Expired);
    }
    if viewer != asking {
        return Err(Refusal::OtherViewer);
    }
    Ok(())
}

/// `playlist` with each file it names replaced by its signed address under `base`
/// (`/api/v1/media/{id}/stream/`). Lines naming anything but a ladder file are dropped.
pub fn rewrite_playlist(playlist: &str, base: &str, sign_file: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(playlist.len() * 2);
    for line in playlist.lines() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            out.push_str(line);
        } else if is_ladder_file(line) {
            out.push_str(&format!("{base}{line}?{}", sign_file(line)));
        } else {
            continue;
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASSET: Uuid = Uuid::from_u128(7);

    fn key() -> TokenKey {
        TokenKey::new(b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
    }

    fn parts(q: &str) -> (String, i64, String) {
        let get = |k: &str| q.split('&').find_map(|p| p.strip_prefix(&format!("{k}="))).unwrap().to_string();
        (get("v"), get("e").parse().unwrap(), get("s"))
    }

    #[test]
    fn an_address_opens_its_file_for_its_viewer_until_it_expires() {
        let me = viewer_tag(Some(Uuid::from_u128(1)));
        let q = sign(&key(), ASSET, "360p_001.ts", &me, 1_000);
        let (v, e, s) = parts(&q);
        let check = |file: &str, asking: &str, now: i64| verify(&key(), ASSET, file, (&v, e, &s), asking, now);
        assert_eq!(check("360p_001.ts", &me, 999), Ok(()));
        assert_eq!(check("360p_001.ts", &me, 1_001), Err(Refusal::Expired));
        assert_eq!(check("360p_001.ts", &viewer_tag(Some(Uuid::from_u128(2))), 999), Err(Refusal::OtherViewer));
        assert_eq!(check("360p_001.ts", "anon", 999), Err(Refusal::OtherViewer));
        assert_eq!(check("360p_002.ts", &me, 999), Err(Refusal::BadSignature), "another segment");
        assert_eq!(verify(&key(), Uuid::from_u128(8), "360p_001.ts", (&v, e, &s), &me, 999), Err(Refusal::BadSignature));
        assert_eq!(verify(&key(), ASSET, "360p_001.ts", (&v, e + 3600, &s), &me, 999), Err(Refusal::BadSignature), "a longer life");
        let other = TokenKey::new(b"another key another key another key another key another key 1234");
        assert_eq!(verify(&other, ASSET, "360p_001.ts", (&v, e, &s), &me, 999), Err(Refusal::BadSignature));
    }

    #[test]
    fn only_ladder_files_are_named() {
        for ok in ["master.m3u8", "720p.m3u8", "360p_004.ts"] {
            assert!(is_ladder_file(ok), "{ok}");
        }
        for bad in ["../original", "original", "a/b.ts", "x.mp4", ".ts", "MASTER.m3u8", "a%2f.ts"] {
            assert!(!is_ladder_file(bad), "{bad}");
        }
    }

    #[test]
    fn playlists_are_rewritten_to_signed_addresses() {
        let p =
            "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\n360p_000.ts\n#EXTINF:2.0,\n360p_001.ts\nhttp://evil/x.ts\n#EXT-X-ENDLIST\n";
        let out = rewrite_playlist(p, "/api/v1/media/x/stream/", |f| format!("sig-of-{f}"));
        assert!(out.contains("/api/v1/media/x/stream/360p_000.ts?sig-of-360p_000.ts\n"), "{out}");
        assert!(out.contains("#EXTINF:2.0,\n/api/v1/media/x/stream/360p_001.ts?sig-of-360p_001.ts\n"));
        assert!(!out.contains("evil"));
        assert!(out.ends_with("#EXT-X-ENDLIST\n"));
    }
}
