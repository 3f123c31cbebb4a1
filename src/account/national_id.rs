//! A Saudi national ID (citizens) or iqama number (residents): ten digits, the first 1 for a
//! citizen or 2 for a resident, the last a check digit (the Luhn scheme over all ten). Typed as
//! people type it: Arabic-Indic digits, spaces and dashes are accepted. Shown masked (its last
//! four) everywhere but to Nafath.

use crate::{Msg, text::ascii_digits};
use serde::{Deserialize, Serialize};

#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NationalId(String);

/// Whose number it is, by its first digit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    Citizen,
    Resident,
}

impl NationalId {
    pub fn parse(input: &str) -> Result<NationalId, Msg> {
        let digits: String = ascii_digits(input).chars().filter(|c| !matches!(c, ' ' | '-' | '\u{00A0}')).collect();
        if digits.is_empty() {
            return Err(Msg::new("error-required"));
        }
        if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Msg::new("error-national-id-length"));
        }
        if !matches!(digits.as_bytes()[0], b'1' | b'2') {
            return Err(Msg::new("error-national-id-start"));
        }
        if !luhn(&digits) {
            return Err(Msg::new("error-national-id-check"));
        }
        Ok(NationalId(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn holder(&self) -> Holder {
        if self.0.starts_with('1') { Holder::Citizen } else { Holder::Resident }
    }

    /// What people are shown: the last four digits.
    pub fn masked(&self) -> String {
        format!("••••••{}", &self.0[6..])
    }
}

/// Never the whole number in logs or debug output.
impl std::fmt::Debug for NationalId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NationalId({})", self.masked())
    }
}

/// Luhn over all ten digits: from the left, every digit in an even position (0, 2, …) doubled,
/// the digits of each product added, and the whole a multiple of ten.
fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i.is_multiple_of(2) {
                let twice = d * 2;
                twice / 10 + twice % 10
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A number with a valid check digit: the first nine digits, then the digit that makes the
    /// Luhn sum a multiple of ten.
    fn with_check(first_nine: &str) -> String {
        (0..10).map(|d| format!("{first_nine}{d}")).find(|n| luhn(n)).unwrap()
    }

    #[test]
    fn ten_digits_starting_with_1_or_2_and_a_right_check_digit_parse() {
        let citizen = with_check("108765432");
        let id = NationalId::parse(&citizen).unwrap();
        assert_eq!(id.as_str(), citizen);
        assert_eq!(id.holder(), Holder::Citizen);
        let resident = NationalId::parse(&with_check("223456789")).unwrap();
        assert_eq!(resident.holder(), Holder::Resident);
        // Worked by hand: 2+0+0+0+0 doubled, 8 plain = 10; 4 doubled-two, 6 plain = 10.
        assert!(luhn("1000000008"));
        assert!(luhn("2000000006"));
    }

    #[test]
    fn arabic_indic_digits_spaces_and_dashes_are_accepted() {
        let n = with_check("108765432");
        let arabic: String = n.chars().map(|c| char::from_u32(0x0660 + c.to_digit(10).unwrap()).unwrap()).collect();
        assert_eq!(NationalId::parse(&arabic).unwrap().as_str(), n);
        let spaced = format!("{} {}-{}", &n[..3], &n[3..6], &n[6..]);
        assert_eq!(NationalId::parse(&spaced).unwrap().as_str(), n);
    }

    #[test]
    fn each_mistake_has_its_own_message() {
        assert_eq!(NationalId::parse("").unwrap_err().key, "error-required");
        assert_eq!(NationalId::parse("12345").unwrap_err().key, "error-national-id-length");
        assert_eq!(NationalId::parse("1234567890a").unwrap_err().key, "error-national-id-length");
        assert_eq!(NationalId::parse(&with_check("308765432")).unwrap_err().key, "error-national-id-start");
        let good = with_check("108765432");
        let last = good.chars().last().unwrap().to_digit(10).unwrap();
        let bad = format!("{}{}", &good[..9], (last + 1) % 10);
        assert_eq!(NationalId::parse(&bad).unwrap_err().key, "error-national-id-check");
    }

    #[test]
    fn it_is_shown_and_logged_masked() {
        let id = NationalId::parse(&with_check("108765432")).unwrap();
        assert_eq!(id.masked(), format!("••••••{}", &id.as_str()[6..]));
        assert!(!format!("{id:?}").contains(&id.as_str()[..6]));
    }
}
