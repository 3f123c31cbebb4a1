//! What a file is, told by its first bytes (magic numbers), never by its name or the type the
//! browser declared; and, for images, how many pixels it holds, read from its header so a
//! decompression bomb is refused before anything decodes it.

use serde::{Deserialize, Serialize};

/// The kinds of file TakeOne accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Jpeg,
    Png,
    Webp,
    Heic,
    Mp4,
    Mov,
    Webm,
    Mp3,
    M4a,
    Wav,
    Pdf,
}

/// What a format is to people: the limits and the processing follow the family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Photo,
    Video,
    Audio,
    Document,
}

impl Format {
    pub const ALL: [Format; 11] = [
        Format::Jpeg,
        Format::Png,
        Format::Webp,
        Format::Heic,
        Format::Mp4,
        Format::Mov,
        Format::Webm,
        Format::Mp3,
        Format::M4a,
        Format::Wav,
        Format::Pdf,
    ];

    pub fn family(self) -> Family {
        match self {
            Format::Jpeg | Format::Png | Format::Webp | Format::Heic => Family::Photo,
            Format::Mp4 | Format::Mov | Format::Webm => Family::Video,
            Format::Mp3 | Format::M4a | Format::Wav => Family::Audio,
            Format::Pdf => Family::Document,
        }
    }

    /// The media type the file is stored and served with.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
            Format::Heic => "image/heic",
            Format::Mp4 => "video/mp4",
            Format::Mov => "video/quicktime",
            Format::Webm => "video/webm",
            Format::Mp3 => "audio/mpeg",
            Format::M4a => "audio/mp4",
            Format::Wav => "audio/wav",
            Format::Pdf => "application/pdf",
        }
    }

    /// The short name people know the format by (shown in messages).
    pub fn label(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Webp => "WebP",
            Format::Heic => "HEIC",
            Format::Mp4 => "MP4",
            Format::Mov => "MOV",
            Format::Webm => "WebM",
            Format::Mp3 => "MP3",
            Format::M4a => "M4A",
            Format::Wav => "WAV",
            Format::Pdf => "PDF",
        }
    }

    /// The format a declared media type names, with the spellings browsers and phones send
    /// (`image/jpg`, `image/heif`, `audio/x-m4a`, parameters after `;`).
    pub fn from_mime(mime: &str) -> Option<Format> {
        let mime = mime.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        Some(match mime.as_str() {
            "image/jpeg" | "image/jpg" | "image/pjpeg" => Format::Jpeg,
            "image/png" => Format::Png,
            "image/webp" => Format::Webp,
            "image/heic" | "image/heif" | "image/heic-sequence" | "image/heif-sequence" => Format::Heic,
            "video/mp4" => Format::Mp4,
            "video/quicktime" => Format::Mov,
            "video/webm" => Format::Webm,
            "audio/mpeg" | "audio/mp3" => Format::Mp3,
            "audio/mp4" | "audio/x-m4a" | "audio/m4a" | "audio/aac" => Format::M4a,
            "audio/wav" | "audio/x-wav" | "audio/wave" | "audio/vnd.wave" => Format::Wav,
            "application/pdf" => Format::Pdf,
            _ => return None,
        })
    }
}

/// How many first bytes `sniff` and `pixel_size` want; a JPEG's size can sit after a large
/// metadata block, so give them this much when there is that much.
pub const HEAD_BYTES: usize = 256 * 1024;

/// The format the bytes are, or `None` for anything else (a script renamed `.jpg`, a zip).
pub fn sniff(head: &[u8]) -> Option<Format> {
    let at = |i: usize, magic: &[u8]| head.get(i..i + magic.len()) == Some(magic);
    if at(0, &[0xFF, 0xD8, 0xFF]) {
        return Some(Format::Jpeg);
    }
    if at(0, b"\x89PNG\r\n\x1a\n") {
        return Some(Format::Png);
    }
    if at(0, b"RIFF") && at(8, b"WEBP") {
        return Some(Format::Webp);
    }
    if at(0, b"RIFF") && at(8, b"WAVE") {
        return Some(Format::Wav);
    }
    if at(0, b"%PDF-") {
        return Some(Format::Pdf);
    }
    if at(0, &[0x1A, 0x45, 0xDF, 0xA3]) {
        // Matroska's EBML header; WebM says so in its DocType, near the start.
        let window = &head[..head.len().min(64)];
        return window.windows(4).any(|w| w == b"webm").then_some(Format::Webm);
    }
    if at(4, b"ftyp") {
        return iso_brand(head);
    }
    if at(0, b"ID3") || (head.len() >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0 && head[1] & 0x06 != 0) {
        // An ID3 tag, or an MPEG audio frame's sync bits with a layer set.
        return Some(Format::Mp3);
    }
    None
}

/// The format of an ISO base media file (MP4, QuickTime, HEIF, M4A) from its `ftyp` brands:
/// the major brand first, then the compatible ones.
fn iso_brand(head: &[u8]) -> Option<Format> {
    let size = u32::from_be_bytes(head.get(0..4)?.try_into().ok()?) as usize;
    let end = size.clamp(16, 256).min(head.len());
    let brands = std::iter::once(head.get(8..12)?).chain(head.get(16..end).unwrap_or_default().chunks_exact(4));
    // AVIF shares HEIF's container but not its codec: not a format we take.
    if matches!(head.get(8..12)?, b"avif" | b"avis") {
        return None;
    }
    let mut found = None;
    for brand in brands {
        let format = match brand {
            b"qt  " => Format::Mov,
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"mif1" | b"msf1" => Format::Heic,
            b"M4A " | b"M4B " => Format::M4a,
            b"isom" | b"iso2" | b"iso4" | b"iso5" | b"iso6" | b"mp41" | b"mp42" | b"avc1" | b"M4V " | b"dash" | b"mmp4" => Format::Mp4,
            _ => continue,
        };
        // The major brand decides; a compatible `isom` after `heic` does not make it a video.
        found = Some(format);
        break;
    }
    found
}

/// An image's width and height from its header, without decoding it. `None` when the header
/// does not say within `head` (a JPEG whose size marker lies further in, a HEIC).
pub fn pixel_size(head: &[u8]) -> Option<(u32, u32)> {
    let be16 = |i: usize| head.get(i..i + 2).map(|b| u16::from_be_bytes([b[0], b[1]]) as u32);
    let le16 = |i: usize| head.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as u32);
    let le24 = |i: usize| head.get(i..i + 3).map(|b| u32::from_le_bytes([b[0], b[1], b[2], 0]));
    match sniff(head)? {
        Format::Png => {
            // IHDR is the first chunk: width and height, big-endian, at 16 and 20.
            if head.get(12..16) != Some(b"IHDR") {
                return None;
            }
            let w = u32::from_be_bytes(head.get(16..20)?.try_into().ok()?);
            let h = u32::from_be_bytes(head.get(20..24)?.try_into().ok()?);
            Some((w, h))
        }
        Format::Jpeg => {
            // Walk the markers to the first start-of-frame (SOF0–SOF15 but DHT, JPG, DAC).
            let mut i = 2;
            while i + 4 <= head.len() {
                if head[i] != 0xFF {
                    return None;
                }
                let marker = head[i + 1];
                if marker == 0xFF {
                    i += 1;
                    continue;
                }
                let len = be16(i + 2)? as usize;
                if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
                    return Some((be16(i + 7)?, be16(i + 5)?));
                }
                if marker == 0xDA || len < 2 {
                    return None;
                }
                i += 2 + len;
            }
            None
        }
        Format::Webp => match head.get(12..16)? {
            b"VP8 " => Some((le16(26)? & 0x3FFF, le16(28)? & 0x3FFF)),
            b"VP8L" => {
                let bits = u32::from_le_bytes(head.get(21..25)?.try_into().ok()?);
                Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
            }
            b"VP8X" => Some((le24(24)? + 1, le24(27)? + 1)),
            _ => None,
        },
        _ => None,
    }
}

/// The start of a PNG of `w` x `h` pixels: signature and header, all a size check reads.
#[cfg(test)]
pub(crate) fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    b.extend(w.to_be_bytes());
    b.extend(h.to_be_bytes());
    b.extend([8, 2, 0, 0, 0]);
    b
}

#[cfg(test)]
mod tests {
    use super::{png_header as png, *};

    fn jpeg(w: u16, h: u16) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        // An APP1 block first, as cameras write EXIF before the frame.
        b.extend([0xFF, 0xE1, 0x00, 0x08]);
        b.extend(b"Exif\0\0");
        b.extend([0xFF, 0xC0, 0x00, 0x11, 0x08]);
        b.extend(h.to_be_bytes());
        b.extend(w.to_be_bytes());
        b.extend([0x03; 10]);
        b
    }

    fn ftyp(major: &[u8; 4], compatible: &[&[u8; 4]]) -> Vec<u8> {
        let size = 16 + 4 * compatible.len() as u32;
        let mut b = size.to_be_bytes().to_vec();
        b.extend(b"ftyp");
        b.extend(major);
        b.extend([0, 0, 0, 0]);
        for c in compatible {
            b.extend(*c);
        }
        b.extend(b"\0\0\0\x08free");
        b
    }

    #[test]
    fn formats_are_told_by_their_bytes() {
        assert_eq!(sniff(&jpeg(10, 10)), Some(Format::Jpeg));
        assert_eq!(sniff(&png(1, 1)), Some(Format::Png));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Some(Format::Webp));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WAVEfmt "), Some(Format::Wav));
        assert_eq!(sniff(b"%PDF-1.7\n"), Some(Format::Pdf));
        assert_eq!(sniff(b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm"), Some(Format::Webm));
        assert_eq!(sniff(b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska"), None, "Matroska is not WebM");
        assert_eq!(sniff(&ftyp(b"isom", &[b"isom", b"avc1"])), Some(Format::Mp4));
        assert_eq!(sniff(&ftyp(b"qt  ", &[b"qt  "])), Some(Format::Mov));
        assert_eq!(sniff(&ftyp(b"heic", &[b"mif1", b"heic"])), Some(Format::Heic));
        assert_eq!(sniff(&ftyp(b"M4A ", &[b"M4A ", b"isom"])), Some(Format::M4a));
        assert_eq!(sniff(&ftyp(b"avif", &[b"avif", b"mif1"])), None, "AVIF is not taken");
        assert_eq!(sniff(b"ID3\x04\0\0\0\0\0\0"), Some(Format::Mp3));
        assert_eq!(sniff(&[0xFF, 0xFB, 0x90, 0x64]), Some(Format::Mp3));
    }

    #[test]
    fn what_a_file_claims_to_be_does_not_matter() {
        assert_eq!(sniff(b"<script>alert(1)</script>"), None);
        assert_eq!(sniff(b"PK\x03\x04 a zip named photo.jpg"), None);
        assert_eq!(sniff(b"MZ\x90\0 an executable"), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(&[0xFF]), None);
        assert_eq!(sniff(&ftyp(b"zzzz", &[b"yyyy"])), None);
    }

    #[test]
    fn declared_types_in_the_spellings_browsers_send() {
        assert_eq!(Format::from_mime("image/jpg"), Some(Format::Jpeg));
        assert_eq!(Format::from_mime("IMAGE/JPEG"), Some(Format::Jpeg));
        assert_eq!(Format::from_mime("video/webm;codecs=vp9,opus"), Some(Format::Webm));
        assert_eq!(Format::from_mime("audio/x-m4a"), Some(Format::M4a));
        assert_eq!(Format::from_mime("image/svg+xml"), None, "SVG carries scripts");
        assert_eq!(Format::from_mime("text/html"), None);
        for f in Format::ALL {
            assert_eq!(Format::from_mime(f.mime()), Some(f), "{f:?} round-trips");
        }
    }

    #[test]
    fn image_sizes_come_from_headers_without_decoding() {
        assert_eq!(pixel_size(&png(4000, 3000)), Some((4000, 3000)));
        assert_eq!(pixel_size(&png(100_000, 100_000)), Some((100_000, 100_000)), "a bomb says so in its header");
        assert_eq!(pixel_size(&jpeg(6000, 4000)), Some((6000, 4000)));
        // VP8X: canvas width-1 and height-1 as 24-bit little-endian numbers.
        let mut vp8x = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0".to_vec();
        vp8x.extend([0x7F, 0x0C, 0x00, 0x37, 0x08, 0x00]);
        assert_eq!(pixel_size(&vp8x), Some((3200, 2104)));
        assert_eq!(pixel_size(&jpeg(6000, 4000)[..12]), None, "not enough bytes to tell");
        assert_eq!(pixel_size(b"%PDF-1.7"), None);
    }
}
