//! The analyzer as tantivy sees it: every word of a document or query is indexed as itself,
//! as itself without an attached prefix (بالرياض → رياض), and as its stem (الممثلين → ممثل),
//! all at one position, so any of the forms a person types finds it.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::search::analyze;

/// The name the tokenizer is registered under in every index.
pub const NAME: &str = "takeone";

fn stem(word: &str) -> Option<String> {
    thread_local! {
        static ARABIC: frostem::Stemmer = frostem::Stemmer::new(frostem::Algorithm::Arabic);
        static ENGLISH: frostem::Stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
    }
    if word.chars().count() < 4 || word.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let arabic = word.chars().next().is_some_and(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    let stemmed = if arabic { ARABIC.with(|s| s.stem(word).into_owned()) } else { ENGLISH.with(|s| s.stem(word).into_owned()) };
    // The stemmer knows nothing of our normalization; run its output through it again.
    let stemmed = analyze::normalize(&stemmed);
    (stemmed.chars().count() >= 2 && stemmed != word).then_some(stemmed)
}

/// The terms one normalized word is indexed (and searched) under.
pub fn word_terms(word: &str) -> Vec<String> {
    let mut out = analyze::variants(word);
    for v in out.clone() {
        if let Some(s) = stem(&v)
            && !out.contains(&s)
        {
            out.push(s);
        }
    }
    out
}

#[derive(Clone, Default)]
pub struct TakeoneTokenizer;

pub struct Terms {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for Terms {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for TakeoneTokenizer {
    type TokenStream<'a> = Terms;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Terms {
        let mut tokens = Vec::new();
        for (position, word) in analyze::tokens(text).iter().enumerate() {
            for term in word_terms(word) {
                tokens.push(Token { offset_from: 0, offset_to: 0, position, text: term, position_length: 1 });
            }
        }
        Terms { tokens, next: 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut t = TakeoneTokenizer;
        let mut s = t.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            out.push(s.token().text.clone());
        }
        out
    }

    #[test]
    fn forms_of_one_word_meet() {
        let plural = terms("للممثلين");
        let feminine = terms("الممثلة");
        assert!(plural.iter().any(|t| feminine.contains(t)), "{plural:?} {feminine:?}");
        assert!(terms("بالرياض").contains(&"رياض".to_string()));
        assert!(terms("Dancers").contains(&"dancer".to_string()));
        assert_eq!(terms("٣٬٠٠٠"), ["3000"], "numbers are not stemmed");
    }
}
