//! Saved-search alerts by percolation. Each run reads the calls and profiles committed since the
//! last run of its frequency (the change feed, from a cursor kept in the database), puts just
//! those documents in a small index in memory, and runs every saved search's query against it:
//! the work follows what changed, not how many searches are saved. What a saved search finds is
//! told once per item (`saved_search_hits`), in the bell and by mail, and the cursor moves in
//! the same transaction, so a run that fails is done again whole by the next tick.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::PgPool;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::doc::{CallDoc, TalentDoc};
use super::facts;
use super::feed::{self, SearchNode};
use super::index::{Audience, IndexError, SearchIndex};
use super::plan::{Filters, Plan, Target};
use super::saved::saved_link;
use super::service::{SearchError, hirer_org, minors_of, target_str};
use crate::account::Accounts;
use crate::notify::{Notice, NoticeKind, notify_many, params_object};

/// What one run did, for the log and the benchmark.
#[derive(Clone, Debug, Default)]
pub struct AlertRun {
    /// Calls and profiles changed since the previous run.
    pub changed: usize,
    /// Saved searches matched against them.
    pub searches: usize,
    /// (saved search, item) pairs found, before those told before are set aside.
    pub found: usize,
    /// Saved searches that told their owner of something new.
    pub told: usize,
    /// Building the in-memory indexes and matching every saved search against them.
    pub matching: Duration,
    pub total: Duration,
}

/// Changed documents matched in one in-memory index at a time (bounds its memory).
const BATCH: usize = 2_000;

/// A few changed documents in an index of their own, to match saved searches against.
pub struct Percolator {
    batch: SearchIndex,
    /// Each document's id, read once: thousands of searches may find the same few.
    ids: HashMap<tantivy::DocAddress, String>,
}

impl Percolator {
    pub fn calls(docs: &[CallDoc]) -> Result<Percolator, IndexError> {
        let batch = SearchIndex::in_memory(Target::Calls)?;
        for d in docs {
            batch.put_call(d)?;
        }
        batch.commit("")?;
        let ids = batch.ids_by_address()?;
        Ok(Percolator { batch, ids })
    }

    pub fn talents(docs: &[TalentDoc], today: Date) -> Result<Percolator, IndexError> {
        let batch = SearchIndex::in_memory(Target::Talents)?;
        for d in docs {
            batch.put_talent(d, today)?;
        }
        batch.commit("")?;
        let ids = batch.ids_by_address()?;
        Ok(Percolator { batch, ids })
    }

    /// The ids of the documents the search finds, as the search page would among all of them:
    /// the query read against the node's vocabulary and the batch's (a word either uses is
    /// never taken for a typo), the same filters, visibility and constraints.
    pub fn matches(
        &self,
        vocabulary: &SearchIndex,
        q: &str,
        filters: &Filters,
        audience: &Audience,
        today: Date,
    ) -> Result<Vec<String>, IndexError> {
        let n = self.batch.len() as usize;
        if n == 0 {
            return Ok(Vec::new());
        }
        let plan = Plan::with_vocabulary(q, filters.clone(), &|w| vocabulary.knows(w) || self.batch.knows(w));
        Ok(self.batch.addresses(&plan, audience, today, n)?.into_iter().filter_map(|a| self.ids.get(&a).cloned()).collect())
    }
}

/// One saved search as a run matches it.
pub struct Due {
    pub target: Target,
    pub q: String,
    pub filters: Filters,
    pub audience: Audience,
}

/// Matches every search in `due` against the changed documents; the found ids, by position in
/// `due`. CPU work: run it off the async threads.
pub fn percolate(
    node: &SearchNode,
    calls: &[CallDoc],
    talents: &[TalentDoc],
    due: &[Due],
    today: Date,
) -> Result<Vec<Vec<String>>, IndexError> {
    let mut found: Vec<Vec<String>> = due.iter().map(|_| Vec::new()).collect();
    for chunk in calls.chunks(BATCH) {
        let p = Percolator::calls(chunk)?;
        for (i, d) in due.iter().enumerate().filter(|(_, d)| d.target == Target::Calls) {
            found[i].extend(p.matches(&node.calls, &d.q, &d.filters, &d.audience, today)?);
        }
    }
    for chunk in talents.chunks(BATCH) {
        let p = Percolator::talents(chunk, today)?;
        for (i, d) in due.iter().enumerate().filter(|(_, d)| d.target == Target::Talents) {
            found[i].extend(p.matches(&node.talents, &d.q, &d.filters, &d.audience, today)?);
        }
    }
    Ok(found)
}

struct Saved {
    id: Uuid,
    user_id: Uuid,
    name: String,
}

pub(super) async fn run(db: &PgPool, node: &Arc<SearchNode>, frequency: &str) -> Result<AlertRun, SearchError> {
    let started = Instant::now();
    let mut tx = db.begin().await?;
    // A node already running this frequency's tick holds the row: that node does the work.
    let from: Option<String> = sqlx::query_scalar("SELECT snapshot FROM search_alert_cursors WHERE frequency = $1 FOR UPDATE SKIP LOCKED")
        .bind(frequency)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(from) = from else { return Ok(AlertRun::default()) };
    let to: String = sqlx::query_scalar("SELECT pg_current_snapshot()::text").fetch_one(&mut *tx).await?;
    // A profile whose owner only signed in says nothing new: not an alert.
    let changed: Vec<(String, Uuid)> = sqlx::query_as(
        "SELECT kind, entity_id FROM search_changes
         WHERE txid >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(txid, $1::pg_snapshot)
           AND pg_visible_in_snapshot(txid, $2::pg_snapshot)
         GROUP BY kind, entity_id HAVING bool_or(NOT activity)",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(&mut *tx)
    .await?;
    let mut run = AlertRun { changed: changed.len(), ..AlertRun::default() };
    if !changed.is_empty() {
        run = tell(db, &mut tx, node, frequency, &changed, run).await?;
    }
    sqlx::query("UPDATE search_alert_cursors SET snapshot = $2, updated_at = now() WHERE frequency = $1")
        .bind(frequency)
        .bind(&to)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    run.total = started.elapsed();
    if run.changed > 0 {
        tracing::debug!(
            frequency,
            changed = run.changed,
            searches = run.searches,
            told = run.told,
            ms = run.total.as_millis() as u64,
            "saved-search alerts"
        );
    }
    Ok(run)
}

async fn tell(
    db: &PgPool,
    tx: &mut sqlx::PgConnection,
    node: &Arc<SearchNode>,
    frequency: &str,
    changed: &[(String, Uuid)],
    mut run: AlertRun,
) -> Result<AlertRun, SearchError> {
    let today = OffsetDateTime::now_utc().date();
    let ids = |kind: &str| changed.iter().filter(|(k, _)| k == kind).map(|(_, id)| *id).collect::<Vec<Uuid>>();
    let (call_ids, talent_ids) = (ids("call"), ids("talent"));
    let targets: Vec<&str> = [(Target::Calls, &call_ids), (Target::Talents, &talent_ids)]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(t, _)| target_str(*t))
        .collect();
    let rows: Vec<(Uuid, Uuid, String, String, String, serde_json::Value)> = sqlx::query_as(
        "SELECT id, user_id, name, target, query, filters FROM saved_searches WHERE frequency = $1 AND target = ANY($2) ORDER BY created_at, id",
    )
    .bind(frequency)
    .bind(&targets)
    .fetch_all(&mut *tx)
    .await?;
    let mut owners: Vec<Uuid> = rows.iter().map(|r| r.1).collect();
    owners.sort();
    owners.dedup();
    let users: HashMap<Uuid, crate::account::User> = Accounts::users_by_ids(db, &owners).await?.into_iter().map(|u| (u.id, u)).collect();
    let mut orgs: Vec<Uuid> = rows.iter().filter(|r| r.3 == "talents").filter_map(|r| hirer_org(users.get(&r.1))).collect();
    orgs.sort();
    orgs.dedup();
    let minors = if orgs.is_empty() { HashMap::new() } else { minors_of(db, &orgs).await? };
    let (mut saved, mut due) = (Vec::new(), Vec::new());
    for (id, user_id, name, target, q, filters) in rows {
        let Some(target) = Target::parse(&target) else { continue };
        let audience = match target {
            Target::Calls => Audience::Public,
            // A hirer who left their organization keeps the search, without alerts.
            Target::Talents => match hirer_org(users.get(&user_id)) {
                Some(org) => Audience::Hirer { minors: minors.get(&org).cloned().unwrap_or_default() },
                None => continue,
            },
        };
        saved.push(Saved { id, user_id, name });
        due.push(Due { target, q, filters: Filters::from_json(&filters).0, audience });
    }
    run.searches = due.len();
    if due.is_empty() {
        return Ok(run);
    }
    let matching = Instant::now();
    let calls: Vec<CallDoc> = feed::call_docs(&mut *tx, &call_ids).await?.into_iter().filter_map(|(_, d)| d).collect();
    let talents: Vec<TalentDoc> = feed::talent_docs(&mut *tx, &talent_ids, today).await?.into_iter().filter_map(|(_, d)| d).collect();
    let node = node.clone();
    let (found, due) = tokio::task::spawn_blocking(move || percolate(&node, &calls, &talents, &due, today).map(|f| (f, due)))
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))?;
    run.matching = matching.elapsed();
    run.found = found.iter().map(Vec::len).sum();

    let (mut hit_search, mut hit_item) = (Vec::with_capacity(run.found), Vec::with_capacity(run.found));
    for (s, ids) in saved.iter().zip(&found) {
        for id in ids {
            hit_search.push(s.id);
            hit_item.push(id.clone());
        }
    }
    // A saved search deleted meanwhile is skipped (its hits would have nothing to belong to).
    let new: Vec<(Uuid, String)> = sqlx::query_as(
        "INSERT INTO saved_search_hits (saved_search_id, entity_id)
         SELECT h.s, h.e FROM unnest($1::uuid[], $2::text[]) AS h(s, e) WHERE EXISTS (SELECT 1 FROM saved_searches WHERE id = h.s)
         ON CONFLICT DO NOTHING RETURNING saved_search_id, entity_id",
    )
    .bind(&hit_search)
    .bind(&hit_item)
    .fetch_all(&mut *tx)
    .await?;
    let mut fresh: HashMap<Uuid, Vec<String>> = HashMap::new();
    for (s, e) in new {
        fresh.entry(s).or_default().push(e);
    }
    let mut ran: Vec<Uuid> = saved.iter().zip(&found).filter(|(_, f)| !f.is_empty()).map(|(s, _)| s.id).collect();
    ran.sort();
    sqlx::query("UPDATE saved_searches SET last_run_at = now() WHERE id = ANY($1)").bind(&ran).execute(&mut *tx).await?;
    let mut notices = Vec::with_capacity(fresh.len());
    for (s, d) in saved.iter().zip(&due) {
        let Some(mut new) = fresh.remove(&s.id) else { continue };
        new.sort();
        let params = params_object(&[("name", s.name.clone()), ("count", new.len().to_string())]);
        let link = saved_link(d.target, &d.q, &d.filters);
        let dedupe_key = format!("search-alert:{}:{:016x}", s.id, facts::id_key(&new.join(",")));
        notices.push(Notice { user_id: s.user_id, kind: NoticeKind::SearchAlert, params, link, dedupe_key });
    }
    run.told = notices.len();
    notify_many(&mut *tx, &notices).await?;
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::doc::RoleDoc;
    use std::collections::HashSet;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 03 - 01);

    fn call(id: &str, title: &str, city: &str, gender: &str) -> CallDoc {
        CallDoc {
            id: id.into(),
            title_ar: title.into(),
            description_ar: "تصوير خلال أسبوع".into(),
            city: city.into(),
            roles: vec![RoleDoc { name: "دور".into(), gender: gender.into(), age_min: 18, age_max: 40, ..RoleDoc::default() }],
            deadline: Some("2026-04-01".into()),
            status: "active".into(),
            ..CallDoc::default()
        }
    }

    fn talent(id: &str, born: i32, visibility: &str) -> TalentDoc {
        TalentDoc {
            id: id.into(),
            stage_name: format!("ممثلة {id}"),
            gender: Some("female".into()),
            birth_year: Some(born),
            city: Some("riyadh".into()),
            skills: vec!["acting".into()],
            visibility: visibility.into(),
            ..TalentDoc::default()
        }
    }

    #[test]
    fn a_changed_document_is_found_as_the_search_page_would_find_it() {
        let node = SearchNode::in_memory().unwrap();
        let calls = [
            call("series-riyadh", "مسلسل درامي", "riyadh", "female"),
            call("series-jeddah", "مسلسل درامي", "jeddah", "female"),
            call("ad", "إعلان", "riyadh", "male"),
        ];
        let (city, _) = Filters::from_pairs([("city", "riyadh".to_string())]);
        let (male, _) = Filters::from_pairs([("gender", "male".to_string())]);
        let due = [
            Due { target: Target::Calls, q: "مسلسلات".into(), filters: city.clone(), audience: Audience::Public },
            Due { target: Target::Calls, q: "".into(), filters: male, audience: Audience::Public },
            Due { target: Target::Calls, q: "وثائقي".into(), filters: Filters::default(), audience: Audience::Public },
        ];
        let found = percolate(&node, &calls, &[], &due, TODAY).unwrap();
        assert_eq!(found[0], ["series-riyadh"], "text (its plural) and a hard city");
        assert_eq!(found[1], ["ad"], "a role-level filter");
        assert!(found[2].is_empty());
    }

    #[test]
    fn a_minor_is_found_only_for_a_hirer_they_applied_to_and_hidden_profiles_never() {
        let node = SearchNode::in_memory().unwrap();
        let talents = [talent("adult", 1990, "hirers"), talent("minor", 2012, "hirers"), talent("hidden", 1990, "hidden")];
        let applied: HashSet<u64> = [facts::id_key("minor")].into_iter().collect();
        let due = [
            Due {
                target: Target::Talents,
                q: "ممثلة".into(),
                filters: Filters::default(),
                audience: Audience::Hirer { minors: Arc::new(applied) },
            },
            Due {
                target: Target::Talents,
                q: "ممثلة".into(),
                filters: Filters::default(),
                audience: Audience::Hirer { minors: Default::default() },
            },
        ];
        let mut found = percolate(&node, &[], &talents, &due, TODAY).unwrap();
        found.iter_mut().for_each(|f| f.sort());
        assert_eq!(found[0], ["adult", "minor"]);
        assert_eq!(found[1], ["adult"]);
    }
}
