//! Invisible characters and line splitting.
//!
//! WhatsApp sprinkles bidi controls over exports (LRM before iOS media lines, RLM inside Arabic
//! dates, LRE…PDF around phone numbers). They carry no content, so they go; every other
//! invisible character (ZWJ in 🙋‍♂️, variation selectors) is part of what people wrote and
//! stays.

/// The directional marks the ground truth removes: LRM/RLM, the embedding/override controls
/// LRE…RLO, the isolates LRI…PDI, the Arabic letter mark and a stray BOM / ZWNBSP.
pub(super) fn is_directional_mark(c: char) -> bool {
    matches!(
        c,
        '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}'
    )
}

/// LRM and RLM alone: the marks WhatsApp puts in front of generated (system/placeholder) text.
/// LRE is not one of them, because it opens every phone-number sender name.
pub(super) fn starts_with_lrm_or_rlm(s: &str) -> bool {
    s.starts_with(['\u{200E}', '\u{200F}'])
}

pub(super) fn strip_marks(s: &str) -> String {
    s.chars().filter(|&c| !is_directional_mark(c)).collect()
}

/// A sender as a person would type it: without marks, with ordinary spaces (iOS writes phone
/// numbers with NBSP, unsaved contacts as `~⟨NNBSP⟩Name`), and without the `~ ` that only
/// says "not in your address book".
pub(super) fn clean_sender(raw: &str) -> String {
    let spaced: String =
        raw.chars().filter(|&c| !is_directional_mark(c)).map(|c| if matches!(c, '\u{00A0}' | '\u{202F}') { ' ' } else { c }).collect();
    let trimmed = spaced.trim();
    trimmed.strip_prefix("~ ").unwrap_or(trimmed).trim().to_owned()
}

/// Lines split on `\n` and `\r\n` only: `str::lines` would also be fine, but anything that
/// splits on U+2028, NEL or form feeds (Python's `splitlines`, some regex engines) cuts
/// messages that legitimately contain them. A final newline does not open an empty line.
pub(super) fn split_lines(input: &str) -> impl Iterator<Item = &str> + Clone {
    input.split_terminator('\n').map(|line| line.strip_suffix('\r').unwrap_or(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_directional_marks() {
        let s = "\u{200E}a\u{200F}b\u{202A}c\u{202C}d\u{2066}e\u{2069}f\u{061C}g\u{FEFF}h 🙋\u{200D}♂\u{FE0F}\u{00A0}x";
        assert_eq!(strip_marks(s), "abcdefgh 🙋\u{200D}♂\u{FE0F}\u{00A0}x");
    }

    #[test]
    fn sender_cleanup() {
        assert_eq!(clean_sender("~\u{202F}Reem"), "Reem");
        assert_eq!(clean_sender("\u{202A}+966\u{00A0}55\u{00A0}555\u{00A0}1234\u{202C}"), "+966 55 555 1234");
        assert_eq!(clean_sender("Noura - Casting Agency"), "Noura - Casting Agency");
        // A tilde that is part of the name itself is kept.
        assert_eq!(clean_sender("~Reem~"), "~Reem~");
    }

    #[test]
    fn splits_on_lf_and_crlf_only() {
        let got: Vec<&str> = split_lines("a\r\nb\u{2028}c\u{85}d\x0be\x0cf\x1cg\nh\n").collect();
        assert_eq!(got, vec!["a", "b\u{2028}c\u{85}d\x0be\x0cf\x1cg", "h"]);
        let got: Vec<&str> = split_lines("a\n\nb").collect();
        assert_eq!(got, vec!["a", "", "b"]);
    }
}
