//! Money is integer halalas (1 SAR = 100 halalas); floats never touch it.

use crate::{Msg, text::ascii_digits};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Halalas(pub i64);

/// The largest amount a role may offer: ten million riyals.
pub const MAX_HALALAS: i64 = 1_000_000_000;

impl Halalas {
    /// Parses an amount in riyals as people type it: "1500", "1,500.50", "١٥٠٠٫٥", "SAR 900".
    pub fn parse_sar(input: &str) -> Result<Halalas, Msg> {
        let s = ascii_digits(input);
        let s: String = s
            .trim()
            .trim_start_matches("SAR")
            .trim_end_matches("SAR")
            .trim_end_matches("ر.س")
            .chars()
            .filter(|c| !matches!(c, ',' | ' ' | '\u{00A0}'))
            .collect();
        if s.is_empty() {
            return Err(Msg::new("error-required"));
        }
        let (whole, frac) = match s.split_once('.') {
            Some((w, f)) => (w, f),
            None => (s.as_str(), ""),
        };
        let digits_only = |p: &str| p.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || !digits_only(whole) || !digits_only(frac) || frac.len() > 2 || whole.len() > 12 {
            return Err(Msg::new("error-amount-invalid"));
        }
        let whole: i64 = whole.parse().map_err(|_| Msg::new("error-amount-invalid"))?;
        let frac: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().unwrap_or(0) };
        let total = whole * 100 + frac;
        if total <= 0 {
            return Err(Msg::new("error-amount-positive"));
        }
        if total > MAX_HALALAS {
            return Err(Msg::new("error-amount-too-large"));
        }
        Ok(Halalas(total))
    }

    /// Riyals for display and form values: "1500" or "1500.50".
    pub fn sar_string(self) -> String {
        let (w, f) = (self.0 / 100, self.0 % 100);
        if f == 0 { w.to_string() } else { format!("{w}.{f:02}") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_riyals_into_halalas() {
        assert_eq!(Halalas::parse_sar("1500"), Ok(Halalas(150_000)));
        assert_eq!(Halalas::parse_sar("1,500.5"), Ok(Halalas(150_050)));
        assert_eq!(Halalas::parse_sar("١٥٠٠٫٢٥"), Ok(Halalas(150_025)));
        assert_eq!(Halalas::parse_sar("SAR 900"), Ok(Halalas(90_000)));
        assert_eq!(Halalas::parse_sar("1.234").unwrap_err().key, "error-amount-invalid");
        assert_eq!(Halalas::parse_sar("-5").unwrap_err().key, "error-amount-invalid");
        assert_eq!(Halalas::parse_sar("0").unwrap_err().key, "error-amount-positive");
        assert_eq!(Halalas::parse_sar("99999999").unwrap_err().key, "error-amount-too-large");
        assert_eq!(Halalas(150_050).sar_string(), "1500.50");
        assert_eq!(Halalas(90_000).sar_string(), "900");
    }
}
