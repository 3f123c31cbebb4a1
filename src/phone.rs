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

/// Every phone number written in `text` replaced by "•••", however it is spelled: any digits
/// (ASCII, Arabic-Indic, Persian) in groups joined by up to three spaces, dashes, dots or
/// brackets, or a leading `+`, nine to fifteen digits in all (the length of any phone number,
/// with or without its country code). Dates (three groups, one of four digits) and shorter
/// numbers (ages, amounts) stay.
pub fn mask_in_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let starts = is_digit(chars[i]) || (matches!(chars[i], '+' | '(') && chars.get(i + 1).is_some_and(|c| is_digit(*c)));
        if !starts {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // The run: digit groups with at most two separators between them.
        let (mut end, mut groups, mut group) = (i, Vec::new(), 0usize);
        let mut j = i;
        while j < chars.len() {
            let c = chars[j];
            if is_digit(c) {
                group += 1;
                j += 1;
                end = j;
            } else if is_separator(c) || (c == '+' && j == i) {
                let gap = chars[j..].iter().take_while(|c| is_separator(**c)).count().max(1);
                if gap > 3 || !chars.get(j + gap).is_some_and(|c| is_digit(*c)) {
                    break;
                }
                if group > 0 {
                    groups.push(group);
                    group = 0;
                }
                j += gap;
            } else {
                break;
            }
        }
        if group > 0 {
            groups.push(group);
        }
        let digits: usize = groups.iter().sum();
        let date = matches!(groups[..], [4, a, b] | [a, b, 4] if a <= 2 && b <= 2);
        if (9..=15).contains(&digits) && !date {
            out.push_str("•••");
        } else {
            out.extend(&chars[i..end]);
        }
        i = end.max(i + 1);
    }
    out
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{0660}'..='\u{0669}').contains(&c) || ('\u{06F0}'..='\u{06F9}').contains(&c)
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}' | '\u{2009}' | '\u{202f}' | '_' | '\u{2010}'..='\u{2015}' | '\u{200e}' | '\u{200f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_masked_however_they_are_spelled() {
        for (text, want) in [
            ("واتساب 055 555 1234 الأجر ٥٠٠ ريال", "واتساب ••• الأجر ٥٠٠ ريال"),
            ("call +966 (55) 555-1234.", "call •••."),
            ("٠٥٥٥٥٥١٢٣٤", "•••"),
            ("رقم ٠٥٥ ٥٥٥ ١٢٣٤ فقط", "رقم ••• فقط"),
            ("۰۵۵۵۵۵۱۲۳۴", "•••"),
            ("055.555.1234", "•••"),
            ("0555551234", "•••"),
            ("+966555551234", "•••"),
            ("00966 55 555 1234", "•••"),
            ("wa.me/966555551234", "wa.me/•••"),
            ("tel: 011-234-5678", "tel: •••"),
            ("(055) 555 12 34", "•••"),
            ("055 - 555 - 1234", "•••"),
            ("Sara:0555551234,", "Sara:•••,"),
            ("للتواصل 054 555 0191 قبل", "للتواصل ••• قبل"),
            ("055.555.0191", "•••"),
        ] {
            assert_eq!(mask_in_text(text), want, "{text}");
        }
    }

    #[test]
    fn other_numbers_stay() {
        for text in [
            "ages 20-40, 2026-05-01",
            "الأجر 1.500 ريال",
            "٢٠٢٦/٠٥/٠١",
            "01.05.2026",
            "2026 05 01",
            "SAR 15,000",
            "Season 2, episode 10",
            "ages 18 - 25",
        ] {
            assert_eq!(mask_in_text(text), text, "{text}");
        }
    }

    #[test]
    fn the_ways_people_write_a_saudi_mobile() {
        for ok in [
            "0501234567",
            "050 123 4567",
            "+966501234567",
            "00966501234567",
            "966501234567",
            "501234567",
            "٠٥٠١٢٣٤٥٦٧",
            "+966 (50) 123-4567",
        ] {
            assert_eq!(PhoneNumber::parse(ok).map(|p| p.0), Ok("+966501234567".into()), "{ok}");
        }
        assert_eq!(PhoneNumber::parse("+966501234567").unwrap().display(), "+966 50 123 4567");
        for bad in ["0112345678", "05012345", "+9715012345678", "05012345678", "phone", "0501234567x"] {
            assert_eq!(PhoneNumber::parse(bad).unwrap_err().key, "error-phone-invalid", "{bad}");
        }
        assert_eq!(PhoneNumber::parse(" ").unwrap_err().key, "error-required");
    }
}
