//! Saudi mobile numbers, as people type them: 05x, 5x, +9665x, 009665x, with spaces, dashes
//! or Arabic-Indic digits. Kept in one form, +9665XXXXXXXX.

use crate::{Msg, text::ascii_digits};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(input: &str) -> Result<PhoneNumber, Msg> {
        let raw = ascii_digits(input.trim());
        if raw.is_empty() {
            return Err(Msg::new("error-required"));
        }
        let plus = raw.starts_with('+');
        let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.' | '\u{00A0}')).collect();
        let digits = digits.trim_start_matches('+');
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(Msg::new("error-phone-invalid"));
        }
        let national = if let Some(rest) = digits.strip_prefix("00966") {
            rest
        } else if let Some(rest) = digits.strip_prefix("966").filter(|_| plus || digits.len() == 12) {
            rest
        } else if let Some(rest) = digits.strip_prefix('0') {
            rest
        } else {
            digits
        };
        if national.len() == 9 && national.starts_with('5') {
            Ok(PhoneNumber(format!("+966{national}")))
        } else {
            Err(Msg::new("error-phone-invalid"))
        }
    }

    /// As stored: +9665XXXXXXXX.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn from_db(s: String) -> PhoneNumber {
        PhoneNumber(s)
    }

    /// For reading: +966 5X XXX XXXX.
    pub fn display(&self) -> String {
        let n = &self.0[4..];
        format!("+966 {} {} {}", &n[..2], &n[2..5], &n[5..])
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ways_people_write_a_saudi_mobile() {
        for ok in ["0501234567", "050 123 4567", "+966501234567", "00966501234567", "966501234567", "501234567", "٠٥٠١٢٣٤٥٦٧", "+966 (50) 123-4567"] {
            assert_eq!(PhoneNumber::parse(ok).map(|p| p.0), Ok("+966501234567".into()), "{ok}");
        }
        assert_eq!(PhoneNumber::parse("+966501234567").unwrap().display(), "+966 50 123 4567");
        for bad in ["0112345678", "05012345", "+9715012345678", "05012345678", "phone", "0501234567x"] {
            assert_eq!(PhoneNumber::parse(bad).unwrap_err().key, "error-phone-invalid", "{bad}");
        }
        assert_eq!(PhoneNumber::parse(" ").unwrap_err().key, "error-required");
    }
}
