//! The in-process indexes (tantivy): one for talent, one for casting calls, each on disk under
//! the data directory (or in memory for a test collection). Every node keeps its own; what it
//! has applied from the database's change feed is saved with each commit, so a restarted node
//! resumes where it stopped.

mod analyzer;
mod collect;
pub mod query;
mod schema;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use tantivy::directory::MmapDirectory;
use tantivy::schema::Value;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use time::Date;

pub use collect::Audience;
use collect::{Constraints, Counts, SearchCollector};
use schema::Fields;

use super::doc::{CallDoc, TalentDoc};
use super::facts;
use super::plan::{Plan, Target};
use super::results::{Facet, Hit, MAX_PAGES, PAGE_SIZE, SearchResults};

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("search index directory {path}: {source}")]
    Dir { path: String, source: std::io::Error },
    #[error("search index directory: {0}")]
    Open(#[from] tantivy::directory::error::OpenDirectoryError),
    /// Another process writes this directory: each server needs its own.
    #[error("search index directory {path} is in use by another process: give each server its own TAKEONE_SEARCH_DIR")]
    Busy { path: String },
}

/// Writer memory per index: enough for batches of thousands, small enough for two indexes on
/// one web node.
const WRITER_BYTES: usize = 20_000_000;

pub struct SearchIndex {
    target: Target,
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it if needed. An index written by another version of
    /// the schema is dropped and created empty: the caller rebuilds it from the database.
    pub fn open(dir: &Path, target: Target) -> Result<SearchIndex, IndexError> {
        let io = |e| IndexError::Dir { path: dir.display().to_string(), source: e };
        std::fs::create_dir_all(dir).map_err(io)?;
        let (schema, fields) = schema::schema();
        let index = match Index::open_or_create(MmapDirectory::open(dir)?, schema.clone()) {
            Ok(i) => i,
            Err(tantivy::TantivyError::SchemaError(_)) => {
                tracing::warn!(dir = %dir.display(), "search index schema changed; rebuilding");
                std::fs::remove_dir_all(dir).map_err(io)?;
                std::fs::create_dir_all(dir).map_err(io)?;
                Index::create_in_dir(dir, schema)?
            }
            Err(e) => return Err(e.into()),
        };
        SearchIndex::with(index, fields, target).map_err(|e| match e {
            IndexError::Tantivy(tantivy::TantivyError::LockFailure(tantivy::directory::error::LockError::LockBusy, _)) => {
                IndexError::Busy { path: dir.display().to_string() }
            }
            other => other,
        })
    }

    /// An index in memory, for a test collection.
    pub fn in_memory(target: Target) -> Result<SearchIndex, IndexError> {
        let (schema, fields) = schema::schema();
        SearchIndex::with(Index::create_in_ram(schema), fields, target)
    }

    fn with(index: Index, fields: Fields, target: Target) -> Result<SearchIndex, IndexError> {
        index.tokenizers().register(analyzer::NAME, tantivy::tokenizer::TextAnalyzer::from(analyzer::TakeoneTokenizer));
        let writer = index.writer_with_num_threads(1, WRITER_BYTES)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { target, index, reader, writer: Mutex::new(writer), fields })
    }

    pub fn target(&self) -> Target {
        self.target
    }

    fn writer(&self) -> std::sync::MutexGuard<'_, IndexWriter> {
        // A panic while holding the writer leaves nothing half-done that a commit would keep.
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds or replaces a talent profile (not yet visible: see `commit`).
    pub fn put_talent(&self, t: &TalentDoc, today: Date) -> Result<(), IndexError> {
        let w = self.writer();
        w.delete_term(Term::from_field_text(self.fields.id, &t.id));
        w.add_document(schema::talent(&self.fields, t, today))?;
        Ok(())
    }

    pub fn put_call(&self, c: &CallDoc) -> Result<(), IndexError> {
        let w = self.writer();
        w.delete_term(Term::from_field_text(self.fields.id, &c.id));
        w.add_document(schema::call(&self.fields, c))?;
        Ok(())
    }

    pub fn remove(&self, id: &str) {
        self.writer().delete_term(Term::from_field_text(self.fields.id, id));
    }

    pub fn clear(&self) -> Result<(), IndexError> {
        self.writer().delete_all_documents()?;
        Ok(())
    }

    /// Makes every change so far searchable, saving `position` (how far the change feed was
    /// applied) with them in one commit.
    pub fn commit(&self, position: &str) -> Result<(), IndexError> {
        {
            let mut w = self.writer();
            let mut prepared = w.prepare_commit()?;
            prepared.set_payload(position);
            prepared.commit()?;
        }
        self.reader.reload()?;
        Ok(())
    }

    /// What the last commit saved as its position, if anything was ever committed.
    pub fn position(&self) -> Result<Option<String>, IndexError> {
        Ok(self.index.load_metas()?.payload)
    }

    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the documents use `word` (normalized) in a name or their text.
    pub fn knows(&self, word: &str) -> bool {
        let searcher = self.reader.searcher();
        searcher.segment_readers().iter().any(|seg| {
            [self.fields.names, self.fields.body]
                .iter()
                .any(|f| seg.inverted_index(*f).ok().and_then(|ii| ii.terms().get(word.as_bytes()).ok().flatten()).is_some())
        })
    }

    /// Reads a query against this index's vocabulary (its words are never taken for typos).
    pub fn plan(&self, query: &str, filters: super::plan::Filters) -> Plan {
        Plan::with_vocabulary(query, filters, &|w| self.knows(w))
    }

    /// Answers a search: page `page` (1-based) of `PAGE_SIZE` hits, with facet counts.
    pub fn search(&self, plan: &Plan, audience: &Audience, today: Date, page: usize) -> Result<SearchResults, IndexError> {
        let page = page.clamp(1, usize::MAX / PAGE_SIZE);
        let (hits, total, counts) = self.ranked(plan, audience, today, PAGE_SIZE * page.min(MAX_PAGES), PAGE_SIZE * (page - 1))?;
        let pages = total.div_ceil(PAGE_SIZE).min(MAX_PAGES);
        Ok(SearchResults { hits, total, page, pages, facets: self.facets(&counts), ignored: Vec::new() })
    }

    /// The ids of the best `limit` results, best first (the evaluation's view).
    pub fn ids(&self, plan: &Plan, audience: &Audience, today: Date, limit: usize) -> Result<Vec<String>, IndexError> {
        Ok(self.ranked(plan, audience, today, limit, 0)?.0.into_iter().map(|h| h.id).collect())
    }

    /// Where the best `limit` results are, best first, without reading their stored fields
    /// (percolation maps them to ids once per batch, see `ids_by_address`).
    pub fn addresses(&self, plan: &Plan, audience: &Audience, today: Date, limit: usize) -> Result<Vec<DocAddress>, IndexError> {
        Ok(self.collect(plan, audience, today, limit)?.1.top.into_iter().map(|(_, a)| a).collect())
    }

    /// Every document's id by where it is (for a small index: it reads them all).
    pub fn ids_by_address(&self) -> Result<HashMap<DocAddress, String>, IndexError> {
        let searcher = self.reader.searcher();
        let mut out = HashMap::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            for doc in segment.doc_ids_alive() {
                let addr = DocAddress::new(ord as u32, doc);
                let stored: TantivyDocument = searcher.doc(addr)?;
                out.insert(addr, stored.get_first(self.fields.id).and_then(|v| v.as_str()).unwrap_or_default().to_string());
            }
        }
        Ok(out)
    }

    fn collect(
        &self,
        plan: &Plan,
        audience: &Audience,
        today: Date,
        limit: usize,
    ) -> Result<(tantivy::Searcher, collect::Outcome), IndexError> {
        let text = query::text(&self.fields, self.target, plan);
        let searcher = self.reader.searcher();
        let exact = match query::phrase(&self.fields, plan) {
            Some(p) if plan.filters.is_empty() => searcher.search(&*p, &tantivy::collector::DocSetCollector)?,
            _ => Default::default(),
        };
        let constraints = Arc::new(Constraints::new(self.target, plan, text.is_some(), today).with_exact(exact));
        let collector = SearchCollector { constraints, audience: audience.clone(), limit: limit.max(1) };
        let q = text.unwrap_or_else(query::all);
        let outcome = searcher.search(&*q, &collector)?;
        Ok((searcher, outcome))
    }

    fn ranked(
        &self,
        plan: &Plan,
        audience: &Audience,
        today: Date,
        limit: usize,
        skip: usize,
    ) -> Result<(Vec<Hit>, usize, Counts), IndexError> {
        let (searcher, outcome) = self.collect(plan, audience, today, limit)?;
        let mut hits = Vec::new();
        for (score, addr) in outcome.top.into_iter().skip(skip).take(limit.saturating_sub(skip)) {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let text = |f| doc.get_first(f).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            hits.push(Hit { id: text(self.fields.id), title: text(self.fields.title), snippet: text(self.fields.snippet), score });
        }
        Ok((hits, outcome.total, outcome.counts))
    }

    fn facets(&self, c: &Counts) -> Vec<Facet> {
        fn facet<'a>(name: &str, values: impl IntoIterator<Item = (&'a str, u32)>) -> Facet {
            let mut values: Vec<(String, u32)> = values.into_iter().filter(|(_, n)| *n > 0).map(|(v, n)| (v.to_string(), n)).collect();
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            Facet { name: name.to_string(), values }
        }
        let by_code = |counts: &[u32], of: fn(u64) -> Option<&'static str>| -> Vec<(&'static str, u32)> {
            counts.iter().enumerate().filter_map(|(i, n)| Some((of(i as u64)?, *n))).collect()
        };
        let bits = |counts: &[u32], of: fn(u64) -> Box<dyn Iterator<Item = &'static str>>| -> Vec<(&'static str, u32)> {
            counts.iter().enumerate().filter_map(|(i, n)| Some((of(1 << i).next()?, *n))).collect()
        };
        let yes_no = |counts: &[u32; 2]| vec![("true", counts[1]), ("false", counts[0])];
        let skills = bits(&c.skills, |m| Box::new(facts::skills_of(m)));
        match self.target {
            Target::Talents => vec![
                facet("city", by_code(&c.city, facts::city_of_code)),
                facet("gender", by_code(&c.gender, facts::gender_of_code)),
                facet("skill", skills),
                facet("dialect", bits(&c.dialects, |m| Box::new(facts::dialects_of(m)))),
                facet("language", bits(&c.languages, |m| Box::new(facts::languages_of(m)))),
                facet("experience", by_code(&c.experience, facts::experience_of_code)),
                facet("verified", yes_no(&c.verified)),
            ],
            Target::Calls => vec![
                facet("city", by_code(&c.city, facts::city_of_code)),
                facet("gender", by_code(&c.gender, facts::gender_of_code)),
                facet("skill", skills),
                facet("paid", yes_no(&c.paid)),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::doc::RoleDoc;
    use crate::search::plan::Filters;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 03 - 01);

    fn talent(id: &str, skills: &[&str], city: &str, verified: bool, inactive: i64, completeness: u8) -> TalentDoc {
        TalentDoc {
            id: id.into(),
            stage_name: format!("Talent {id}"),
            gender: Some("female".into()),
            birth_year: Some(1995),
            playing_age_min: Some(25),
            playing_age_max: Some(35),
            city: Some(city.into()),
            skills: skills.iter().map(|s| s.to_string()).collect(),
            verified,
            last_active_days: inactive,
            visibility: "public".into(),
            completeness: Some(completeness),
            ..TalentDoc::default()
        }
    }

    fn order(index: &SearchIndex, q: &str) -> Vec<String> {
        index.ids(&index.plan(q, Filters::default()), &Audience::Public, TODAY, 100).unwrap()
    }

    #[test]
    fn ranking_weights_pin_the_order() {
        let index = SearchIndex::in_memory(Target::Talents).unwrap();
        for t in [
            talent("inactive", &["acting"], "riyadh", true, 200, 100),
            talent("plain", &["acting"], "riyadh", false, 3, 20),
            talent("verified", &["acting"], "riyadh", true, 3, 20),
            talent("complete", &["acting"], "riyadh", false, 3, 100),
            talent("both-skills", &["acting", "extras"], "riyadh", false, 400, 0),
            talent("dancer", &["dancing"], "riyadh", true, 1, 100),
            talent("khobar", &["acting"], "khobar", true, 1, 100),
            talent("dammam", &["acting"], "dammam", false, 1, 0),
        ] {
            index.put_talent(&t, TODAY).unwrap();
        }
        index.commit("test").unwrap();
        assert_eq!(
            order(&index, "ممثلة ومجاميع الرياض"),
            ["both-skills", "verified", "complete", "plain", "inactive"],
            "two concepts before one, however inactive; then verified, completeness, activity; never the dancer"
        );
        assert_eq!(order(&index, "actress Dammam"), ["dammam", "khobar"], "the city asked for, then its neighbour");
        assert!(order(&index, "ممثل الطائف").is_empty(), "a hard city");
    }

    #[test]
    fn a_directory_another_writer_holds_is_refused_naming_the_setting() {
        let dir = std::env::temp_dir().join(format!("takeone-index-busy-{}", uuid::Uuid::new_v4().simple()));
        let first = SearchIndex::open(&dir, Target::Calls).unwrap();
        let err = SearchIndex::open(&dir, Target::Calls).err().unwrap();
        assert!(matches!(err, IndexError::Busy { .. }), "{err}");
        assert!(err.to_string().contains("TAKEONE_SEARCH_DIR"), "{err}");
        drop(first);
        assert!(SearchIndex::open(&dir, Target::Calls).is_ok(), "free again once the first is gone");
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn role(gender: &str, lo: i32, hi: i32, skills: &[&str]) -> RoleDoc {
        RoleDoc {
            name: "role".into(),
            gender: gender.into(),
            age_min: lo,
            age_max: hi,
            skills: skills.iter().map(|s| s.to_string()).collect(),
            ..RoleDoc::default()
        }
    }

    fn call(id: &str, roles: Vec<RoleDoc>, deadline: &str, paid: bool) -> CallDoc {
        CallDoc {
            id: id.into(),
            title_ar: format!("تجربة أداء {id}"),
            description_ar: "تصوير في الرياض".into(),
            city: "riyadh".into(),
            roles,
            paid,
            deadline: Some(deadline.into()),
            status: "active".into(),
            ..CallDoc::default()
        }
    }

    #[test]
    fn calls_rank_by_role_fit_then_deadline_and_pay_and_facets_count_results() {
        let index = SearchIndex::in_memory(Target::Calls).unwrap();
        for c in [
            call("far-unpaid", vec![role("female", 20, 40, &["acting"])], "2026-06-01", false),
            call("soon-paid", vec![role("female", 20, 40, &["acting"])], "2026-03-03", true),
            call("far-paid", vec![role("female", 20, 40, &["acting"])], "2026-06-01", true),
            call("split", vec![role("male", 20, 40, &["acting"]), role("female", 20, 40, &["extras"])], "2026-03-02", true),
            call("any", vec![role("any", 18, 60, &["extras", "acting"])], "2026-06-01", false),
            call("past", vec![role("female", 20, 40, &["acting"])], "2026-02-01", true),
        ] {
            index.put_call(&c).unwrap();
        }
        index.commit("test").unwrap();
        assert_eq!(
            order(&index, "ممثلة"),
            ["soon-paid", "far-paid", "far-unpaid", "any"],
            "an actress role (female or any) on one role; sooner and paid first; the split call's acting role is for men; past deadlines are closed"
        );
        let plan = index.plan("", Filters::default());
        let r = index.search(&plan, &Audience::Public, TODAY, 1).unwrap();
        assert_eq!(r.total, 5);
        let skill = r.facets.iter().find(|f| f.name == "skill").unwrap();
        assert_eq!(skill.values, [("acting".to_string(), 5), ("extras".to_string(), 2)]);
        let r = index.search(&plan, &Audience::Public, TODAY, 99).unwrap();
        assert!(r.hits.is_empty() && r.total == 5 && r.page == 99, "a page past the end is empty, not an error");
    }
}
