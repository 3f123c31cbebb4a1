//! What a search answers, for pages, the REST API and the command line alike.

use serde::{Deserialize, Serialize};

/// Results per page, and the deepest page served (beyond it, refine the search).
pub const PAGE_SIZE: usize = 20;
pub const MAX_PAGES: usize = 50;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub snippet: String,
    pub score: f32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facet {
    /// A filter's name (`city`, `skill`...).
    pub name: String,
    /// Its values among the results, most frequent first.
    pub values: Vec<(String, u32)>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    /// Every result, across pages.
    pub total: usize,
    /// 1-based; a page past the last one answers no hits, never an error.
    pub page: usize,
    pub pages: usize,
    pub facets: Vec<Facet>,
    /// Filters whose values were not options, set aside.
    pub ignored: Vec<String>,
}

/// A 1-based page number from what a URL said: anything unreadable is page 1.
pub fn page_number(raw: Option<&str>) -> usize {
    raw.map(str::trim)
        .filter(|p| p.chars().all(char::is_numeric))
        .map(crate::search::analyze::normalize)
        .and_then(|p| p.parse::<usize>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_numbers_never_fail() {
        use super::page_number;
        assert_eq!(page_number(None), 1);
        assert_eq!(page_number(Some("٣")), 3);
        assert_eq!(page_number(Some("-2")), 1);
        assert_eq!(page_number(Some("99999999999999999999999")), 1);
        assert_eq!(page_number(Some("0")), 1);
    }
}
