//! Search as the product offers it: who may search what (talent search is for hirers, and
//! minors appear only to a hirer they applied to), every search recorded for the analytics,
//! saved searches and their alerts (each item told about at most once).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

use super::analyze;
use super::facts;
use super::feed::SearchNode;
use super::index::{Audience, IndexError};
use super::plan::{Filters, MAX_QUERY_CHARS, Target};
use super::results::SearchResults;
pub use super::saved::{Analytics, PastSearch, QueryStat, SavedInput, SavedSearch, saved_link};
use crate::Msg;
use crate::account::{User, UserRole};

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Talent search is for hirers of an organization.
    #[error("not allowed to search this")]
    Forbidden,
    /// A saved search's field is not right: the message key says why.
    #[error("invalid {field}: {}", msg.key)]
    Invalid { field: &'static str, msg: Msg },
    /// The person has as many saved searches as anyone may keep.
    #[error("at most {max} saved searches")]
    TooMany { max: i64 },
    /// The organization's plan does not include talent search.
    #[error("plan limit: {0:?}")]
    Plan(crate::billing::Gate),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("search database: {0}")]
    Db(#[from] sqlx::Error),
}

/// One search as asked: the text, the picked filters, the page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub q: String,
    pub filters: Filters,
    /// Filters set aside (not options), to say so on the page.
    pub ignored: Vec<String>,
    pub page: usize,
}

#[derive(Clone)]
pub struct Search {
    db: PgPool,
    node: Arc<SearchNode>,
}

impl Search {
    pub fn new(db: PgPool, node: Arc<SearchNode>) -> Search {
        Search { db, node }
    }

    pub fn node(&self) -> &Arc<SearchNode> {
        &self.node
    }

    /// Who may see which talent. Guardians, talent and visitors may not search talent at all.
    async fn audience(&self, target: Target, viewer: Option<&User>) -> Result<Audience, SearchError> {
        if target == Target::Calls {
            return Ok(Audience::Public);
        }
        let org = hirer_org(viewer).ok_or(SearchError::Forbidden)?;
        if let Some(viewer) = viewer {
            let mut conn = self.db.acquire().await?;
            let plan = crate::billing::entitlements(&mut conn, viewer).await?;
            plan.may_search_talent().map_err(SearchError::Plan)?;
        }
        let minors = minors_of(&self.db, &[org]).await?;
        Ok(Audience::Hirer { minors: minors.get(&org).cloned().unwrap_or_default() })
    }

    /// Answers a search and records it.
    pub async fn search(&self, target: Target, viewer: Option<&User>, req: &Request) -> Result<SearchResults, SearchError> {
        let audience = self.audience(target, viewer).await?;
        let started = Instant::now();
        if !self.node.is_current() {
            // Indexes not yet checked against this database (a directory another database
            // left) answer nothing until the feed has caught up or rebuilt them.
            return Ok(SearchResults { page: req.page.max(1), ignored: req.ignored.clone(), ..SearchResults::default() });
        }
        let index = self.node.index_of(target);
        let plan = index.plan(&req.q, req.filters.clone());
        let today = OffsetDateTime::now_utc().date();
        let mut results = index.search(&plan, &audience, today, req.page.max(1))?;
        results.ignored = req.ignored.clone();
        let took = started.elapsed();
        self.record(target, viewer, req, results.total, took).await;
        Ok(results)
    }

    async fn record(&self, target: Target, viewer: Option<&User>, req: &Request, total: usize, took: std::time::Duration) {
        // Analytics never fail a search: a lost row is logged, the person gets their results.
        let q: String = req.q.chars().take(MAX_QUERY_CHARS).collect();
        let r = sqlx::query(
            "INSERT INTO search_executions (user_id, target, query, normalized, filters, result_count, took_us)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(viewer.map(|u| u.id))
        .bind(target_str(target))
        .bind(q.trim())
        .bind(analyze::normalize(&q))
        .bind(serde_json::to_value(&req.filters).unwrap_or_default())
        .bind(total.min(i32::MAX as usize) as i32)
        .bind(took.as_micros().min(i32::MAX as u128) as i32)
        .execute(&self.db)
        .await;
        if let Err(e) = r {
            tracing::warn!(error = %e, "search execution not recorded");
        }
        tracing::debug!(target = target_str(target), total, took_us = took.as_micros() as u64, "search");
    }

    /// The most searched queries and the searches that found nothing, over the last `days`:
    /// the searches of the last 90 days as recorded, older ones from their daily counts.
    pub async fn analytics(&self, viewer: &User, days: i32) -> Result<Analytics, SearchError> {
        if viewer.role != UserRole::Admin {
            return Err(SearchError::Forbidden);
        }
        // Both sources as (target, normalized, searches, zero results, sum of result counts).
        const BOTH: &str = "(SELECT target, normalized, 1::bigint AS searches, (result_count = 0)::int::bigint AS zero_results,
                                    result_count::bigint AS result_sum
                             FROM search_executions WHERE created_at > now() - make_interval(days => $1)
                             UNION ALL
                             SELECT target, normalized, searches, zero_results, result_sum FROM search_execution_days
                             WHERE day > (now() - make_interval(days => $1))::date) AS s";
        let rows = |zero: bool| {
            let sql = if zero {
                format!(
                    "SELECT target, normalized, sum(zero_results)::int8, 0::float8 FROM {BOTH} WHERE normalized <> ''
                     GROUP BY target, normalized HAVING sum(zero_results) > 0 ORDER BY sum(zero_results) DESC, normalized LIMIT 20"
                )
            } else {
                format!(
                    "SELECT target, normalized, sum(searches)::int8, (sum(result_sum)::float8 / sum(searches)::float8) FROM {BOTH} WHERE normalized <> ''
                     GROUP BY target, normalized ORDER BY sum(searches) DESC, normalized LIMIT 20"
                )
            };
            sqlx::query_as::<_, (String, String, i64, f64)>(sqlx::AssertSqlSafe(sql)).bind(days).fetch_all(&self.db)
        };
        let to_rows = |v: Vec<(String, String, i64, f64)>| {
            v.into_iter().map(|(target, query, searches, avg_results)| QueryStat { target, query, searches, avg_results }).collect()
        };
        let (total, zero): (i64, i64) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT COALESCE(sum(searches), 0)::int8, COALESCE(sum(zero_results), 0)::int8 FROM {BOTH}"
        )))
        .bind(days)
        .fetch_one(&self.db)
        .await?;
        Ok(Analytics { searches: total, zero_results: zero, top: to_rows(rows(false).await?), zero: to_rows(rows(true).await?) })
    }

    /// Moves searches older than `ROLLUP_AFTER_DAYS` into daily counts per normalized query and
    /// deletes them (with who searched), a batch at a time; nodes running it together move
    /// each row once. Returns how many searches were rolled up.
    pub async fn roll_up(db: &PgPool) -> Result<u64, sqlx::Error> {
        let mut moved = 0;
        loop {
            let n: i64 = sqlx::query_scalar(
                "WITH old AS (
                     SELECT id FROM search_executions WHERE created_at < now() - make_interval(days => $1)
                     ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED),
                 gone AS (
                     DELETE FROM search_executions e USING old WHERE e.id = old.id
                     RETURNING e.target, e.normalized, e.result_count, e.created_at),
                 counted AS (
                     INSERT INTO search_execution_days AS d (day, target, normalized, searches, zero_results, result_sum)
                     SELECT (created_at AT TIME ZONE 'UTC')::date, target, normalized, count(*), count(*) FILTER (WHERE result_count = 0), sum(result_count)
                     FROM gone GROUP BY 1, 2, 3
                     ON CONFLICT (day, target, normalized) DO UPDATE SET searches = d.searches + excluded.searches,
                         zero_results = d.zero_results + excluded.zero_results, result_sum = d.result_sum + excluded.result_sum
                     RETURNING searches)
                 SELECT count(*) FROM gone",
            )
            .bind(ROLLUP_AFTER_DAYS)
            .bind(ROLLUP_BATCH)
            .fetch_one(db)
            .await?;
            moved += n as u64;
            if n < ROLLUP_BATCH {
                return Ok(moved);
            }
        }
    }

    /// The user's own recent searches (their search history), newest first, each once: at most
    /// `limit`, found among their latest `HISTORY_WINDOW` searches however many they made.
    pub async fn history(&self, user: &User, limit: i64) -> Result<Vec<PastSearch>, SearchError> {
        let rows = sqlx::query_as::<_, (String, String, serde_json::Value, i32, OffsetDateTime)>(
            "SELECT target, query, filters, result_count, created_at FROM (
                 SELECT DISTINCT ON (target, normalized, filters) target, query, filters, result_count, created_at
                 FROM (SELECT target, query, normalized, filters, result_count, created_at FROM search_executions
                       WHERE user_id = $1 AND (query <> '' OR filters <> '{}'::jsonb)
                       ORDER BY created_at DESC LIMIT $3) AS recent
                 ORDER BY target, normalized, filters, created_at DESC) AS once
             ORDER BY created_at DESC LIMIT $2",
        )
        .bind(user.id)
        .bind(limit.clamp(0, MAX_HISTORY))
        .bind(HISTORY_WINDOW)
        .fetch_all(&self.db)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(target, q, filters, results, at)| {
                let filters = Filters::from_json(&filters).0;
                let link = saved_link(Target::parse(&target)?, &q, &filters);
                Some(PastSearch { target, q, filters, results: results.max(0) as usize, link, at })
            })
            .collect())
    }

    /// Saves a search for its owner: named, with the query and filters as they are now. The
    /// current results are remembered as seen, so alerts tell only of what comes after.
    pub async fn save(&self, user: &User, input: &SavedInput) -> Result<Uuid, SearchError> {
        let name = input.name.trim();
        if name.is_empty() {
            return Err(SearchError::Invalid { field: "name", msg: Msg::new("error-required") });
        }
        if name.chars().count() > 80 {
            return Err(SearchError::Invalid { field: "name", msg: Msg::new("error-too-long").with("max", 80) });
        }
        let frequency = match input.frequency.as_str() {
            "instant" | "daily" => input.frequency.as_str(),
            _ => return Err(SearchError::Invalid { field: "frequency", msg: Msg::new("error-unknown-choice") }),
        };
        let target = Target::parse(&input.target).ok_or(SearchError::Invalid { field: "target", msg: Msg::new("error-unknown-choice") })?;
        self.audience(target, Some(user)).await?;
        let q: String = input.q.chars().take(MAX_QUERY_CHARS).collect();
        let id = Uuid::new_v4();
        let mut tx = self.db.begin().await?;
        // One save at a time per person, so two at once cannot both pass the count.
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(format!("saved_searches:{}", user.id))
            .execute(&mut *tx)
            .await?;
        let count: i64 =
            sqlx::query_scalar("SELECT count(*) FROM saved_searches WHERE user_id = $1").bind(user.id).fetch_one(&mut *tx).await?;
        if count >= MAX_SAVED_PER_USER {
            return Err(SearchError::TooMany { max: MAX_SAVED_PER_USER });
        }
        sqlx::query("INSERT INTO saved_searches (id, user_id, name, target, query, filters, frequency, last_run_at) VALUES ($1, $2, $3, $4, $5, $6, $7, now())")
            .bind(id)
            .bind(user.id)
            .bind(name)
            .bind(target_str(target))
            .bind(q.trim())
            .bind(serde_json::to_value(&input.filters).unwrap_or_default())
            .bind(frequency)
            .execute(&mut *tx)
            .await?;
        let seen = self.matches(target, user, q.trim(), &input.filters).await?;
        sqlx::query("INSERT INTO saved_search_hits (saved_search_id, entity_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(&seen)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn saved(&self, user: &User) -> Result<Vec<SavedSearch>, SearchError> {
        let rows = sqlx::query_as::<_, (Uuid, String, String, String, serde_json::Value, String, OffsetDateTime)>(
            "SELECT id, name, target, query, filters, frequency, created_at FROM saved_searches WHERE user_id = $1 ORDER BY created_at DESC",
        )
        .bind(user.id)
        .fetch_all(&self.db)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, target, q, filters, frequency, created_at)| SavedSearch {
                id,
                name,
                target,
                q,
                filters: Filters::from_json(&filters).0,
                frequency,
                created_at,
            })
            .collect())
    }

    /// Deletes one of the user's own saved searches; `false` if they have none with that id.
    pub async fn delete_saved(&self, user: &User, id: Uuid) -> Result<bool, SearchError> {
        let r = sqlx::query("DELETE FROM saved_searches WHERE id = $1 AND user_id = $2").bind(id).bind(user.id).execute(&self.db).await?;
        Ok(r.rows_affected() == 1)
    }

    /// The ids a saved search finds now (its first pages).
    async fn matches(&self, target: Target, user: &User, q: &str, filters: &Filters) -> Result<Vec<String>, SearchError> {
        let audience = self.audience(target, Some(user)).await?;
        let index = self.node.index_of(target);
        let plan = index.plan(q, filters.clone());
        let today = OffsetDateTime::now_utc().date();
        Ok(index.ids(&plan, &audience, today, ALERT_DEPTH)?)
    }

    /// Tells the owners of saved searches of `frequency` about the calls and profiles that
    /// appeared or changed since the last run and match them (see `alerts`), in the bell and
    /// by e-mail, each item once. Returns how many saved searches told their owner.
    pub async fn run_alerts(&self, frequency: &str) -> Result<usize, SearchError> {
        Ok(super::alerts::run(&self.db, &self.node, frequency).await?.told)
    }

    /// Like `run_alerts`, with how long finding the matches and the whole run took.
    pub async fn run_alerts_measured(&self, frequency: &str) -> Result<super::alerts::AlertRun, SearchError> {
        super::alerts::run(&self.db, &self.node, frequency).await
    }
}

/// The organization a viewer searches talent for: hirers of one only.
pub(super) fn hirer_org(viewer: Option<&User>) -> Option<Uuid> {
    viewer.filter(|u| u.role == UserRole::Hirer).and_then(|u| u.organization_id)
}

/// The only minors each organization's hirers may find: those who applied (with a guardian's
/// consent) to its calls.
pub(super) async fn minors_of(db: &PgPool, orgs: &[Uuid]) -> Result<HashMap<Uuid, Arc<HashSet<u64>>>, sqlx::Error> {
    let rows: Vec<(Uuid, Vec<Uuid>)> = sqlx::query_as(
        "SELECT c.organization_id, array_agg(DISTINCT a.talent_profile_id) FROM applications a JOIN casting_calls c ON c.id = a.casting_call_id
         WHERE c.organization_id = ANY($1) AND a.submitted_at IS NOT NULL GROUP BY c.organization_id",
    )
    .bind(orgs)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(org, ids)| (org, Arc::new(ids.iter().map(|id| facts::id_key(&id.to_string())).collect()))).collect())
}

pub(super) fn target_str(t: Target) -> &'static str {
    match t {
        Target::Talents => "talents",
        Target::Calls => "calls",
    }
}

/// How many saved searches one person may keep: each is matched against every change.
pub const MAX_SAVED_PER_USER: i64 = 25;
/// Searches older than this are kept only as daily counts.
pub const ROLLUP_AFTER_DAYS: i32 = 90;
const ROLLUP_BATCH: i64 = 10_000;
/// The most searches a history shows, and how many of the latest it looks through for them.
const MAX_HISTORY: i64 = 50;
const HISTORY_WINDOW: i64 = 500;

/// How deep into the results a new saved search looks for what its owner has already seen.
const ALERT_DEPTH: usize = 100;
