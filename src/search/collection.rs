//! A relevance test collection (talents.jsonl, calls.jsonl and judged queries-*.jsonl) loaded
//! through the production indexing code into a temporary index, and scored: recall@10 of the
//! relevant ids, and the share of queries returning any irrelevant id anywhere.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::Date;

use super::doc::{CallDoc, TalentDoc};
use super::index::{Audience, IndexError, SearchIndex};
use super::plan::{Filters, Target};

/// The collection's present day: its ages are 2026 minus the birth year, its active calls'
/// deadlines are all ahead and its closed calls' behind.
pub const TODAY: Date = time::macros::date!(2026 - 03 - 01);

/// As many results as a violation is looked for in.
const ALL_RESULTS: usize = 10_000;

#[derive(Debug, thiserror::Error)]
pub enum CollectionError {
    #[error("{path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path} line {line}: {source}")]
    Parse { path: PathBuf, line: usize, source: serde_json::Error },
    #[error(transparent)]
    Index(#[from] IndexError),
}

fn read_lines<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, CollectionError> {
    let text = std::fs::read_to_string(path).map_err(|source| CollectionError::Read { path: path.into(), source })?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|source| CollectionError::Parse { path: path.into(), line: i + 1, source }))
        .collect()
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Judged {
    pub qid: String,
    pub target: Target,
    pub query: String,
    #[serde(default)]
    pub filters: serde_json::Value,
    #[serde(default)]
    pub relevant: Vec<String>,
    #[serde(default)]
    pub irrelevant: Vec<String>,
    #[serde(default)]
    pub kind: String,
}

pub struct Collection {
    talents: SearchIndex,
    calls: SearchIndex,
}

impl Collection {
    pub fn load(dir: &Path) -> Result<Collection, CollectionError> {
        let talents = SearchIndex::in_memory(Target::Talents)?;
        for t in read_lines::<TalentDoc>(&dir.join("talents.jsonl"))? {
            talents.put_talent(&t, TODAY)?;
        }
        talents.commit("collection")?;
        let calls = SearchIndex::in_memory(Target::Calls)?;
        for c in read_lines::<CallDoc>(&dir.join("calls.jsonl"))? {
            calls.put_call(&c)?;
        }
        calls.commit("collection")?;
        Ok(Collection { talents, calls })
    }

    /// Every result of one query, best first.
    pub fn query(&self, target: Target, q: &str, filters: &serde_json::Value) -> Result<Vec<String>, CollectionError> {
        let (filters, _) = Filters::from_json(filters);
        let index = match target {
            Target::Talents => &self.talents,
            Target::Calls => &self.calls,
        };
        Ok(index.ids(&index.plan(q, filters), &Audience::Collection, TODAY, ALL_RESULTS)?)
    }
}

/// Judged queries: every `queries*.jsonl` in the directory.
pub fn judged(dir: &Path) -> Result<Vec<Judged>, CollectionError> {
    let entries = std::fs::read_dir(dir).map_err(|source| CollectionError::Read { path: dir.into(), source })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("queries") && n.ends_with(".jsonl")))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        out.extend(read_lines::<Judged>(&f)?);
    }
    Ok(out)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Score {
    pub queries: usize,
    /// Mean recall@10 of the relevant ids.
    pub recall_at_10: f64,
    /// Share of queries returning any irrelevant id.
    pub violations: f64,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub overall: Score,
    pub by_kind: BTreeMap<String, Score>,
    /// Queries that missed a relevant id or returned an irrelevant one.
    pub misses: Vec<Miss>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Miss {
    pub qid: String,
    pub query: String,
    pub missing: Vec<String>,
    pub returned_irrelevant: Vec<String>,
}

pub fn evaluate(c: &Collection, queries: &[Judged]) -> Result<Report, CollectionError> {
    let mut sums: BTreeMap<String, (usize, f64, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for q in queries {
        let ids = c.query(q.target, &q.query, &q.filters)?;
        let top: Vec<&String> = ids.iter().take(10).collect();
        let bad: Vec<String> = q.irrelevant.iter().filter(|i| ids.contains(i)).cloned().collect();
        let missing: Vec<String> = q.relevant.iter().filter(|r| !top.contains(r)).cloned().collect();
        let recall = if q.relevant.is_empty() {
            if bad.is_empty() { 1.0 } else { 0.0 }
        } else {
            (q.relevant.len() - missing.len()) as f64 / q.relevant.len() as f64
        };
        for key in ["", q.kind.as_str()] {
            let e = sums.entry(key.to_string()).or_default();
            e.0 += 1;
            e.1 += recall;
            e.2 += usize::from(!bad.is_empty());
        }
        if !missing.is_empty() || !bad.is_empty() {
            misses.push(Miss { qid: q.qid.clone(), query: q.query.clone(), missing, returned_irrelevant: bad });
        }
    }
    let score =
        |(n, r, v): (usize, f64, usize)| Score { queries: n, recall_at_10: r / n.max(1) as f64, violations: v as f64 / n.max(1) as f64 };
    let overall = sums.remove("").map(score).unwrap_or_default();
    Ok(Report { overall, by_kind: sums.into_iter().map(|(k, v)| (k, score(v))).collect(), misses })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/search/fixtures/collection")
    }

    #[test]
    fn the_collection_meets_its_targets() {
        let c = Collection::load(&fixtures()).unwrap();
        let queries = judged(&fixtures()).unwrap();
        assert_eq!(queries.len(), 60);
        let report = evaluate(&c, &queries).unwrap();
        for m in &report.misses {
            eprintln!("{} {:?}: missing {:?}, irrelevant returned {:?}", m.qid, m.query, m.missing, m.returned_irrelevant);
        }
        eprintln!("{}", serde_json::to_string_pretty(&report.by_kind).unwrap());
        assert!(report.overall.recall_at_10 >= 0.95, "recall@10 {}", report.overall.recall_at_10);
        assert!(report.overall.violations <= 0.05, "violations {}", report.overall.violations);
    }

    /// `TAKEONE_COLLECTION=DIR cargo test -p takeone --lib collection_in_dir -- --ignored --nocapture`
    /// scores another collection (more judged queries) without building the server.
    #[test]
    #[ignore]
    fn collection_in_dir() {
        let dir = PathBuf::from(std::env::var("TAKEONE_COLLECTION").expect("TAKEONE_COLLECTION=DIR"));
        let report = evaluate(&Collection::load(&dir).unwrap(), &judged(&dir).unwrap()).unwrap();
        println!("{}", serde_json::to_string_pretty(&report).unwrap());
    }

    #[test]
    fn bad_input_answers_without_failing() {
        let c = Collection::load(&fixtures()).unwrap();
        let everyone = c.query(Target::Talents, "", &serde_json::Value::Null).unwrap();
        assert_eq!(everyone.len(), 300, "an empty query browses all");
        for q in ["\"", ":", "*", "(", "ممثل AND (", &"ممثلة ".repeat(200), "actor الرياض ٣٠", "\u{0640}\u{064B}"] {
            c.query(Target::Calls, q, &serde_json::json!({"city": "Narnia", "age": "old"})).unwrap();
            c.query(Target::Talents, q, &serde_json::json!({})).unwrap();
        }
    }
}
