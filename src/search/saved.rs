//! Saved searches, search history and the admins' statistics, as the pages show them (plain
//! data: the browser reads them too; `service` stores and computes them).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::plan::{Filters, Target};

/// The search page's link for a saved search (locale-less: the site adds the visitor's).
pub fn saved_link(target: Target, q: &str, filters: &Filters) -> String {
    let mut pairs = vec![("q", q.to_string())];
    pairs.extend(filters.pairs());
    let path = match target {
        Target::Calls => crate::routes::pattern::SEARCH,
        Target::Talents => crate::routes::pattern::TALENT_SEARCH,
    };
    format!("/{path}{}", super::plan::query_string(&pairs))
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedInput {
    pub name: String,
    pub target: String,
    pub q: String,
    pub filters: Filters,
    pub frequency: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedSearch {
    pub id: Uuid,
    pub name: String,
    pub target: String,
    pub q: String,
    pub filters: Filters,
    pub frequency: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// One search from someone's history, with the link that runs it again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PastSearch {
    pub target: String,
    pub q: String,
    pub filters: Filters,
    pub results: usize,
    pub link: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueryStat {
    pub target: String,
    pub query: String,
    pub searches: i64,
    pub avg_results: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Analytics {
    pub searches: i64,
    pub zero_results: i64,
    pub top: Vec<QueryStat>,
    pub zero: Vec<QueryStat>,
}
