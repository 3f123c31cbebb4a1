//! The ways posts come in: a fetched web page, Whapi (webhook or polling), and the offline
//! path, an uploaded WhatsApp chat export. Each turns what it got into items with stable ids,
//! so fetching, delivering or importing the same thing twice adds nothing.

use super::{
    items::{Added, Items, NewItem},
    source::SourceKind,
    sources::{SourceError, Sources},
    web::{FetchOutcome, PageSource, Validators},
    whapi::{IncomingMessage, WhapiClient},
    whatsapp::{self, ExportError},
};
use crate::{
    account::User,
    audit::{self, RequestMeta},
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error("chat exports go to a WhatsApp source, not a web page")]
    NotWhatsapp,
    #[error("{0}")]
    Export(#[from] ExportError),
    #[error("fetching the page failed: {0}")]
    Fetch(String),
    #[error("WhatsApp polling is not configured (set TAKEONE_WHAPI_TOKEN); use the Whapi webhook or import a chat export")]
    WhapiMissing,
    #[error("Whapi: {0}")]
    Whapi(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// What an import did, for the admin who uploaded the file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub messages: usize,
    pub system: usize,
    pub placeholders: usize,
    pub added: Added,
}

#[derive(Clone)]
pub struct Collector {
    db: sqlx::PgPool,
    pages: Arc<dyn PageSource>,
    whapi: Option<Arc<WhapiClient>>,
}

impl Collector {
    pub fn new(db: sqlx::PgPool, pages: Arc<dyn PageSource>, whapi: Option<Arc<WhapiClient>>) -> Self {
        Self { db, pages, whapi }
    }

    fn items(&self) -> Items {
        Items::new(self.db.clone())
    }

    fn sources(&self) -> Sources {
        Sources::new(self.db.clone())
    }

    /// An admin uploads a chat export of a WhatsApp source: every message becomes an item.
    pub async fn import_export(&self, user: &User, source_id: Uuid, file: &[u8], meta: &RequestMeta) -> Result<ImportReport, CollectError> {
        super::sources::admin_only(user)?;
        let source = self.sources().get(user, source_id).await?;
        if source.kind != SourceKind::Whatsapp {
            return Err(CollectError::NotWhatsapp);
        }
        let messages = whatsapp::parse_export(file)?;
        let report = self.add_export(source_id, &messages).await?;
        audit::record(
            &self.db,
            "WhatsappExportImported",
            Some(user.id),
            Some(&source_id.to_string()),
            meta,
            json!({ "messages": report.messages, "new": report.added.new, "bytes": file.len() }),
        )
        .await?;
        Ok(report)
    }

    async fn add_export(&self, source_id: Uuid, messages: &[whatsapp::ChatMessage]) -> Result<ImportReport, CollectError> {
        let mut report = ImportReport { messages: messages.len(), ..ImportReport::default() };
        let mut items = Vec::with_capacity(messages.len());
        for m in messages {
            if m.is_system {
                report.system += 1;
                continue;
            }
            if m.is_placeholder() {
                report.placeholders += 1;
                continue;
            }
            items.push(NewItem::from_export(m));
        }
        report.added = self.items().add(source_id, &items).await?;
        Ok(report)
    }

    /// Messages Whapi delivered to the webhook (or that polling found) for a known group.
    pub async fn add_messages(&self, source_id: Uuid, messages: &[IncomingMessage]) -> Result<Added, CollectError> {
        let items: Vec<NewItem> = messages
            .iter()
            .map(|m| NewItem {
                external_id: format!("whapi:{}", m.id),
                sender: Some(m.sender.clone()).filter(|s| !s.is_empty()),
                posted_at: Some(m.sent_at),
                text: m.text.clone(),
                source_url: None,
            })
            .collect();
        Ok(self.items().add(source_id, &items).await?)
    }

    /// The fetch job: a page (conditional GET, split into posts) or a group's new messages.
    /// The outcome is recorded on the source, so a failing source shows its error.
    pub async fn fetch_source(&self, source_id: Uuid) -> Result<Added, CollectError> {
        let Some(state) = self.sources().fetch_state(source_id).await? else { return Ok(Added::default()) };
        if !state.source.is_active {
            return Ok(Added::default());
        }
        let result = match state.source.kind {
            SourceKind::Web => {
                self.fetch_page(
                    source_id,
                    &state.source.target,
                    Validators { etag: state.etag.clone(), last_modified: state.last_modified.clone() },
                )
                .await
            }
            SourceKind::Whatsapp => self.poll_group(source_id, &state.source.target).await,
        };
        if let Err(e) = &result {
            self.sources().mark_error(source_id, &e.to_string()).await?;
        }
        result
    }

    async fn fetch_page(&self, source_id: Uuid, url: &str, prior: Validators) -> Result<Added, CollectError> {
        let parsed = url::Url::parse(url).map_err(|e| CollectError::Fetch(format!("{url}: {e}")))?;
        match self.pages.fetch(&parsed, &prior).await.map_err(|e| CollectError::Fetch(e.to_string()))? {
            FetchOutcome::NotModified => {
                self.sources().mark_processed(source_id, None, None).await?;
                Ok(Added::default())
            }
            FetchOutcome::Page { final_url, text, validators, .. } => {
                let final_url = final_url.to_string();
                let items: Vec<NewItem> = super::web::split_posts(&text)
                    .into_iter()
                    .map(|post| NewItem {
                        external_id: NewItem::derived_id("web", &[&final_url, &post]),
                        sender: None,
                        posted_at: None,
                        text: post,
                        source_url: Some(final_url.clone()),
                    })
                    .collect();
                let added = self.items().add(source_id, &items).await?;
                self.sources().mark_processed(source_id, validators.etag.as_deref(), validators.last_modified.as_deref()).await?;
                Ok(added)
            }
        }
    }

    async fn poll_group(&self, source_id: Uuid, group: &str) -> Result<Added, CollectError> {
        let Some(whapi) = &self.whapi else { return Err(CollectError::WhapiMissing) };
        let since = self.sources().last_processed(source_id).await?;
        let messages = whapi.list_messages(group, since, 100).await.map_err(|e| CollectError::Whapi(e.to_string()))?;
        let added = self.add_messages(source_id, &messages).await?;
        self.sources().mark_processed(source_id, None, None).await?;
        Ok(added)
    }
}
