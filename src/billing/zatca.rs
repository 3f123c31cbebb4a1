//! The QR code of a ZATCA (phase 1) simplified tax invoice: five TLV fields (seller name, VAT
//! registration number, time of issue, total with VAT, VAT total), each a one-byte tag, a
//! one-byte length of its UTF-8 bytes and the bytes, concatenated and base64-encoded.

use crate::money::Halalas;
use base64::Engine;
use time::{OffsetDateTime, UtcOffset, format_description::well_known::Rfc3339};

/// What the QR code of one invoice says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrFields {
    pub seller: String,
    pub vat_number: String,
    pub issued_at: OffsetDateTime,
    pub total: Halalas,
    pub vat: Halalas,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum QrError {
    #[error("field {0} is longer than 255 bytes")]
    TooLong(u8),
}

impl QrFields {
    /// The base64 text the QR code carries.
    pub fn encode(&self) -> Result<String, QrError> {
        let at = self.issued_at.to_offset(UtcOffset::UTC).replace_nanosecond(0).unwrap_or(self.issued_at);
        let at = at.format(&Rfc3339).unwrap_or_default();
        let mut out = Vec::with_capacity(128);
        for (tag, value) in [
            (1u8, self.seller.as_str()),
            (2, self.vat_number.as_str()),
            (3, at.as_str()),
            (4, &self.total.decimal_string()),
            (5, &self.vat.decimal_string()),
        ] {
            let bytes = value.as_bytes();
            let len = u8::try_from(bytes.len()).map_err(|_| QrError::TooLong(tag))?;
            out.push(tag);
            out.push(len);
            out.extend_from_slice(bytes);
        }
        Ok(base64::engine::general_purpose::STANDARD.encode(out))
    }
}

/// The QR code of `text` as an SVG image (no XML declaration: it goes inside the page).
pub fn svg(text: &str) -> Result<String, qrcode::types::QrError> {
    let code = qrcode::QrCode::new(text.as_bytes())?;
    let image = code.render::<qrcode::render::svg::Color>().min_dimensions(180, 180).quiet_zone(true).build();
    Ok(image.trim_start_matches(|c| c != '<').split_once("?>").map_or(image.clone(), |(_, rest)| rest.trim_start().to_string()))
}

/// Reads the TLV fields back (tag, text): what a ZATCA verifier app does with the code.
pub fn decode(b64: &str) -> Option<Vec<(u8, String)>> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
    let mut fields = vec![];
    let mut rest = bytes.as_slice();
    while let [tag, len, tail @ ..] = rest {
        let len = *len as usize;
        if tail.len() < len {
            return None;
        }
        fields.push((*tag, String::from_utf8(tail[..len].to_vec()).ok()?));
        rest = &tail[len..];
    }
    Some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn encodes_zatcas_published_example() {
        // The example of ZATCA's QR code guideline: seller "Bobs Records", VAT number
        // 310122393500003, 2022-04-25 15:30 UTC, 1000.00 total, 150.00 VAT.
        let qr = QrFields {
            seller: "Bobs Records".into(),
            vat_number: "310122393500003".into(),
            issued_at: datetime!(2022-04-25 18:30:00 +3),
            total: Halalas(100_000),
            vat: Halalas(15_000),
        };
        assert_eq!(
            qr.encode().unwrap(),
            "AQxCb2JzIFJlY29yZHMCDzMxMDEyMjM5MzUwMDAwMwMUMjAyMi0wNC0yNVQxNTozMDowMFoEBzEwMDAuMDAFBjE1MC4wMA=="
        );
    }

    #[test]
    fn arabic_seller_names_count_bytes_not_characters() {
        let qr = QrFields {
            seller: "تيك ون للإنتاج".into(),
            vat_number: "300000000000003".into(),
            issued_at: datetime!(2026-12-07 10:00:00.123 UTC),
            total: Halalas(4_900),
            vat: Halalas(639),
        };
        let fields = decode(&qr.encode().unwrap()).unwrap();
        assert_eq!(
            fields,
            vec![
                (1, "تيك ون للإنتاج".to_string()),
                (2, "300000000000003".to_string()),
                (3, "2026-12-07T10:00:00Z".to_string()),
                (4, "49.00".to_string()),
                (5, "6.39".to_string()),
            ]
        );
    }

    #[test]
    fn the_code_is_an_svg_image() {
        let svg = svg("AQxCb2JzIFJlY29yZHM=").unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
    }

    #[test]
    fn a_field_longer_than_a_byte_can_say_is_refused() {
        let qr = QrFields {
            seller: "x".repeat(256),
            vat_number: "300000000000003".into(),
            issued_at: datetime!(2026-12-07 10:00:00 UTC),
            total: Halalas(1),
            vat: Halalas(0),
        };
        assert_eq!(qr.encode(), Err(QrError::TooLong(1)));
    }
}
