//! The post as every rule sees it: ASCII digits, links and e-mail addresses found and masked
//! out of the prose, lines with their normalized words, news datelines marked.

use crate::ingest::extraction::SourceType;
use crate::ingest::words::tokenize;
use crate::text::{ascii_digits, normalize_for_search};
use regex::Regex;
use std::sync::LazyLock;

/// Longer texts are cut (at a character boundary): a casting call fits well within it, and it
/// bounds the work on pasted pages.
pub const MAX_CHARS: usize = 20_000;

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}").unwrap());
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(?:https?://|www\.)[^\s<>"'\[\]{}،]+|(?-u:\b)(?:[a-z0-9\-]+\.)+(?:com|net|org|sa|ae|io|ly|me|gle|co|info|app|link|ee|gl|tv|us|uk)(?-u:\b)(?:/[^\s<>"'\[\]{}،]*)?"#,
    )
    .unwrap()
});

/// A dateline at the start of a news text: "JEDDAH:", "DUBAI, APRIL 7, 2018." (upper-case
/// place, then a colon or a date).
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*([A-Z][A-Z'’.\- ]{1,30}[A-Z])(?:\s*\([A-Za-z ]+\))?\s*(?::|[,،]\s*(?:[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(\d{4})|\d{1,2}\s+[A-Za-z]{3,9},?\s+(\d{4}))\.?)",
    )
    .unwrap()
});

pub struct Line {
    /// The line (ASCII digits, original case) with links and e-mails blanked and a dateline prefix removed.
    pub masked: String,
    /// `masked`, normalized for matching.
    pub norm: String,
    /// The words of `norm`.
    pub words: Vec<String>,
}

pub struct Post {
    /// The whole text with ASCII digits (original case, links kept).
    pub text: String,
    pub lines: Vec<Line>,
    /// All words of the post.
    pub words: Vec<String>,
    pub emails: Vec<String>,
    /// Links as written, in order (wa.me links included).
    pub urls: Vec<String>,
    /// The year of a news dateline, if any.
    pub dateline_year: Option<i32>,
}

fn truncate(s: &str) -> &str {
    match s.char_indices().nth(MAX_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn trim_link(s: &str) -> &str {
    s.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '(', '،', '؟', '*', '_', '>', '»'])
}

impl Post {
    pub fn new(text: &str, source: SourceType) -> Post {
        let text = ascii_digits(truncate(text)).replace('\r', "\n");
        let mut emails = Vec::new();
        let mut urls = Vec::new();
        for m in EMAIL.find_iter(&text) {
            emails.push(m.as_str().trim_end_matches('.').to_string());
        }
        let no_mail = EMAIL.replace_all(&text, |c: &regex::Captures| " ".repeat(c[0].len()));
        for m in URL.find_iter(&no_mail) {
            urls.push(trim_link(m.as_str()).to_string());
        }
        let mut dateline_year = None;
        let mut lines = Vec::new();
        let mut nonempty = 0;
        for raw in text.split('\n') {
            let mut masked = raw.to_string();
            if masked.contains('@') {
                masked = EMAIL.replace_all(&masked, |c: &regex::Captures| " ".repeat(c[0].len())).into_owned();
            }
            if masked.contains('.') {
                masked = URL.replace_all(&masked, |c: &regex::Captures| " ".repeat(c[0].len())).into_owned();
            }
            if !raw.trim().is_empty() {
                nonempty += 1;
                if source == SourceType::Web
                    && nonempty <= 3
                    && let Some(c) = DATELINE.captures(&masked)
                {
                    let place = c.get(1).map(|m| m.as_str()).unwrap_or("");
                    if super::city::is_place_name(place) {
                        dateline_year = dateline_year.or_else(|| c.get(2).or(c.get(3)).and_then(|y| y.as_str().parse::<i32>().ok()));
                        let end = c.get(0).map(|m| m.end()).unwrap_or(0);
                        masked = format!("{}{}", " ".repeat(end), &masked[end..]);
                    }
                }
            }
            let norm = normalize_for_search(&masked);
            let words = tokenize(&norm);
            lines.push(Line { masked, norm, words });
        }
        let words = lines.iter().flat_map(|l| l.words.iter().cloned()).collect();
        Post { text, lines, words, emails, urls, dateline_year }
    }

    /// Lines that have any words, with their index.
    pub fn content_lines(&self) -> impl Iterator<Item = (usize, &Line)> {
        self.lines.iter().enumerate().filter(|(_, l)| !l.words.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_mails_are_found_and_masked() {
        let p = Post::new("ارسل على vo.riyadh@example.com أو https://forms.gle/X1.\nwa.me/966555083301", SourceType::Whatsapp);
        assert_eq!(p.emails, vec!["vo.riyadh@example.com"]);
        assert_eq!(p.urls, vec!["https://forms.gle/X1", "wa.me/966555083301"]);
        assert!(!p.lines[0].norm.contains("riyadh"));
    }

    #[test]
    fn datelines_are_masked_and_give_the_year() {
        let p = Post::new("Title\n\nDUBAI, APRIL 7, 2018.\n\nText in Dubai.", SourceType::Web);
        assert_eq!(p.dateline_year, Some(2018));
        assert!(!p.lines[2].norm.contains("dubai"));
        let p = Post::new("JEDDAH: Manga Productions has launched", SourceType::Web);
        assert!(!p.lines[0].norm.contains("jeddah"));
        assert!(p.lines[0].norm.contains("manga"));
        // Not a dateline: not a place, or a WhatsApp message.
        let p = Post::new("CASTING CALL: Riyadh", SourceType::Web);
        assert!(p.lines[0].norm.contains("casting"));
        let p = Post::new("RIYADH: extras needed", SourceType::Whatsapp);
        assert!(p.lines[0].norm.contains("riyadh"));
    }

    #[test]
    fn long_text_is_cut() {
        let t = "ب".repeat(MAX_CHARS + 10);
        assert_eq!(Post::new(&t, SourceType::Web).text.chars().count(), MAX_CHARS);
    }
}
