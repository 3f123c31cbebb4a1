//! Photos: decoded within limits (the pixel count is checked from the header before anything is
//! allocated), turned upright by their EXIF orientation, and re-encoded into renditions. The
//! renditions are new files made from pixels alone, so no metadata survives (GPS position,
//! camera serial, the owner's name). A perceptual hash lets admins see when one person's photo
//! turns up on another person's profile.

use super::limits::PHOTO_MAX_PIXELS;
use image::{DynamicImage, ImageDecoder, ImageReader, codecs::jpeg::JpegEncoder, imageops::FilterType};
use image_hasher::{HashAlg, HasherConfig, ImageHash};
use std::io::Cursor;

/// One size a photo is shown at: its name and the longest edge in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub name: &'static str,
    pub max_edge: u32,
}

/// Thumbnails (lists, worksheet rows), cards (search results, profile) and full (the gallery).
pub const SIZES: [Size; 3] =
    [Size { name: "thumb", max_edge: 160 }, Size { name: "card", max_edge: 480 }, Size { name: "full", max_edge: 1600 }];

/// JPEG quality of renditions: small enough for a phone on 4G, faces still sharp.
const QUALITY: u8 = 85;

/// Hashes this close (of 64 bits) are the same photo resized, recompressed or lightly edited.
pub const SIMILAR_BITS: u32 = 8;

#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    #[error("the photo has more than {max} pixels ({width}x{height})")]
    TooManyPixels { width: u32, height: u32, max: u64 },
    #[error("the photo cannot be read: {0}")]
    Unreadable(String),
    #[error("encoding a rendition: {0}")]
    Encode(String),
}

/// A rendition: its size name, the JPEG bytes and its dimensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendition {
    pub name: &'static str,
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// A perceptual hash (64 bits), stored as 8 bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhotoHash(pub Vec<u8>);

impl PhotoHash {
    /// How many bits differ; `u32::MAX` for hashes of different kinds.
    pub fn distance(&self, other: &PhotoHash) -> u32 {
        if self.0.len() != other.0.len() {
            return u32::MAX;
        }
        self.0.iter().zip(&other.0).map(|(a, b)| (a ^ b).count_ones()).sum()
    }

    pub fn similar(&self, other: &PhotoHash) -> bool {
        self.distance(other) <= SIMILAR_BITS
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Processed {
    /// The upright picture's size.
    pub width: u32,
    pub height: u32,
    /// Smallest first; a size larger than the photo is made at the photo's own size.
    pub renditions: Vec<Rendition>,
    pub hash: PhotoHash,
}

/// Decodes, turns upright, makes the renditions and the hash. CPU-bound: run it on the
/// blocking pool.
pub fn process(bytes: &[u8]) -> Result<Processed, PhotoError> {
    let too_many = |(width, height): (u32, u32)| {
        (u64::from(width) * u64::from(height) > PHOTO_MAX_PIXELS).then_some(PhotoError::TooManyPixels {
            width,
            height,
            max: PHOTO_MAX_PIXELS,
        })
    };
    // From the header by our own reading first, then by the decoder's (which reads only the
    // header until asked for pixels): a bomb is named as one, not as an allocation failure.
    if let Some(e) = super::format::pixel_size(bytes).and_then(too_many) {
        return Err(e);
    }
    let unreadable = |e: image::ImageError| PhotoError::Unreadable(e.to_string());
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| PhotoError::Unreadable(e.to_string()))?;
    reader.no_limits();
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let (width, height) = decoder.dimensions();
    if let Some(e) = too_many((width, height)) {
        return Err(e);
    }
    // Limits apply to the decoder's own allocations too (a header that lies about its size).
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(PHOTO_MAX_PIXELS * 4 + 64 * 1024 * 1024);
    decoder.set_limits(limits).map_err(unreadable)?;
    let orientation = decoder.orientation().map_err(unreadable)?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    picture.apply_orientation(orientation);
    let picture = DynamicImage::ImageRgb8(picture.to_rgb8());

    // Largest first, each made from the one before: resampling 12 megapixels once, not three
    // times, is most of the cost.
    let (width, height) = (picture.width(), picture.height());
    let mut renditions = Vec::with_capacity(SIZES.len());
    let mut source = picture;
    let mut hash = None;
    for size in SIZES.iter().rev() {
        if source.width().max(source.height()) > 2 * size.max_edge {
            // A fast area-averaging step down to twice the size; Lanczos for the last step only.
            source = source.thumbnail(2 * size.max_edge, 2 * size.max_edge);
        }
        if source.width().max(source.height()) > size.max_edge {
            source = source.resize(size.max_edge, size.max_edge, FilterType::Lanczos3);
        }
        let mut jpeg = Vec::new();
        JpegEncoder::new_with_quality(&mut jpeg, QUALITY).encode_image(&source).map_err(|e| PhotoError::Encode(e.to_string()))?;
        renditions.push(Rendition { name: size.name, jpeg, width: source.width(), height: source.height() });
        // The hash only needs the picture's coarse shape: the card size gives it at a fraction
        // of the cost of the original.
        if size.name == "card" {
            hash = Some(photo_hash(&source));
        }
    }
    renditions.reverse();
    let hash = hash.unwrap_or_else(|| photo_hash(&source));
    Ok(Processed { width, height, renditions, hash })
}

fn photo_hash(picture: &DynamicImage) -> PhotoHash {
    let hasher = HasherConfig::new().hash_size(8, 8).hash_alg(HashAlg::Gradient).to_hasher();
    let h: ImageHash = hasher.hash_image(picture);
    PhotoHash(h.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage};

    /// A picture with structure (a face would do; gradients and a block are enough for a hash).
    fn picture(w: u32, h: u32, seed: u8) -> RgbImage {
        RgbImage::from_fn(w, h, |x, y| {
            let block = (x * 4 / w + y * 3 / h) as u8;
            Rgb([(x * 255 / w) as u8 ^ seed, (y * 255 / h) as u8, block.wrapping_mul(60).wrapping_add(seed)])
        })
    }

    fn jpeg(img: &RgbImage) -> Vec<u8> {
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 90).encode_image(img).unwrap();
        out
    }

    /// EXIF (big-endian TIFF) with orientation 6 (turn 90° clockwise) and a GPS position.
    fn exif_with_gps() -> Vec<u8> {
        let mut t = b"MM\0\x2a\0\0\0\x08".to_vec();
        // IFD0: orientation, and where the GPS IFD is (8 + 2 + 2 * 12 + 4 = 38).
        t.extend([0, 2]);
        t.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
        t.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]);
        t.extend([0, 0, 0, 0]);
        // GPS IFD: latitude reference N, latitude 24° 42' 36" (Riyadh) at 38 + 2 + 24 + 4 = 68.
        t.extend([0, 2]);
        t.extend([0x00, 0x01, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
        t.extend([0x00, 0x02, 0, 5, 0, 0, 0, 3, 0, 0, 0, 68]);
        t.extend([0, 0, 0, 0]);
        for (n, d) in [(24u32, 1u32), (42, 1), (3600, 100)] {
            t.extend(n.to_be_bytes());
            t.extend(d.to_be_bytes());
        }
        let mut app1 = vec![0xFF, 0xE1];
        app1.extend(((t.len() + 8) as u16).to_be_bytes());
        app1.extend(b"Exif\0\0");
        app1.extend(t);
        app1
    }

    /// The JPEG's marker segments before the image data.
    fn markers(jpeg: &[u8]) -> Vec<u8> {
        let mut out = vec![];
        let mut i = 2;
        while i + 4 <= jpeg.len() && jpeg[i] == 0xFF {
            let m = jpeg[i + 1];
            out.push(m);
            if m == 0xDA {
                break;
            }
            i += 2 + u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]) as usize;
        }
        out
    }

    #[test]
    fn gps_and_every_other_metadata_are_gone_and_the_photo_is_upright() {
        let plain = jpeg(&picture(640, 480, 0));
        let mut camera = vec![0xFF, 0xD8];
        camera.extend(exif_with_gps());
        camera.extend(&plain[2..]);
        assert!(markers(&camera).contains(&0xE1), "the upload carries EXIF");

        let out = process(&camera).unwrap();
        assert_eq!((out.width, out.height), (480, 640), "orientation 6 applied: portrait");
        assert_eq!(
            out.renditions.iter().map(|r| (r.name, r.width, r.height)).collect::<Vec<_>>(),
            [("thumb", 120, 160), ("card", 360, 480), ("full", 480, 640)]
        );
        for r in &out.renditions {
            assert!(!markers(&r.jpeg).contains(&0xE1), "{}: no APP1 (EXIF/XMP)", r.name);
            assert!(!r.jpeg.windows(4).any(|w| w == b"Exif"), "{}: no EXIF anywhere", r.name);
            assert_eq!(super::super::sniff(&r.jpeg), Some(super::super::Format::Jpeg));
        }
    }

    /// CRC-32 (PNG's), bit by bit: enough for a test's one chunk.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn a_bomb_is_refused_before_it_is_decoded() {
        // A valid PNG header for 20000 x 20000 grey pixels (400 megapixels) in a few bytes.
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend(20_000u32.to_be_bytes());
        ihdr.extend(20_000u32.to_be_bytes());
        ihdr.extend([8, 0, 0, 0, 0]);
        let mut bomb = b"\x89PNG\r\n\x1a\n\0\0\0\x0d".to_vec();
        bomb.extend(&ihdr);
        bomb.extend(crc32(&ihdr).to_be_bytes());
        bomb.extend(b"\0\0\0\0IEND\xae\x42\x60\x82");
        assert!(matches!(process(&bomb), Err(PhotoError::TooManyPixels { width: 20_000, height: 20_000, .. })));
        assert!(matches!(process(b"not a photo"), Err(PhotoError::Unreadable(_))));
    }

    #[test]
    fn the_same_photo_resized_and_recompressed_is_similar_another_is_not() {
        let original = process(&jpeg(&picture(800, 600, 0))).unwrap();
        let smaller = image::imageops::resize(&picture(800, 600, 0), 400, 300, FilterType::Triangle);
        let mut recompressed = Vec::new();
        JpegEncoder::new_with_quality(&mut recompressed, 40).encode_image(&smaller).unwrap();
        let copy = process(&recompressed).unwrap();
        assert!(original.hash.similar(&copy.hash), "distance {}", original.hash.distance(&copy.hash));
        // Another person's photo: other shapes in other places.
        let stripes = RgbImage::from_fn(800, 600, |x, y| {
            let v = if ((x / 50) + (y / 70)) % 3 == 0 { 230 } else { (x * y / 2000 % 200) as u8 };
            Rgb([v, v / 2, 255 - v])
        });
        let other = process(&jpeg(&stripes)).unwrap();
        assert!(original.hash.distance(&other.hash) > 2 * SIMILAR_BITS, "distance {}", original.hash.distance(&other.hash));
        assert_eq!(PhotoHash(vec![0; 8]).distance(&PhotoHash(vec![0; 4])), u32::MAX);
    }
}
