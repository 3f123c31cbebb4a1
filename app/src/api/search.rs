//! Search: casting calls for everyone, talent for hirers, saved searches, the admins' view of
//! what people look for.

use crate::errors::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;
use takeone::search::{
    plan::Filters,
    results::SearchResults,
    saved::{Analytics, PastSearch, SavedSearch},
};

#[cfg(feature = "ssr")]
use crate::ssr;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HitView {
    /// The call's or the profile's id.
    pub id: uuid::Uuid,
    /// Title and snippet in pieces, the matching words marked.
    pub title: Vec<(String, bool)>,
    pub snippet: Vec<(String, bool)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchPage {
    pub target: String,
    pub q: String,
    pub filters: Filters,
    pub results: SearchResults,
    pub hits: Vec<HitView>,
    /// Signed in: the search can be saved.
    pub can_save: bool,
    /// For a talent search, each hit as a card, in the hits' order.
    #[serde(default)]
    pub cards: Vec<crate::api::talent::TalentCard>,
}

/// One search, from the page's own query string (`q=…&city=…&page=…`).
#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "search")]
pub async fn search(target: String, query: String) -> Result<SearchPage, AppError> {
    use takeone::search::{
        highlight::highlight,
        plan::{Target, query_pairs},
        results::page_number,
        service::{Request, SearchError},
    };
    let target_kind = Target::parse(&target).ok_or(AppError::NotFound)?;
    let pairs = query_pairs(&query);
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let q: String = get("q").unwrap_or_default().chars().take(takeone::search::plan::MAX_QUERY_CHARS).collect();
    let (filters, ignored) = Filters::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.clone())));
    let page = page_number(get("page"));
    let viewer = ssr::current_user().await?;
    let req = Request { q: q.clone(), filters: filters.clone(), ignored, page };
    let results = ssr::services()?.search.search(target_kind, viewer.as_ref(), &req).await.map_err(|e| match e {
        SearchError::Forbidden if viewer.is_none() => AppError::Unauthorized,
        SearchError::Forbidden => AppError::Forbidden,
        SearchError::Plan(gate) => AppError::PlanLimit(gate.msg()),
        other => ssr::internal(other),
    })?;
    // The index holds only ids it was given as UUIDs; a hit is shown as a link to its page.
    let hits = results
        .hits
        .iter()
        .filter_map(|h| Some(HitView { id: h.id.parse().ok()?, title: highlight(&h.title, &q), snippet: highlight(&h.snippet, &q) }))
        .collect();
    let cards = match target_kind {
        Target::Talents => {
            let ids: Vec<uuid::Uuid> = results.hits.iter().filter_map(|h| h.id.parse().ok()).collect();
            crate::api::talent::talent_cards(&ids, viewer.as_ref()).await?
        }
        _ => vec![],
    };
    Ok(SearchPage { target, q, filters, results, hits, can_save: viewer.is_some(), cards })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SaveSearchInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub frequency: String,
}

/// Saves the search the page shows (its target and query string) under a name.
#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "save_search")]
pub async fn save_search(lang_code: String, target: String, query: String, form: SaveSearchInput) -> Result<(), AppError> {
    use takeone::{
        routes::{Page, with_raw_query},
        search::{plan::query_pairs, saved::SavedInput, service::SearchError},
    };
    let user = ssr::require_user().await?;
    let pairs = query_pairs(&query);
    let q = pairs.iter().find(|(n, _)| n == "q").map(|(_, v)| v.clone()).unwrap_or_default();
    let (filters, _) = Filters::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.clone())));
    let input = SavedInput { name: form.name.clone(), target: target.clone(), q, filters, frequency: form.frequency.clone() };
    let locale = ssr::locale(&lang_code);
    let search = if target == "talents" { Page::TalentSearch } else { Page::Search };
    let page = with_raw_query(search.href(locale), &query);
    match ssr::services()?.search.save(&user, &input).await {
        Ok(_) => {
            ssr::redirect_plain(&Page::SavedSearches.href(locale));
            Ok(())
        }
        Err(SearchError::Invalid { field, msg }) => {
            let mut errors = takeone::FieldErrors::new();
            errors.add(field, msg);
            Err(ssr::form_failure("save-search", &form, errors, None, 422, page))
        }
        Err(SearchError::TooMany { max }) => {
            // Not one field's fault: said above the form, with what to do.
            let msg = takeone::Msg::new("search-saved-limit").with("max", max);
            Err(ssr::form_failure("save-search", &form, takeone::FieldErrors::new(), Some(msg), 422, page))
        }
        Err(SearchError::Forbidden) => Err(AppError::Forbidden),
        Err(e) => Err(ssr::internal(e)),
    }
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "saved_searches")]
pub async fn saved_searches() -> Result<Vec<(SavedSearch, String)>, AppError> {
    use takeone::search::{plan::Target, saved::saved_link};
    let user = ssr::require_user().await?;
    let saved = ssr::services()?.search.saved(&user).await.map_err(ssr::internal)?;
    Ok(saved
        .into_iter()
        .map(|s| {
            let link = saved_link(Target::parse(&s.target).unwrap_or(Target::Calls), &s.q, &s.filters);
            (s, link)
        })
        .collect())
}

/// The signed-in person's recent searches.
#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "search_history")]
pub async fn search_history() -> Result<Vec<PastSearch>, AppError> {
    let user = ssr::require_user().await?;
    ssr::services()?.search.history(&user, 10).await.map_err(ssr::internal)
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "delete_saved_search")]
pub async fn delete_saved_search(lang_code: String, id: String) -> Result<(), AppError> {
    let user = ssr::require_user().await?;
    let id = ssr::parse_id(&id)?;
    if !ssr::services()?.search.delete_saved(&user, id).await.map_err(ssr::internal)? {
        return Err(AppError::NotFound);
    }
    ssr::redirect_plain(&takeone::routes::Page::SavedSearches.href(ssr::locale(&lang_code)));
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "search_analytics")]
pub async fn search_analytics() -> Result<Analytics, AppError> {
    let user = ssr::require_user().await?;
    ssr::services()?.search.analytics(&user, 30).await.map_err(|e| match e {
        takeone::search::service::SearchError::Forbidden => AppError::Forbidden,
        other => ssr::internal(other),
    })
}
