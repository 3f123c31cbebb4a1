//! What may be uploaded for what, and how big: checked on what the browser declares before an
//! upload URL is given, and again on the bytes received when the upload completes.

use super::format::{Family, Format, pixel_size, sniff};
use crate::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};

const MB: u64 = 1024 * 1024;

pub const PHOTO_MAX_BYTES: u64 = 15 * MB;
/// Decompression bombs: a small file that decodes to gigabytes is refused from its header.
pub const PHOTO_MAX_PIXELS: u64 = 40_000_000;
pub const VIDEO_MAX_BYTES: u64 = 1024 * MB;
pub const VIDEO_MAX_SECONDS: u32 = 10 * 60;
pub const AUDIO_MAX_BYTES: u64 = 50 * MB;
pub const AUDIO_MAX_SECONDS: u32 = 10 * 60;
pub const DOCUMENT_MAX_BYTES: u64 = 10 * MB;
/// What one account may keep stored, originals and renditions together.
pub const QUOTA_BYTES: u64 = 2 * 1024 * MB;

/// What a file is for; each purpose takes some families.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Headshot,
    Gallery,
    Showreel,
    VoiceReel,
    SelfTape,
    /// A file sent with an application (a photo, a reel, a CV).
    Attachment,
    /// The scenes a hirer sends with a self-tape request.
    Sides,
}

impl Purpose {
    pub const ALL: [Purpose; 7] = [
        Purpose::Headshot,
        Purpose::Gallery,
        Purpose::Showreel,
        Purpose::VoiceReel,
        Purpose::SelfTape,
        Purpose::Attachment,
        Purpose::Sides,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Headshot => "headshot",
            Purpose::Gallery => "gallery",
            Purpose::Showreel => "showreel",
            Purpose::VoiceReel => "voice_reel",
            Purpose::SelfTape => "self_tape",
            Purpose::Attachment => "attachment",
            Purpose::Sides => "sides",
        }
    }

    pub fn parse(s: &str) -> Result<Purpose, Msg> {
        Purpose::ALL.into_iter().find(|p| p.as_str() == s.trim()).ok_or_else(|| Msg::new("error-media-purpose"))
    }

    pub fn accepts(self, family: Family) -> bool {
        match self {
            Purpose::Headshot | Purpose::Gallery => family == Family::Photo,
            Purpose::Showreel | Purpose::SelfTape => family == Family::Video,
            Purpose::VoiceReel => family == Family::Audio,
            Purpose::Sides => family == Family::Document,
            Purpose::Attachment => true,
        }
    }

    /// The formats this purpose takes, as people name them (`JPEG, PNG, WebP, HEIC`).
    pub fn accepted_labels(self) -> String {
        Format::ALL.into_iter().filter(|f| self.accepts(f.family())).map(Format::label).collect::<Vec<_>>().join(", ")
    }
}

/// The largest file of a family.
pub fn max_bytes(family: Family) -> u64 {
    match family {
        Family::Photo => PHOTO_MAX_BYTES,
        Family::Video => VIDEO_MAX_BYTES,
        Family::Audio => AUDIO_MAX_BYTES,
        Family::Document => DOCUMENT_MAX_BYTES,
    }
}

/// The longest recording of a family, in seconds (photos and documents have none).
pub fn max_seconds(family: Family) -> Option<u32> {
    match family {
        Family::Video => Some(VIDEO_MAX_SECONDS),
        Family::Audio => Some(AUDIO_MAX_SECONDS),
        Family::Photo | Family::Document => None,
    }
}

/// `15 MB`, `1 GB`: sizes as the messages show them.
pub fn size_label(bytes: u64) -> String {
    if bytes >= 1024 * MB && bytes.is_multiple_of(1024 * MB) {
        format!("{} GB", bytes / (1024 * MB))
    } else {
        format!("{} MB", bytes.div_ceil(MB))
    }
}

/// Checks what the browser declares before it may upload: a type this purpose takes, a size
/// within the family's limit and the account's quota (`used` bytes stored already). Errors sit at
/// the fields of the upload request (`mimetype`, `size`).
pub fn check_declared(purpose: Purpose, mimetype: &str, size: u64, used: u64) -> Result<Format, FieldErrors> {
    let mut errors = FieldErrors::new();
    let format = Format::from_mime(mimetype).filter(|f| purpose.accepts(f.family()));
    if format.is_none() {
        errors.add("mimetype", Msg::new("error-media-type").with("accepted", purpose.accepted_labels()));
    }
    if size == 0 {
        errors.add("size", Msg::new("error-media-empty"));
    } else if let Some(f) = format
        && size > max_bytes(f.family())
    {
        errors.add("size", Msg::new("error-media-too-large").with("max", size_label(max_bytes(f.family()))));
    } else if used.saturating_add(size) > QUOTA_BYTES {
        let free = QUOTA_BYTES.saturating_sub(used);
        errors.add("size", Msg::new("error-media-quota").with("quota", size_label(QUOTA_BYTES)).with("free", size_label(free)));
    }
    match format {
        Some(f) if errors.0.is_empty() => Ok(f),
        _ => Err(errors),
    }
}

/// Checks what arrived against what was declared: the same size, bytes of the declared format
/// (a photo that is really a script is refused however it was named) and, for an image, no more
/// pixels than a photo may have, read from the header before anything decodes it. `head` is the
/// file's first bytes (up to `format::HEAD_BYTES`).
pub fn check_received(declared: Format, declared_size: u64, received_size: u64, head: &[u8]) -> Result<(), Msg> {
    if received_size != declared_size {
        return Err(Msg::new("error-media-size-mismatch"));
    }
    let actual = sniff(head).ok_or_else(|| Msg::new("error-media-not-what-it-claims").with("format", declared.label()))?;
    // A phone's HEIC declared as JPEG, a MOV sent as MP4: the family must match, the bytes decide
    // the format.
    if actual.family() != declared.family() {
        return Err(Msg::new("error-media-not-what-it-claims").with("format", declared.label()));
    }
    if actual.family() == Family::Photo
        && let Some((w, h)) = pixel_size(head)
        && u64::from(w) * u64::from(h) > PHOTO_MAX_PIXELS
    {
        return Err(Msg::new("error-media-too-many-pixels").with("megapixels", PHOTO_MAX_PIXELS / 1_000_000));
    }
    Ok(())
}

/// Checks a recording's probed duration.
pub fn check_duration(format: Format, seconds: f64) -> Result<(), Msg> {
    match max_seconds(format.family()) {
        Some(max) if !seconds.is_finite() || seconds > f64::from(max) => Err(Msg::new("error-media-too-long").with("minutes", max / 60)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::media::format::png_header as png;

    fn field_keys(e: FieldErrors) -> Vec<(String, String)> {
        e.0.into_iter().map(|(f, m)| (f, m.key)).collect()
    }

    #[test]
    fn each_purpose_takes_its_families_and_says_which() {
        assert_eq!(check_declared(Purpose::Headshot, "image/jpeg", 2 * MB, 0), Ok(Format::Jpeg));
        assert_eq!(check_declared(Purpose::SelfTape, "video/quicktime", 300 * MB, 0), Ok(Format::Mov));
        assert_eq!(check_declared(Purpose::Sides, "application/pdf", MB, 0), Ok(Format::Pdf));
        let err = check_declared(Purpose::Headshot, "video/mp4", MB, 0).unwrap_err();
        assert_eq!(err.0[0].0, "mimetype");
        assert_eq!(err.0[0].1.args, [("accepted".to_string(), "JPEG, PNG, WebP, HEIC".to_string())]);
        assert!(check_declared(Purpose::VoiceReel, "image/png", MB, 0).is_err());
        assert!(check_declared(Purpose::Attachment, "audio/mpeg", MB, 0).is_ok());
        assert!(check_declared(Purpose::Gallery, "image/svg+xml", MB, 0).is_err());
    }

    #[test]
    fn limits_per_family_and_the_quota() {
        assert_eq!(
            field_keys(check_declared(Purpose::Headshot, "image/png", 15 * MB + 1, 0).unwrap_err()),
            [("size".into(), "error-media-too-large".into())]
        );
        assert!(check_declared(Purpose::Headshot, "image/png", 15 * MB, 0).is_ok());
        assert!(check_declared(Purpose::Showreel, "video/mp4", 1024 * MB, 0).is_ok());
        assert!(check_declared(Purpose::Showreel, "video/mp4", 1024 * MB + 1, 0).is_err());
        assert!(check_declared(Purpose::Sides, "application/pdf", 10 * MB + 1, 0).is_err());
        assert_eq!(
            field_keys(check_declared(Purpose::Headshot, "image/png", 0, 0).unwrap_err()),
            [("size".into(), "error-media-empty".into())]
        );
        let full = check_declared(Purpose::Showreel, "video/mp4", 600 * MB, QUOTA_BYTES - 500 * MB).unwrap_err();
        assert_eq!(full.0[0].1.key, "error-media-quota");
        assert_eq!(full.0[0].1.args[1], ("free".into(), "500 MB".into()));
        assert!(check_declared(Purpose::Showreel, "video/mp4", 500 * MB, QUOTA_BYTES - 500 * MB).is_ok(), "up to the last byte");
        assert_eq!(size_label(QUOTA_BYTES), "2 GB");
    }

    #[test]
    fn what_arrives_must_be_what_was_declared() {
        let photo = png(4000, 3000);
        assert_eq!(check_received(Format::Png, 10, 10, &photo), Ok(()));
        assert_eq!(check_received(Format::Png, 10, 11, &photo).unwrap_err().key, "error-media-size-mismatch", "a longer body than signed");
        assert_eq!(check_received(Format::Jpeg, 10, 10, b"<?php system($_GET[c]); ?>").unwrap_err().key, "error-media-not-what-it-claims");
        assert_eq!(check_received(Format::Mp4, 10, 10, &photo).unwrap_err().key, "error-media-not-what-it-claims", "a photo is not a reel");
        assert_eq!(check_received(Format::Jpeg, 10, 10, &photo), Ok(()), "a PNG declared as JPEG is still a photo");
    }

    #[test]
    fn a_decompression_bomb_is_refused_from_its_header() {
        let bomb = png(50_000, 50_000);
        assert_eq!(check_received(Format::Png, 10, 10, &bomb).unwrap_err().key, "error-media-too-many-pixels");
        assert_eq!(check_received(Format::Png, 10, 10, &png(8000, 5000)), Ok(()), "40 megapixels exactly");
        assert!(check_received(Format::Png, 10, 10, &png(8000, 5001)).is_err());
    }

    #[test]
    fn recordings_of_ten_minutes_at_most() {
        assert_eq!(check_duration(Format::Mp4, 600.0), Ok(()));
        assert_eq!(check_duration(Format::Mp4, 600.5).unwrap_err().key, "error-media-too-long");
        assert!(check_duration(Format::Mp3, f64::NAN).is_err());
        assert_eq!(check_duration(Format::Jpeg, 1e9), Ok(()), "photos have no duration");
        assert_eq!(Purpose::parse("self_tape"), Ok(Purpose::SelfTape));
        assert!(Purpose::parse("exe").is_err());
    }
}
