//! Text rules shared by every form: digits people type in either script, length limits
//! counted in characters, and the Arabic normalization used for matching.

use crate::Msg;
use unicode_normalization::UnicodeNormalization;

/// Maps Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII and the Arabic decimal and
/// thousands separators to `.` and `,`, so "١٥٠٠" and "1500" mean the same number.
pub fn ascii_digits(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            '\u{066B}' => '.',
            '\u{066C}' | '\u{060C}' => ',',
            other => other,
        })
        .collect()
}

/// Parses a whole number typed in any script; spaces and thousands separators are ignored.
pub fn parse_integer(input: &str) -> Option<i64> {
    let cleaned: String = ascii_digits(input.trim()).chars().filter(|c| !matches!(c, ',' | ' ' | '\u{00A0}' | '\u{202F}')).collect();
    if cleaned.is_empty() || cleaned.len() > 18 {
        return None;
    }
    cleaned.parse().ok()
}

/// A calendar day typed as year-month-day, in any digits; empty is `None`.
pub fn parse_date(input: &str) -> Result<Option<time::Date>, Msg> {
    let s = ascii_digits(input.trim());
    if s.is_empty() {
        return Ok(None);
    }
    time::Date::parse(&s, time::macros::format_description!("[year]-[month]-[day]")).map(Some).map_err(|_| Msg::new("error-date-invalid"))
}

/// Arabic normalization for search and duplicate detection: NFKC, no tashkeel or tatweel,
/// one form of alef, taa marbuta as haa, alef maqsura as yaa, hamza carriers unified,
/// ASCII digits, Latin lower-cased.
pub fn normalize_for_search(input: &str) -> String {
    let nfkc: String = ascii_digits(input).nfkc().collect();
    nfkc.chars()
        .filter(|c| !is_tashkeel(*c) && *c != '\u{0640}')
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ة' => 'ه',
            'ى' => 'ي',
            'ؤ' => 'و',
            'ئ' => 'ي',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_tashkeel(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// A required single-line or multi-line text, trimmed, with control characters removed
/// (newlines kept when `multiline`), between `min` and `max` characters.
pub fn required_text(input: &str, min: usize, max: usize, multiline: bool) -> Result<String, Msg> {
    let cleaned = clean(input, multiline);
    if cleaned.is_empty() {
        return Err(Msg::new("error-required"));
    }
    check_length(cleaned, min, max)
}

/// Like [`required_text`], but empty input is `None`.
pub fn optional_text(input: &str, max: usize, multiline: bool) -> Result<Option<String>, Msg> {
    let cleaned = clean(input, multiline);
    if cleaned.is_empty() {
        return Ok(None);
    }
    check_length(cleaned, 1, max).map(Some)
}

fn check_length(s: String, min: usize, max: usize) -> Result<String, Msg> {
    let n = s.chars().count();
    if n < min {
        Err(Msg::new("error-too-short").with("min", min))
    } else if n > max {
        Err(Msg::new("error-too-long").with("max", max))
    } else {
        Ok(s)
    }
}

fn clean(input: &str, multiline: bool) -> String {
    let kept: String = input.chars().filter(|c| !c.is_control() || (multiline && *c == '\n')).collect();
    if multiline {
        // Collapse runs of blank lines so a pasted post keeps its shape but not its padding.
        let mut out = String::with_capacity(kept.len());
        let mut blank = 0;
        for line in kept.lines() {
            let line = line.trim_end();
            if line.trim().is_empty() {
                blank += 1;
                if blank > 1 {
                    continue;
                }
            } else {
                blank = 0;
            }
            out.push_str(line);
            out.push('\n');
        }
        out.trim().to_string()
    } else {
        kept.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_in_any_script() {
        assert_eq!(ascii_digits("٢٠٢٦"), "2026");
        assert_eq!(ascii_digits("۱۲۳"), "123");
        assert_eq!(parse_integer("١٬٥٠٠"), Some(1500));
        assert_eq!(parse_integer(" 42 "), Some(42));
        assert_eq!(parse_integer("4a"), None);
        assert_eq!(parse_integer(""), None);
        assert_eq!(parse_integer("99999999999999999999999"), None);
    }

    #[test]
    fn arabic_normalization() {
        assert_eq!(normalize_for_search("إعلان"), normalize_for_search("اعلان"));
        assert_eq!(normalize_for_search("مُمَثِّلَة"), "ممثله");
        assert_eq!(normalize_for_search("مـــمثل"), "ممثل");
        assert_eq!(normalize_for_search("مستشفى"), "مستشفي");
        assert_eq!(normalize_for_search("Jeddah ٢٠"), "jeddah 20");
    }

    #[test]
    fn text_limits() {
        assert_eq!(required_text("  a   b ", 1, 10, false), Ok("a b".into()));
        assert_eq!(required_text("   ", 1, 10, false).unwrap_err().key, "error-required");
        assert_eq!(required_text("abcdef", 1, 5, false).unwrap_err().key, "error-too-long");
        assert_eq!(required_text("ممثل", 1, 4, false), Ok("ممثل".into()));
        assert_eq!(required_text("a\n\n\n\nb\u{0007}", 1, 50, true), Ok("a\n\nb".into()));
        assert_eq!(optional_text("  ", 5, false), Ok(None));
    }
}
