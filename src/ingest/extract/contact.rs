//! How to reach the caster: phone numbers normalized to E.164 (a local "05…" is Saudi unless
//! the post is set in another country), a number tied to WhatsApp (واتس، واتساب، WhatsApp,
//! wa.me) goes to `whatsapp` only, any other to `phone` (the first of each); the first e-mail
//! as written; the first application or social link as written.

use super::post::Post;
use crate::ingest::extraction::Contact;
use regex::Regex;
use std::sync::LazyLock;

/// A run that may be a phone number: digits with spaces, dashes, dots or brackets between.
static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\+?\(?\d[\d \t\-.()]{5,22}\d").unwrap());
static WA_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:wa\.me/|whatsapp\.com/send\?phone=|api\.whatsapp\.com/send/?\?phone=)\+?(\d{8,15})").unwrap());
static DATE_LIKE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{4}$").unwrap());
static SPLIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s[-–/|]\s|\s{3,}").unwrap());

/// Calling codes and the number of national digits (without a trunk 0) of the region's mobiles.
fn calling_code(country: &str) -> Option<&'static str> {
    Some(match country {
        "SA" => "966",
        "AE" => "971",
        "QA" => "974",
        "BH" => "973",
        "OM" => "968",
        "KW" => "965",
        "EG" => "20",
        "JO" => "962",
        "LB" => "961",
        "GB" => "44",
        "US" | "CA" => "1",
        _ => return None,
    })
}

const KNOWN_CODES: &[&str] = &["966", "971", "974", "973", "968", "965", "962", "961", "20", "44", "1", "212", "964", "33", "90", "91"];

fn whatsapp_cue(s: &str) -> bool {
    let n = crate::text::normalize_for_search(s);
    n.contains("واتس")
        || n.contains("وتساب")
        || n.contains("واتسب")
        || n.contains("whatsapp")
        || n.contains("whats app")
        || n.contains("wa.me")
        || n.split(|c: char| !c.is_alphanumeric()).any(|w| w == "wa" || w == "وتس")
}

/// The last `n` characters of `s`.
fn tail_chars(s: &str, n: usize) -> &str {
    let start = s.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    &s[start..]
}

/// The first `n` characters of `s`.
fn head_chars(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

/// A contact word right before a bare 8-digit number ("to 3555 8124", "رقم 3555 8124").
fn contact_cue(before: &str) -> bool {
    let tail = crate::text::normalize_for_search(tail_chars(before, 40));
    ["to", "call", "contact", "phone", "tel", "mobile", "رقم", "تواصل", "اتصال", "جوال", "على", "واتس", "whatsapp"]
        .iter()
        .any(|c| tail.contains(c))
}

/// Normalizes one candidate number to E.164, or `None` when it is not a phone number.
fn normalize(raw: &str, country: &str, cue_before: bool) -> Option<String> {
    let trimmed = raw.trim();
    let plus = trimmed.starts_with('+');
    let digits: String = trimmed.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() < 8 || digits.len() > 15 {
        return None;
    }
    if DATE_LIKE.is_match(trimmed) {
        return None;
    }
    // Amounts and year ranges ("1500-2000") start with neither "+", a trunk 0 nor a calling code.
    let plausible = plus
        || digits.starts_with('0')
        || digits.starts_with("96")
        || digits.starts_with("97")
        || (digits.len() == 9 && digits.starts_with('5'))
        || (digits.len() == 8 && cue_before);
    if !plausible {
        return None;
    }
    if plus || digits.starts_with("00") {
        let d = digits.strip_prefix("00").filter(|_| !plus).unwrap_or(&digits);
        // "+966 05…": the trunk 0 written after the country code.
        for code in KNOWN_CODES {
            if let Some(rest) = d.strip_prefix(code)
                && let Some(r) = rest.strip_prefix('0')
                && r.len() >= 8
            {
                return Some(format!("+{code}{r}"));
            }
        }
        return (d.len() >= 9).then(|| format!("+{d}"));
    }
    // A country code written without "+" (wa.me style, "966 55 …").
    for code in ["966", "971", "974", "973", "968", "965"] {
        if digits.starts_with(code) && digits.len() >= 11 && digits.len() <= 12 {
            return Some(format!("+{digits}"));
        }
    }
    if let Some(national) = digits.strip_prefix('0') {
        // Egyptian mobiles: 01x + 8 digits.
        if national.len() == 10 && national.starts_with('1') {
            return Some(format!("+20{national}"));
        }
        if national.len() < 8 || national.len() > 10 {
            return None;
        }
        let code = match country {
            "SA" | "AE" | "EG" | "JO" | "GB" => calling_code(country)?,
            // A local "05…" in a Gulf country without trunk zeros is still most likely Saudi.
            _ => "966",
        };
        return Some(format!("+{code}{national}"));
    }
    // Saudi mobile without its 0: 5x xxx xxxx.
    if digits.len() == 9 && digits.starts_with('5') {
        return Some(format!("+966{digits}"));
    }
    if digits.len() == 8 && cue_before {
        let code = match country {
            "BH" | "QA" | "KW" | "OM" => calling_code(country)?,
            _ => return None,
        };
        return Some(format!("+{code}{digits}"));
    }
    None
}

/// The contact of a post; `country` is the ISO code of the country it is set in (None: Saudi).
pub fn find(post: &Post, country: Option<&str>) -> Contact {
    let country = country.unwrap_or("SA");
    let mut c = Contact { email: post.emails.first().cloned(), ..Contact::default() };
    for u in &post.urls {
        if let Some(m) = WA_LINK.captures(u) {
            if c.whatsapp.is_none() {
                c.whatsapp = normalize(&format!("+{}", &m[1]), country, true).or_else(|| normalize(&m[1], country, true));
            }
        } else if c.url.is_none() && !u.to_ascii_lowercase().contains("wa.me") {
            c.url = Some(u.clone());
        }
    }
    let lines: Vec<&str> = post.lines.iter().map(|l| l.masked.as_str()).collect();
    for (i, line) in lines.iter().enumerate() {
        let mut line_wa: Option<bool> = None;
        for m in CANDIDATE.find_iter(line) {
            let before = &line[..m.start()];
            // Part of a longer token (a reference, a link that was not masked).
            if before.chars().last().is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '/') {
                continue;
            }
            let parts: Vec<&str> = if m.as_str().chars().filter(|c| c.is_ascii_digit()).count() > 15 {
                SPLIT.split(m.as_str()).collect()
            } else {
                vec![m.as_str()]
            };
            for part in parts {
                let cue = contact_cue(before) || whatsapp_cue(head_chars(&line[m.end()..], 40));
                let Some(number) = normalize(part, country, cue) else {
                    continue;
                };
                // WhatsApp when the cue is on the number's line, or on the line before it when the
                // number stands alone ("واتس فقط :" then the number).
                let on_line = *line_wa.get_or_insert_with(|| whatsapp_cue(line));
                let alone = !on_line && before.chars().chain(line[m.end()..].chars()).all(|c| !c.is_alphanumeric());
                let prev = lines[..i].iter().rev().find(|l| !l.trim().is_empty()).copied().unwrap_or("");
                let wa = on_line || (alone && whatsapp_cue(prev));
                let slot = if wa { &mut c.whatsapp } else { &mut c.phone };
                if slot.is_none() {
                    *slot = Some(number);
                }
            }
        }
    }
    if c.phone.is_some() && c.phone == c.whatsapp {
        c.phone = None;
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::extraction::SourceType;

    fn contact(t: &str, country: Option<&str>) -> Contact {
        find(&Post::new(t, SourceType::Whatsapp), country)
    }

    #[test]
    fn saudi_numbers_in_any_spelling() {
        assert_eq!(contact("للتواصل: 0555 123 097", None).phone.as_deref(), Some("+966555123097"));
        assert_eq!(contact("رقم التواصل\n+966 55 512 7730", None).phone.as_deref(), Some("+966555127730"));
        assert_eq!(contact("أرسل على 055 5263 980", None).phone.as_deref(), Some("+966555263980"));
        assert_eq!(contact("للتواصل ٠٥٥٥١٢٣٠٩٧", None).phone.as_deref(), Some("+966555123097"));
        assert_eq!(contact("call 00966 55 512 7730", None).phone.as_deref(), Some("+966555127730"));
        assert_eq!(contact("+966 055 512 7730", None).phone.as_deref(), Some("+966555127730"));
    }

    #[test]
    fn whatsapp_is_told_apart() {
        let c = contact("للتواصل واتس: 0555 207 649", None);
        assert_eq!((c.phone, c.whatsapp.as_deref()), (None, Some("+966555207649")));
        let c = contact("ولعمر ولمدينة واتس فقط :\n+966 55 590 2214", None);
        assert_eq!(c.whatsapp.as_deref(), Some("+966555902214"));
        let c = contact("رابط المحادثه\nwa.me/966555083301", None);
        assert_eq!((c.whatsapp.as_deref(), c.url), (Some("+966555083301"), None));
        let c = contact("Contact: +968 9555 2041 (WhatsApp)", Some("OM"));
        assert_eq!(c.whatsapp.as_deref(), Some("+96895552041"));
        let c = contact("Send photos to 3555 8124 on WhatsApp by Monday 9 March", Some("BH"));
        assert_eq!(c.whatsapp.as_deref(), Some("+97335558124"));
        let c = contact("Book: 0100 555 2871 (WhatsApp)", Some("EG"));
        assert_eq!(c.whatsapp.as_deref(), Some("+201005552871"));
        let c = contact("+20 3 555 0142", Some("EG"));
        assert_eq!(c.phone.as_deref(), Some("+2035550142"));
    }

    #[test]
    fn dates_prices_and_ages_are_not_numbers() {
        let c = contact("Self-tape deadline: 2026-01-10\nBudget: 1500-2000 SAR\nالعمر ٢٠-٤٠\nالطول 185-190cm", None);
        assert!(c.phone.is_none() && c.whatsapp.is_none(), "{c:?}");
    }

    #[test]
    fn mail_and_links() {
        let c = contact("ارسل على vo.riyadh@example.com\nالتقديم عبر الرابط: https://forms.gle/EXAMPLEhaunt01", None);
        assert_eq!(c.email.as_deref(), Some("vo.riyadh@example.com"));
        assert_eq!(c.url.as_deref(), Some("https://forms.gle/EXAMPLEhaunt01"));
        let c = contact("تابعونا على السناب https://snapchat.com/t/EXAMPLE01", None);
        assert_eq!(c.url.as_deref(), Some("https://snapchat.com/t/EXAMPLE01"));
    }
}
