//! What is known about one stored file, as the pages and the API show it.

use super::{AssetStatus, Format, Purpose};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::OffsetDateTime;
use uuid::Uuid;

crate::choice! {
    /// Who may see a profile file: as the profile says, or its owner alone (until it is sent
    /// with an application).
    pub enum AssetVisibility: "media-visibility" {
        Profile => "profile",
        Private => "private",
    }
}

impl AssetVisibility {
    /// The API's words: `public` is the profile's own visibility.
    pub fn parse_api(s: &str) -> Result<AssetVisibility, crate::Msg> {
        match s.trim() {
            "" | "public" | "profile" => Ok(AssetVisibility::Profile),
            "private" => Ok(AssetVisibility::Private),
            _ => Err(crate::Msg::new("error-unknown-choice")),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Asset {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub purpose: Purpose,
    pub visibility: AssetVisibility,
    pub format: Format,
    pub filename: String,
    pub declared_size: u64,
    pub size_bytes: Option<u64>,
    pub status: AssetStatus,
    pub upload_id: Option<String>,
    pub part_size: Option<u64>,
    pub position: i32,
    pub is_primary: bool,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub duration_s: Option<f64>,
    /// Rendition name (`thumb`, `card`, `full`, `poster`) -> object key.
    pub renditions: BTreeMap<String, String>,
    pub hls: bool,
    pub progress: Option<u8>,
    /// Why it was refused or failed (a message key).
    pub reason: Option<String>,
    pub application_id: Option<Uuid>,
    pub self_tape_request_id: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl Asset {
    /// The bytes it counts against its owner's quota (declared until it arrives).
    pub fn counted_bytes(&self) -> u64 {
        if self.status == AssetStatus::Rejected { 0 } else { self.size_bytes.unwrap_or(self.declared_size) }
    }

    /// Uploaded in parts (a video or a recording).
    pub fn is_multipart(&self) -> bool {
        self.part_size.is_some()
    }

    /// The application's short id burned into a self-tape.
    pub fn watermark(&self) -> Option<String> {
        self.application_id.map(|a| format!("TO-{}", &a.simple().to_string()[..8].to_uppercase()))
    }
}

/// A part of a multipart upload as the browser sees it: its number, its exact size, whether it is
/// stored already, and where to PUT it when it is not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadPart {
    pub number: i32,
    pub size: u64,
    pub stored: bool,
    pub url: Option<String>,
}

/// The sizes of the parts of a `size`-byte file cut in `part_size` pieces.
pub fn part_sizes(size: u64, part_size: u64) -> Vec<u64> {
    if part_size == 0 {
        return vec![];
    }
    let n = size.div_ceil(part_size);
    (0..n).map(|i| if i + 1 == n { size - part_size * i } else { part_size }).collect()
}

/// Parts of 8 MiB (S3's least is 5 MiB but for the last); more for huge files, so no upload
/// needs more than S3's 10,000 parts.
pub fn part_size_for(size: u64) -> u64 {
    const MIB: u64 = 1024 * 1024;
    (8 * MIB).max(size.div_ceil(10_000).next_multiple_of(MIB))
}

/// A file name as a person's device named it, made safe to show: no folders, no control
/// characters, at most 200 characters.
pub fn clean_filename(raw: &str) -> Result<String, crate::Msg> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    let name = name.trim().to_string();
    if name.is_empty() || name == "." || name == ".." { Err(crate::Msg::new("error-media-filename")) } else { Ok(name) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_the_file_exactly() {
        assert_eq!(part_sizes(20, 8), vec![8, 8, 4]);
        assert_eq!(part_sizes(16, 8), vec![8, 8]);
        assert_eq!(part_sizes(3, 8), vec![3]);
        let mib = 1024 * 1024;
        assert_eq!(part_size_for(100 * mib), 8 * mib);
        let huge = 200 * 1024 * mib;
        assert!(huge.div_ceil(part_size_for(huge)) <= 10_000);
    }

    #[test]
    fn file_names_lose_their_folders_and_control_characters() {
        assert_eq!(clean_filename("C:\\Users\\sara\\صورة 1.jpg").unwrap(), "صورة 1.jpg");
        assert_eq!(clean_filename("../../etc/passwd").unwrap(), "passwd");
        assert_eq!(clean_filename("a\u{0}b\n.png").unwrap(), "ab.png");
        assert!(clean_filename("  ").is_err() && clean_filename("x/..").is_err());
    }

    #[test]
    fn the_watermark_names_the_application_briefly() {
        let mut a = Asset {
            id: Uuid::nil(),
            owner_id: Uuid::nil(),
            purpose: Purpose::SelfTape,
            visibility: AssetVisibility::Private,
            format: Format::Mp4,
            filename: "t.mp4".into(),
            declared_size: 1,
            size_bytes: None,
            status: AssetStatus::Pending,
            upload_id: None,
            part_size: None,
            position: 0,
            is_primary: false,
            width: None,
            height: None,
            duration_s: None,
            renditions: BTreeMap::new(),
            hls: false,
            progress: None,
            reason: None,
            application_id: Some(Uuid::parse_str("3f9a2c10-0000-4000-8000-000000000000").unwrap()),
            self_tape_request_id: None,
            created_at: OffsetDateTime::UNIX_EPOCH,
        };
        assert_eq!(a.watermark().as_deref(), Some("TO-3F9A2C10"));
        a.application_id = None;
        assert_eq!(a.watermark(), None);
    }
}
