//! Search as the product offers it: who may search what (talent search is for hirers, and
//! minors appear only to a hirer they applied to), every search recorded for the analytics,
//! saved searches and their alerts (each item told about at most once).

use std::collections::HashSet;
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
use crate::account::{User, UserRole};
use crate::notify::{Notice, NoticeKind, notify, params_object};
use crate::Msg;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Talent search is for hirers of an organization.
    #[error("not allowed to search this")]
    Forbidden,
    /// A saved search's field is not right: the message key says why.
    #[error("invalid {field}: {}", msg.key)]
    Invalid { field: &'static str, msg: Msg },
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
        let Some(user) = viewer.filter(|u| u.role == UserRole::Hirer) else {
            return Err(SearchError::Forbidden);
        };
        let Some(org) = user.organization_id else {
            return Err(SearchError::Forbidden);
        };
        // The only minors a hirer may find: those who applied (with a guardian's consent) to
        // the organization's calls.
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "SELECT DISTINCT a.talent_profile_id FROM applications a JOIN casting_calls c ON c.id = a.casting_call_id
             WHERE c.organization_id = $1 AND a.submitted_at IS NOT NULL",
        )
        .bind(org)
        .fetch_all(&self.db)
        .await?;
        Ok(Audience::Hirer { minors: Arc::new(ids.iter().map(|id| facts::id_key(&id.to_string())).collect::<HashSet<u64>>()) })
    }

    /// Answers a search and records it.
    pub async fn search(&self, target: Target, viewer: Option<&User>, req: &Request) -> Result<SearchResults, SearchError> {
        let audience = self.audience(target, viewer).await?;
        let started = Instant::now();
        let index = self.node.index(target);
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

    /// The most searched queries and the searches that found nothing, over the last `days`.
    pub async fn analytics(&self, viewer: &User, days: i32) -> Result<Analytics, SearchError> {
        if viewer.role != UserRole::Admin {
            return Err(SearchError::Forbidden);
        }
        let rows = |zero: bool| {
            sqlx::query_as::<_, (String, String, i64, f64)>(
                "SELECT target, normalized, count(*), avg(result_count)::float8 FROM search_executions
                 WHERE created_at > now() - make_interval(days => $1) AND normalized <> '' AND ($2 = false OR result_count = 0)
                 GROUP BY target, normalized ORDER BY count(*) DESC, normalized LIMIT 20",
            )
            .bind(days)
            .bind(zero)
            .fetch_all(&self.db)
        };
        let to_rows = |v: Vec<(String, String, i64, f64)>| {
            v.into_iter().map(|(target, query, searches, avg_results)| QueryStat { target, query, searches, avg_results }).collect()
        };
        let (total, zero): (i64, i64) = sqlx::query_as(
            "SELECT count(*), count(*) FILTER (WHERE result_count = 0) FROM search_executions
             WHERE created_at > now() - make_interval(days => $1)",
        )
        .bind(days)
        .fetch_one(&self.db)
        .await?;
        Ok(Analytics { searches: total, zero_results: zero, top: to_rows(rows(false).await?), zero: to_rows(rows(true).await?) })
    }

    /// The user's own recent searches (their search history), newest first, each once.
    pub async fn history(&self, user: &User, limit: i64) -> Result<Vec<PastSearch>, SearchError> {
        let rows = sqlx::query_as::<_, (String, String, serde_json::Value, i32, OffsetDateTime)>(
            "SELECT DISTINCT ON (target, normalized, filters) target, query, filters, result_count, created_at
             FROM search_executions WHERE user_id = $1 AND (query <> '' OR filters <> '{}'::jsonb)
             ORDER BY target, normalized, filters, created_at DESC",
        )
        .bind(user.id)
        .fetch_all(&self.db)
        .await?;
        let mut out: Vec<PastSearch> = rows
            .into_iter()
            .filter_map(|(target, q, filters, results, at)| {
                let filters = Filters::from_json(&filters).0;
                let link = saved_link(Target::parse(&target)?, &q, &filters);
                Some(PastSearch { target, q, filters, results: results.max(0) as usize, link, at })
            })
            .collect();
        out.sort_by_key(|p| std::cmp::Reverse(p.at));
        out.truncate(limit.max(0) as usize);
        Ok(out)
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
        let index = self.node.index(target);
        let plan = index.plan(q, filters.clone());
        let today = OffsetDateTime::now_utc().date();
        Ok(index.ids(&plan, &audience, today, ALERT_DEPTH)?)
    }

    /// Runs every saved search of `frequency` and tells each owner of the items they were not
    /// told about yet, in the bell and by e-mail. Returns how many people were told.
    pub async fn run_alerts(&self, frequency: &str) -> Result<usize, SearchError> {
        let due: Vec<(Uuid, Uuid, String, String, String, serde_json::Value)> = sqlx::query_as(
            "SELECT id, user_id, name, target, query, filters FROM saved_searches WHERE frequency = $1 ORDER BY created_at",
        )
        .bind(frequency)
        .fetch_all(&self.db)
        .await?;
        let mut told = 0;
        for (id, user_id, name, target, q, filters) in due {
            let Some(user) = crate::account::Accounts::user_by_id(&self.db, user_id).await? else { continue };
            let Some(target) = Target::parse(&target) else { continue };
            let ids = match self.matches(target, &user, &q, &Filters::from_json(&filters).0).await {
                Ok(ids) => ids,
                // A hirer who left their organization keeps the search, without alerts.
                Err(SearchError::Forbidden) => continue,
                Err(e) => return Err(e),
            };
            let mut tx = self.db.begin().await?;
            let new: Vec<String> = sqlx::query_scalar(
                "INSERT INTO saved_search_hits (saved_search_id, entity_id) SELECT $1, unnest($2::text[])
                 ON CONFLICT DO NOTHING RETURNING entity_id",
            )
            .bind(id)
            .bind(&ids)
            .fetch_all(&mut *tx)
            .await?;
            sqlx::query("UPDATE saved_searches SET last_run_at = now() WHERE id = $1").bind(id).execute(&mut *tx).await?;
            if !new.is_empty() {
                let mut key_ids = new.clone();
                key_ids.sort();
                let digest = key_ids.join(",");
                let params = params_object(&[("name", name.clone()), ("count", new.len().to_string())]);
                let link = saved_link(target, &q, &Filters::from_json(&filters).0);
                let dedupe_key = format!("search-alert:{id}:{:016x}", facts::id_key(&digest));
                notify(&mut tx, Notice { user_id, kind: NoticeKind::SearchAlert, params, link, dedupe_key }).await?;
                told += 1;
            }
            tx.commit().await?;
        }
        Ok(told)
    }
}

/// How deep into the results an alert looks for new items.
const ALERT_DEPTH: usize = 100;

fn target_str(t: Target) -> &'static str {
    match t {
        Target::Talents => "talents",
        Target::Calls => "calls",
    }
}

