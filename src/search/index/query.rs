//! The text half of a search as a tantivy query: concepts as constant scores, each typed word
//! as the best of its forms in names and text (and one typo away on long words), numbers as
//! structured values or text. Built from terms, never parsed: no input is query syntax.

use tantivy::Term;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use super::analyzer::word_terms;
use super::schema::Fields;
use crate::search::analyze::{self, Concept};
use crate::search::plan::{Plan, Target};
use crate::search::rank;

fn key(f: &Fields, term: &str, score: f32) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(Box::new(TermQuery::new(Term::from_field_text(f.keys, term), IndexRecordOption::Basic)), score))
}

fn bm25(field: tantivy::schema::Field, term: &str, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(Box::new(TermQuery::new(Term::from_field_text(field, term), IndexRecordOption::WithFreqs)), boost))
}

fn word(f: &Fields, w: &str) -> Box<dyn Query> {
    let mut forms: Vec<Box<dyn Query>> = Vec::new();
    for t in word_terms(w) {
        forms.push(bm25(f.names, &t, rank::NAME_WORD));
        forms.push(bm25(f.body, &t, rank::BODY_WORD));
    }
    for v in analyze::variants(w) {
        if v.chars().count() >= 5 {
            for field in [f.names, f.body] {
                let fuzzy = FuzzyTermQuery::new(Term::from_field_text(field, &v), 1, true);
                forms.push(Box::new(BoostQuery::new(Box::new(fuzzy), rank::FUZZY_WORD)));
            }
        }
        if let Some(k) = analyze::name_key(&v) {
            forms.push(key(f, &format!("nk:{k}"), rank::NAME_KEY));
        }
    }
    Box::new(DisjunctionMaxQuery::new(forms))
}

/// Concepts a call's roles carry are scored role by role, by the collector; the rest here.
pub fn is_role_level(target: Target, c: Concept) -> bool {
    target == Target::Calls && matches!(c, Concept::Skill(_) | Concept::Dialect(_))
}

/// `None` when the plan has no text part (browse): every document is a candidate.
pub fn text(f: &Fields, target: Target, plan: &Plan) -> Option<Box<dyn Query>> {
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for c in plan.concepts.iter().filter(|c| !is_role_level(target, **c)) {
        should.push((Occur::Should, key(f, &c.term(), rank::CONCEPT)));
    }
    for w in &plan.words {
        should.push((Occur::Should, word(f, w)));
    }
    for n in &plan.numbers {
        let forms: Vec<Box<dyn Query>> = vec![key(f, &format!("num:{n}"), rank::NUMBER), bm25(f.body, &n.to_string(), rank::BODY_WORD)];
        should.push((Occur::Should, Box::new(DisjunctionMaxQuery::new(forms))));
    }
    // Role-level concepts are the collector's: every call is a candidate for them, whatever
    // else the text says (a call matching only the role still counts).
    if !should.is_empty() && plan.concepts.iter().any(|c| is_role_level(target, *c)) {
        should.push((Occur::Should, Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0))));
    }
    (!should.is_empty()).then(|| Box::new(BooleanQuery::new(should)) as Box<dyn Query>)
}

/// The query's words in order, in a name or title.
pub fn phrase(f: &Fields, plan: &Plan) -> Option<Box<dyn Query>> {
    (plan.phrase.len() >= 2).then(|| {
        let terms = plan.phrase.iter().map(|w| Term::from_field_text(f.names, w)).collect();
        Box::new(tantivy::query::PhraseQuery::new(terms)) as Box<dyn Query>
    })
}

/// Every document, for browsing and for plans whose only text part is role-level.
pub fn all() -> Box<dyn Query> {
    Box::new(AllQuery)
}
