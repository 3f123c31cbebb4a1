//! Why a hit matched: the words of its title and snippet that answer the query, marked.

use super::analyze::{self, Concept};

/// `text` cut into pieces, each marked when it is a word the query asked for (in any of its
/// spellings, with or without an attached prefix, or as a synonym of a concept it named).
pub fn highlight(text: &str, query: &str) -> Vec<(String, bool)> {
    let q_tokens = analyze::tokens(query);
    let q_concepts: Vec<Concept> = analyze::query_concepts(&q_tokens).into_iter().map(|f| f.concept).collect();
    let q_forms: Vec<String> = q_tokens.iter().flat_map(|t| analyze::variants(t)).collect();
    // Words of the text with their byte ranges, so marks keep the text exactly as written.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let part_of_word = c.is_alphanumeric() || ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0640}' || c == '\'';
        match (part_of_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, text.len()));
    }
    let normalized: Vec<String> = words.iter().map(|(s, e)| analyze::normalize(&text[*s..*e])).collect();
    let mut marked = vec![false; words.len()];
    for (i, n) in normalized.iter().enumerate() {
        if !n.is_empty() && analyze::variants(n).iter().any(|v| q_forms.contains(v)) {
            marked[i] = true;
        }
    }
    // Concepts the text states that the query named (دبلجة for "voice over").
    let tokens: Vec<String> = normalized.iter().map(|n| n.split(' ').next().unwrap_or_default().to_string()).collect();
    for f in analyze::concepts(&tokens) {
        if q_concepts.contains(&f.concept) {
            marked[f.start..f.start + f.len].iter_mut().for_each(|m| *m = true);
        }
    }
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut at = 0;
    let mut push = |s: &str, mark: bool| {
        if s.is_empty() {
            return;
        }
        match out.last_mut() {
            Some((prev, m)) if *m == mark => prev.push_str(s),
            _ => out.push((s.to_string(), mark)),
        }
    };
    for (i, (s, e)) in words.iter().enumerate() {
        push(&text[at..*s], false);
        push(&text[*s..*e], marked[i]);
        at = *e;
    }
    push(&text[at..], false);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(text: &str, q: &str) -> Vec<String> {
        highlight(text, q).into_iter().filter(|(_, m)| *m).map(|(s, _)| s).collect()
    }

    #[test]
    fn the_words_that_matched_are_marked() {
        assert_eq!(marks("مطلوب ممثلة بالرياض لإعلان", "ممثلة الرياض"), ["ممثلة", "بالرياض"]);
        assert_eq!(marks("Voice actors for dubbing", "تعليق صوتي"), ["dubbing"]);
        assert_eq!(marks("Nothing here", "ممثل"), Vec::<String>::new());
        let whole: String = highlight("a «b» c", "b").into_iter().map(|(s, _)| s).collect();
        assert_eq!(whole, "a «b» c", "the text is kept as written");
    }
}
