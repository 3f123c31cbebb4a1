//! Scoring an extractor against labelled posts (the development set's JSON lines, see
//! `shared/data/casting-posts/README.md`).
//!
//! Field accuracy is computed over the posts whose expected `is_casting_call` is true (a post
//! the extractor wrongly calls "not a call" counts with the empty fields it returned):
//!
//! | field | correct when |
//! |---|---|
//! | company | both null, or equal after Arabic normalization, case folding and collapsing spaces |
//! | location_city | both null, or equal ignoring case, spaces, hyphens and apostrophes ("AlUla" = "Al-Ula") |
//! | gender | the multisets of role genders are equal (so the number of roles matters too) |
//! | age range | the multisets of (age_min, age_max) of the roles are equal |
//! | compensation_amount_sar | equal (both null, or the same number) |
//! | deadline | equal dates (both null, or the same day) |
//! | contact | phone, email, whatsapp and url all equal after normalization: phones as `+` and digits, e-mails trimmed and lower-cased, links trimmed, scheme, `www.` and a trailing `/` dropped, lower-cased |
//! | language | equal |
//! | roles count | equal number of roles |
//!
//! `is_casting_call` is scored over all posts: precision, recall and F1 of "is a call".

use super::extraction::{Contact, ExtractInput, Extraction, Gender, SourceType};
use crate::text::normalize_for_search;
use serde::Deserialize;
use std::fmt;

#[derive(Clone, Debug, Deserialize)]
pub struct LabelledPost {
    pub id: String,
    pub text: String,
    pub source_type: SourceType,
    pub expected: Extraction,
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("line {line}: {source}")]
    Json { line: usize, source: serde_json::Error },
}

/// Parses JSON lines of labelled posts; blank lines are skipped, unknown fields ignored.
pub fn parse_labelled(jsonl: &str) -> Result<Vec<LabelledPost>, EvalError> {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|source| EvalError::Json { line: i + 1, source }))
        .collect()
}

/// The fields scored over the calls, in table order.
pub const FIELDS: [&str; 9] =
    ["company", "location_city", "gender", "age range", "compensation_amount_sar", "deadline", "contact", "language", "roles count"];

/// One wrong field of one post.
#[derive(Clone, Debug)]
pub struct Miss {
    pub id: String,
    pub field: &'static str,
    pub expected: String,
    pub got: String,
}

#[derive(Clone, Debug, Default)]
pub struct EvalReport {
    /// All posts scored.
    pub posts: usize,
    /// Posts whose expected `is_casting_call` is true.
    pub calls: usize,
    /// Correct answers per field of [`FIELDS`], over `calls`.
    pub correct: [usize; 9],
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub misses: Vec<Miss>,
}

impl EvalReport {
    /// Accuracy of a field of [`FIELDS`] (1.0 when there are no calls).
    pub fn accuracy(&self, field: &str) -> f64 {
        let Some(i) = FIELDS.iter().position(|f| *f == field) else { return 0.0 };
        if self.calls == 0 { 1.0 } else { self.correct[i] as f64 / self.calls as f64 }
    }

    pub fn precision(&self) -> f64 {
        let d = self.true_positives + self.false_positives;
        if d == 0 { 1.0 } else { self.true_positives as f64 / d as f64 }
    }

    pub fn recall(&self) -> f64 {
        let d = self.true_positives + self.false_negatives;
        if d == 0 { 1.0 } else { self.true_positives as f64 / d as f64 }
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }

    /// F1 >= 0.95 and accuracy >= 0.85 on city, gender, age range, deadline and contact.
    pub fn meets_targets(&self) -> bool {
        self.f1() >= 0.95 && ["location_city", "gender", "age range", "deadline", "contact"].iter().all(|f| self.accuracy(f) >= 0.85)
    }
}

fn norm_company(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|c| normalize_for_search(c).split_whitespace().collect::<Vec<_>>().join(" "))
}

fn norm_city(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|c| c.chars().filter(|ch| ch.is_alphanumeric()).flat_map(char::to_lowercase).collect())
}

fn norm_phone(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|p| {
        let digits: String = crate::text::ascii_digits(p).chars().filter(|c| c.is_ascii_digit()).collect();
        format!("+{digits}")
    })
}

fn norm_url(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|u| {
        let u = u.trim().to_lowercase();
        let u = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://")).unwrap_or(&u).to_string();
        let u = u.strip_prefix("www.").unwrap_or(&u);
        u.trim_end_matches('/').to_string()
    })
}

fn norm_contact(c: &Contact) -> [Option<String>; 4] {
    [norm_phone(&c.phone), c.email.as_ref().map(|e| e.trim().to_lowercase()), norm_phone(&c.whatsapp), norm_url(&c.url)]
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

fn gender_key(g: Option<Gender>) -> u8 {
    match g {
        None => 0,
        Some(Gender::Male) => 1,
        Some(Gender::Female) => 2,
        Some(Gender::Any) => 3,
    }
}

fn show<T: fmt::Debug>(v: &T) -> String {
    format!("{v:?}")
}

/// Runs `extract` on every post (with no `received_on`, the labelled set's convention) and
/// scores it: each field of [`FIELDS`] is compared as the table of the module documentation
/// says (gender and age range as multisets over the roles, contact as all four fields after
/// normalization), over the posts whose expected `is_casting_call` is true; precision, recall
/// and F1 of `is_casting_call` over all posts.
pub fn score(posts: &[LabelledPost], extract: impl Fn(&ExtractInput) -> Extraction) -> EvalReport {
    let mut r = EvalReport { posts: posts.len(), ..EvalReport::default() };
    for p in posts {
        let got = extract(&ExtractInput { text: p.text.clone(), source_type: p.source_type, received_on: None });
        let exp = &p.expected;
        match (exp.is_casting_call, got.is_casting_call) {
            (true, true) => r.true_positives += 1,
            (false, true) => r.false_positives += 1,
            (true, false) => r.false_negatives += 1,
            (false, false) => {}
        }
        if !exp.is_casting_call {
            if got.is_casting_call {
                r.misses.push(Miss { id: p.id.clone(), field: "is_casting_call", expected: "false".into(), got: "true".into() });
            }
            continue;
        }
        r.calls += 1;
        if !got.is_casting_call {
            r.misses.push(Miss { id: p.id.clone(), field: "is_casting_call", expected: "true".into(), got: "false".into() });
        }
        let genders = |e: &Extraction| sorted(e.roles.iter().map(|x| gender_key(x.gender)).collect::<Vec<_>>());
        let ages = |e: &Extraction| sorted(e.roles.iter().map(|x| (x.age_min, x.age_max)).collect::<Vec<_>>());
        let checks: [(bool, String, String); 9] = [
            (norm_company(&exp.company) == norm_company(&got.company), show(&exp.company), show(&got.company)),
            (norm_city(&exp.location_city) == norm_city(&got.location_city), show(&exp.location_city), show(&got.location_city)),
            (
                genders(exp) == genders(&got),
                show(&exp.roles.iter().map(|x| x.gender).collect::<Vec<_>>()),
                show(&got.roles.iter().map(|x| x.gender).collect::<Vec<_>>()),
            ),
            (ages(exp) == ages(&got), show(&ages(exp)), show(&ages(&got))),
            (
                exp.compensation_amount_sar == got.compensation_amount_sar,
                show(&exp.compensation_amount_sar),
                show(&got.compensation_amount_sar),
            ),
            (exp.deadline == got.deadline, show(&exp.deadline), show(&got.deadline)),
            (norm_contact(&exp.contact) == norm_contact(&got.contact), show(&exp.contact), show(&got.contact)),
            (exp.language == got.language, show(&exp.language), show(&got.language)),
            (exp.roles.len() == got.roles.len(), exp.roles.len().to_string(), got.roles.len().to_string()),
        ];
        for (i, (ok, e, g)) in checks.into_iter().enumerate() {
            if ok {
                r.correct[i] += 1;
            } else {
                r.misses.push(Miss { id: p.id.clone(), field: FIELDS[i], expected: e, got: g });
            }
        }
    }
    r
}

impl fmt::Display for EvalReport {
    /// The table; the alternate form (`{:#}`) also lists every miss.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} posts, {} casting calls", self.posts, self.calls)?;
        writeln!(f, "| field | correct | accuracy |")?;
        writeln!(f, "|---|---:|---:|")?;
        for (i, field) in FIELDS.iter().enumerate() {
            writeln!(f, "| {field} | {}/{} | {:.3} |", self.correct[i], self.calls, self.accuracy(field))?;
        }
        writeln!(
            f,
            "| is_casting_call precision | {}/{} | {:.3} |",
            self.true_positives,
            self.true_positives + self.false_positives,
            self.precision()
        )?;
        writeln!(
            f,
            "| is_casting_call recall | {}/{} | {:.3} |",
            self.true_positives,
            self.true_positives + self.false_negatives,
            self.recall()
        )?;
        writeln!(f, "| is_casting_call F1 | | {:.3} |", self.f1())?;
        writeln!(
            f,
            "targets (F1 >= 0.95; city, gender, age range, deadline, contact >= 0.85): {}",
            if self.meets_targets() { "met" } else { "NOT met" }
        )?;
        if f.alternate() {
            for m in &self.misses {
                writeln!(f, "  {} {}: expected {}, got {}", m.id, m.field, m.expected, m.got)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::extract::RuleExtractor;

    const DEV: &str = include_str!("fixtures/casting-posts-dev.jsonl");

    #[test]
    fn parses_the_dev_set() {
        let posts = parse_labelled(DEV).unwrap();
        assert_eq!(posts.len(), 60);
        assert!(posts.iter().any(|p| p.expected.is_casting_call) && posts.iter().any(|p| !p.expected.is_casting_call));
    }

    #[test]
    fn errors_name_the_line() {
        let bad = format!("{}\n\n{{\"id\": 1}}\n", DEV.lines().next().unwrap());
        let err = parse_labelled(&bad).unwrap_err().to_string();
        assert!(err.starts_with("line 3:"), "{err}");
    }

    #[test]
    fn perfect_extractor_scores_one() {
        let posts = parse_labelled(DEV).unwrap();
        let by_text: std::collections::HashMap<&str, &Extraction> = posts.iter().map(|p| (p.text.as_str(), &p.expected)).collect();
        let r = score(&posts, |i| by_text[i.text.as_str()].clone());
        assert!(r.meets_targets());
        assert_eq!(r.f1(), 1.0);
        assert!(FIELDS.iter().all(|f| r.accuracy(f) == 1.0));
        let r = score(&posts, |i| Extraction::not_a_call(by_text[i.text.as_str()].language));
        assert_eq!(r.recall(), 0.0);
        assert!(!r.meets_targets());
    }

    #[test]
    fn rule_extractor_meets_targets_on_the_dev_set() {
        let posts = parse_labelled(DEV).unwrap();
        let extractor = RuleExtractor::new();
        let report = score(&posts, |input| extractor.extract(input));
        assert!(report.meets_targets(), "\n{report:#}");
    }

    #[test]
    fn prefilter_keeps_every_call_of_the_dev_set() {
        for p in parse_labelled(DEV).unwrap().iter().filter(|p| p.expected.is_casting_call) {
            assert!(
                !super::super::filter::is_clearly_not_casting(&p.text),
                "{} dropped (score {})",
                p.id,
                super::super::filter::casting_score(&p.text)
            );
        }
    }
}
