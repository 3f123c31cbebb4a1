//! Word tokens for keyword matching. Arabic is matched on normalized WORDS, never on raw
//! substrings: "تم" must not be found inside "اجتماع", and a keyword written without its
//! article or conjunction ("رياض", "تصوير") still matches the word as people attach them
//! ("بالرياض", "والتصوير", "للتصوير").

use crate::text::normalize_for_search;

/// The words of `text`, normalized with [`crate::text::normalize_for_search`] (one alef, taa
/// marbuta as haa, alef maqsura as yaa, no tashkeel or tatweel, ASCII digits, Latin lower-cased)
/// and split on everything that is not a letter or a digit. Attached prefixes are kept here;
/// [`matches_word`] strips them when a word is compared with a keyword.
pub fn normalized_words(text: &str) -> Vec<String> {
    tokenize(&normalize_for_search(text))
}

/// Splits text that is already normalized into words (runs of letters and digits of any script).
pub fn tokenize(normalized: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in normalized.chars() {
        if c.is_alphanumeric() {
            current.push(c);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Conjunctions, prepositions and the article people write attached to an Arabic word,
/// longest first: وال، بال، فال، كال، عال (Gulf "على ال")، لل، ال، و، ف، ب، ل، ك ...
const PREFIXES: &[&str] =
    &["وبال", "وال", "بال", "فال", "كال", "عال", "ولل", "فلل", "لل", "ال", "وب", "ول", "وف", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك"];

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// True when the normalized `token` is the normalized `keyword`, possibly with attached Arabic
/// prefixes (و، ف، ب، ل، ك، ال، وال، بال، لل ...). Latin words must be equal. A keyword of
/// one or two letters only accepts a leading "و", so "باب" is not "اب".
pub fn matches_word(token: &str, keyword: &str) -> bool {
    if token == keyword {
        return true;
    }
    let Some(first) = keyword.chars().next() else { return false };
    if !is_arabic(first) || token.len() <= keyword.len() || !token.ends_with(keyword) {
        // "للرياض" is "لل" + "رياض" for the keyword "الرياض".
        if let Some(core) = keyword.strip_prefix("ال")
            && is_arabic(first)
            && !core.is_empty()
        {
            for p in ["لل", "ولل", "فلل"] {
                if token.len() == p.len() + core.len() && token.starts_with(p) && token.ends_with(core) {
                    return true;
                }
            }
        }
        return false;
    }
    let prefix = &token[..token.len() - keyword.len()];
    if keyword.chars().count() <= 2 {
        return prefix == "و";
    }
    if PREFIXES.contains(&prefix) {
        // "ال" + a keyword that already has its article is not a word.
        return !(keyword.starts_with("ال") && prefix.ends_with("ال"));
    }
    false
}

/// The forms `token` may be a keyword in: itself and, for Arabic, what is left after each
/// attached prefix ([`matches_word`] is the judge; this only narrows the look-up).
fn cores(token: &str) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    let arabic = token.chars().next().is_some_and(is_arabic);
    let stripped = PREFIXES
        .iter()
        .filter(move |p| arabic && token.len() > p.len() && token.starts_with(*p))
        .map(move |p| std::borrow::Cow::Borrowed(&token[p.len()..]));
    let lil = ["لل", "ولل", "فلل"]
        .into_iter()
        .filter(move |p| arabic && token.len() > p.len() && token.starts_with(p))
        .map(move |p| std::borrow::Cow::Owned(format!("ال{}", &token[p.len()..])));
    std::iter::once(std::borrow::Cow::Borrowed(token)).chain(stripped).chain(lil)
}

/// A set of keywords and phrases (normalized, words separated by spaces) indexed by their
/// first word, for matching many of them against the words of a text quickly.
pub struct PhraseSet {
    phrases: Vec<Vec<String>>,
    by_first: std::collections::HashMap<String, Vec<usize>, Fnv>,
}

/// FNV-1a: keys are short words, and the sets are built from constants (no untrusted keys).
#[derive(Clone, Copy, Default)]
struct Fnv;

struct FnvHasher(u64);

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x100_0000_01b3);
        }
    }
}

impl std::hash::BuildHasher for Fnv {
    type Hasher = FnvHasher;
    fn build_hasher(&self) -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl PhraseSet {
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a str>) -> PhraseSet {
        let mut set = PhraseSet { phrases: Vec::new(), by_first: std::collections::HashMap::with_hasher(Fnv) };
        for p in phrases {
            let parts: Vec<String> = p.split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect();
            if parts.is_empty() {
                continue;
            }
            set.by_first.entry(parts[0].clone()).or_default().push(set.phrases.len());
            set.phrases.push(parts);
        }
        set
    }

    /// The phrases (by index in the list given to [`PhraseSet::new`]) that start at word `i`,
    /// with their length in words.
    pub fn at(&self, words: &[String], i: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let Some(token) = words.get(i) else { return out };
        for core in cores(token) {
            let Some(ids) = self.by_first.get(core.as_ref()) else { continue };
            for &id in ids {
                let parts = &self.phrases[id];
                if i + parts.len() <= words.len()
                    && matches_word(token, &parts[0])
                    && parts[1..].iter().enumerate().all(|(j, p)| matches_word(&words[i + 1 + j], p))
                    && !out.iter().any(|(o, _)| *o == id)
                {
                    out.push((id, parts.len()));
                }
            }
        }
        out
    }

    /// True when some phrase starts at word `i`.
    pub fn starts_at(&self, words: &[String], i: usize) -> bool {
        let Some(token) = words.get(i) else { return false };
        cores(token).any(|core| {
            self.by_first.get(core.as_ref()).is_some_and(|ids| {
                ids.iter().any(|&id| {
                    let parts = &self.phrases[id];
                    i + parts.len() <= words.len()
                        && matches_word(token, &parts[0])
                        && parts[1..].iter().enumerate().all(|(j, p)| matches_word(&words[i + 1 + j], p))
                })
            })
        })
    }

    /// True when any phrase occurs in `words`.
    pub fn any(&self, words: &[String]) -> bool {
        (0..words.len()).any(|i| self.starts_at(words, i))
    }

    /// How many distinct phrases occur in `words`.
    pub fn count(&self, words: &[String]) -> usize {
        let mut seen: Vec<usize> = (0..words.len()).flat_map(|i| self.at(words, i)).map(|(id, _)| id).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }
}

/// Where the (space-separated, normalized) `phrase` starts in `words`, each of its words
/// compared with [`matches_word`].
pub fn find_phrase(words: &[String], phrase: &str) -> Option<usize> {
    let parts: Vec<&str> = phrase.split(' ').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() || parts.len() > words.len() {
        return None;
    }
    (0..=words.len() - parts.len()).find(|&i| parts.iter().enumerate().all(|(j, p)| matches_word(&words[i + j], p)))
}

/// True when any of the phrases occurs in `words`.
pub fn has_any(words: &[String], phrases: &[&str]) -> bool {
    phrases.iter().any(|p| find_phrase(words, p).is_some())
}

/// How many of the phrases occur in `words` (each counted once).
pub fn count_any(words: &[String], phrases: &[&str]) -> usize {
    phrases.iter().filter(|p| find_phrase(words, p).is_some()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_normalized() {
        assert_eq!(normalized_words("مُمَثِّلَة، إعلان! Casting ٢٠٢٦"), vec!["ممثله", "اعلان", "casting", "2026"]);
        assert_eq!(normalized_words(""), Vec::<String>::new());
        assert_eq!(normalized_words("  ✅ 🙏 "), Vec::<String>::new());
    }

    #[test]
    fn prefixes_are_stripped_when_matching() {
        assert!(matches_word("بالرياض", "الرياض"));
        assert!(matches_word("للرياض", "الرياض"));
        assert!(matches_word("والتصوير", "تصوير"));
        assert!(matches_word("للتصوير", "تصوير"));
        assert!(matches_word("وتم", "تم"));
        assert!(!matches_word("باب", "اب"));
        assert!(!matches_word("casting", "cast"));
        assert!(!matches_word("الالرياض", "الرياض"));
    }

    #[test]
    fn no_substring_matches() {
        let w = normalized_words("مشهد في مجلس اجتماع");
        assert!(!has_any(&w, &["تم"]));
        let w = normalized_words("الطول من الكتف إلى الكعبين + عرض الاكتاف");
        assert!(!has_any(&w, &["عرض عمل"]));
        assert!(has_any(&normalized_words("عندنا عرض عمل"), &["عرض عمل"]));
    }

    #[test]
    fn phrase_sets() {
        let set = PhraseSet::new(["الرياض", "تجارب اداء", "تم", "looking for"]);
        let w = normalized_words("للرياض وتجارب الأداء، we are looking for اجتماع");
        assert_eq!(set.at(&w, 0), vec![(0, 1)]);
        assert_eq!(set.at(&w, 1), vec![(1, 2)]);
        assert_eq!(set.count(&w), 3);
        assert!(!set.any(&normalized_words("اجتماع باب")));
    }

    #[test]
    fn phrases() {
        let w = normalized_words("تعلن عن تجارب الأداء لمسرحية");
        assert_eq!(find_phrase(&w, "تجارب اداء"), Some(2));
        assert_eq!(count_any(&w, &["تجارب اداء", "مسرحيه", "فيلم"]), 2);
    }
}
