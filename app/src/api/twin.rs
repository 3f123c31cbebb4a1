//! The Digital Twin for administrators: sources, failed items, and the validation queue.

use crate::errors::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;
use takeone::{
    casting::CallInput,
    ingest::{
        review::{BulkOutcome, Candidate, Highlight, QueuePage},
        source::{FailedItem, Source, SourceInput},
    },
};

#[cfg(feature = "ssr")]
use crate::ssr;
#[cfg(feature = "ssr")]
use takeone::routes::{Page, with_query};

#[cfg(feature = "ssr")]
async fn admin() -> Result<takeone::account::User, AppError> {
    ssr::require_role(&[takeone::account::UserRole::Admin]).await
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourcesPage {
    pub sources: Vec<Source>,
    pub failed: Vec<FailedItem>,
    /// Where Whapi should deliver (shown only when the webhook is enabled).
    pub webhook_enabled: bool,
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "twin_sources")]
pub async fn twin_sources() -> Result<SourcesPage, AppError> {
    let user = admin().await?;
    let s = ssr::services()?;
    let sources = s.sources.list(&user).await.map_err(|e| ssr::failure("sources", &(), e, String::new()))?;
    let failed = s.ingest_items.failed(&user, 100).await.map_err(|e| ssr::failure("sources", &(), e, String::new()))?;
    Ok(SourcesPage { sources, failed, webhook_enabled: s.whapi_webhook })
}

/// Creates a source (`source_id` empty) or changes one.
#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "save_source")]
pub async fn save_source(lang_code: String, source_id: String, form: SourceInput) -> Result<(), AppError> {
    let user = admin().await?;
    let page = Page::TwinSources.href(ssr::locale(&lang_code));
    let key = if source_id.is_empty() { "source:new".to_string() } else { format!("source:{source_id}") };
    let new = takeone::ingest::source::NewSource::parse(&form).map_err(|e| ssr::form_failure(&key, &form, e, None, 422, page.clone()))?;
    let s = ssr::services()?;
    let meta = ssr::request_meta();
    let result = if source_id.is_empty() {
        s.sources.create(&user, &new, &meta).await.map(|_| ())
    } else {
        s.sources.update(&user, ssr::parse_id(&source_id)?, &new, &meta).await
    };
    result.map_err(|e| ssr::failure(&key, &form, e, page.clone()))?;
    ssr::redirect_plain(&page);
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "delete_source")]
pub async fn delete_source(lang_code: String, source_id: String) -> Result<(), AppError> {
    let user = admin().await?;
    let page = Page::TwinSources.href(ssr::locale(&lang_code));
    let id = ssr::parse_id(&source_id)?;
    ssr::services()?
        .sources
        .delete(&user, id, &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("source-delete", &(), e, page.clone()))?;
    ssr::redirect_plain(&page);
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "run_source")]
pub async fn run_source(lang_code: String, source_id: String) -> Result<(), AppError> {
    let user = admin().await?;
    let page = Page::TwinSources.href(ssr::locale(&lang_code));
    let id = ssr::parse_id(&source_id)?;
    ssr::services()?
        .sources
        .run_now(&user, id, &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("source-run", &(), e, page.clone()))?;
    ssr::redirect_plain(&page);
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "retry_item")]
pub async fn retry_item(lang_code: String, item_id: String) -> Result<(), AppError> {
    let user = admin().await?;
    let page = Page::TwinSources.href(ssr::locale(&lang_code));
    let id = ssr::parse_id(&item_id)?;
    let retried = ssr::services()?
        .ingest_items
        .retry(&user, id, &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("item-retry", &(), e, page.clone()))?;
    if !retried {
        return Err(AppError::NotFound);
    }
    ssr::redirect_plain(&page);
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "twin_queue")]
pub async fn twin_queue(page: Option<u32>) -> Result<QueuePage, AppError> {
    let user = admin().await?;
    let offset = i64::from(page.unwrap_or(1).max(1) - 1) * 50;
    ssr::services()?.review_queue.pending(&user, 50, offset).await.map_err(|e| ssr::failure("queue", &(), e, String::new()))
}

/// A candidate with its approval form filled in and where each field came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CandidateView {
    pub candidate: Candidate,
    pub form: CallInput,
    pub highlights: Vec<Highlight>,
    /// The next pending candidate after this one, for "approve and next".
    pub next: Option<uuid::Uuid>,
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "twin_candidate")]
pub async fn twin_candidate(id: String) -> Result<CandidateView, AppError> {
    let user = admin().await?;
    let id = ssr::parse_id(&id)?;
    let q = &ssr::services()?.review_queue;
    let candidate = q.get(&user, id).await.map_err(|e| ssr::failure("candidate", &(), e, String::new()))?;
    let next = q.next_after(&user, &candidate).await.map_err(|e| ssr::failure("candidate", &(), e, String::new()))?;
    Ok(CandidateView { form: candidate.prefill(), highlights: candidate.highlights(), candidate, next })
}

/// Where the admin goes after a decision: the next candidate, or the queue when none is left.
#[cfg(feature = "ssr")]
fn after_decision(locale: takeone::Locale, next: &str) -> String {
    match uuid::Uuid::parse_str(next.trim()) {
        Ok(id) => Page::TwinCandidate { id }.href(locale),
        Err(_) => Page::TwinQueue.href(locale),
    }
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "approve_candidate")]
pub async fn approve_candidate(lang_code: String, id: String, next: String, form: CallInput) -> Result<String, AppError> {
    let user = admin().await?;
    let locale = ssr::locale(&lang_code);
    let candidate = ssr::parse_id(&id)?;
    let page = Page::TwinCandidate { id: candidate }.href(locale);
    let call = ssr::services()?
        .review_queue
        .approve(&user, candidate, &form, ssr::now(), &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure(&format!("candidate:{id}"), &form, e, page.clone()))?;
    ssr::redirect_plain(&after_decision(locale, &next));
    Ok(call.to_string())
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RejectInput {
    #[serde(default)]
    pub reason: String,
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "reject_candidate")]
pub async fn reject_candidate(lang_code: String, id: String, next: String, form: RejectInput) -> Result<(), AppError> {
    let user = admin().await?;
    let locale = ssr::locale(&lang_code);
    let candidate = ssr::parse_id(&id)?;
    let page = Page::TwinCandidate { id: candidate }.href(locale);
    ssr::services()?
        .review_queue
        .reject(&user, candidate, &form.reason, &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure(&format!("reject:{id}"), &form, e, page.clone()))?;
    ssr::redirect_plain(&after_decision(locale, &next));
    Ok(())
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MergeInput {
    /// The call's id or its page address.
    #[serde(default)]
    pub into: String,
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "merge_candidate")]
pub async fn merge_candidate(lang_code: String, id: String, next: String, form: MergeInput) -> Result<(), AppError> {
    let user = admin().await?;
    let locale = ssr::locale(&lang_code);
    let candidate = ssr::parse_id(&id)?;
    let page = Page::TwinCandidate { id: candidate }.href(locale);
    let key = format!("merge:{id}");
    let into = form.into.trim().trim_end_matches('/').rsplit('/').next().and_then(|s| uuid::Uuid::parse_str(s).ok()).ok_or_else(|| {
        let mut e = takeone::FieldErrors::new();
        e.add("into", takeone::Msg::new("error-merge-target"));
        ssr::form_failure(&key, &form, e, None, 422, page.clone())
    })?;
    ssr::services()?
        .review_queue
        .merge(&user, candidate, into, &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure(&key, &form, e, page.clone()))?;
    ssr::redirect_plain(&after_decision(locale, &next));
    Ok(())
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkInput {
    /// `approve` or `reject`.
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub ids: Vec<String>,
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "bulk_decide")]
pub async fn bulk_decide(lang_code: String, form: BulkInput) -> Result<BulkOutcome, AppError> {
    let user = admin().await?;
    let page = Page::TwinQueue.href(ssr::locale(&lang_code));
    let ids: Vec<uuid::Uuid> = form.ids.iter().filter_map(|s| uuid::Uuid::parse_str(s.trim()).ok()).collect();
    if ids.is_empty() {
        return Err(ssr::rule_failure("bulk", &form, takeone::Msg::new("error-nothing-selected"), 422, page));
    }
    let q = &ssr::services()?.review_queue;
    let meta = ssr::request_meta();
    let out = match form.decision.as_str() {
        "approve" => q.bulk_approve(&user, &ids, ssr::now(), &meta).await,
        "reject" => q.bulk_reject(&user, &ids, &form.reason, &meta).await,
        _ => return Err(AppError::BadRequest("decision".into())),
    }
    .map_err(|e| ssr::failure("bulk", &form, e, page.clone()))?;
    let (done, failed) = (out.done.len().to_string(), out.failed.len().to_string());
    ssr::redirect_plain(&with_query(page, &[("done", &done), ("failed", &failed)]));
    Ok(out)
}
