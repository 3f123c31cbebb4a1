//! Ingestion items: every post fetched from a source, written once (its external id is unique
//! per source) together with the job that will process it.

pub use super::source::FailedItem;
use crate::{
    account::User,
    audit::{self, RequestMeta},
    jobs::{self, ProcessItem},
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

/// The longest post kept; a longer text is cut (and the cut said) rather than refused, so a
/// verbose page still reaches the queue.
pub const MAX_ITEM_CHARS: usize = 20_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewItem {
    pub external_id: String,
    pub sender: Option<String>,
    pub posted_at: Option<OffsetDateTime>,
    pub text: String,
    pub source_url: Option<String>,
}

impl NewItem {
    /// A message of a WhatsApp chat export. Exports carry the phone's wall clock; the groups we
    /// watch are in Saudi Arabia.
    pub fn from_export(m: &super::whatsapp::ChatMessage) -> NewItem {
        let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
        let stamp = m.timestamp.format(fmt).unwrap_or_default();
        NewItem {
            external_id: NewItem::derived_id("export", &[&stamp, &m.sender, &m.text]),
            sender: Some(m.sender.clone()).filter(|s| !s.is_empty()),
            posted_at: Some(m.timestamp.assume_offset(crate::casting::RIYADH)),
            text: m.text.clone(),
            source_url: None,
        }
    }

    /// An id for a post that has none of its own (an exported message, a section of a page):
    /// the same post read twice gets the same id, so importing a file again adds nothing.
    pub fn derived_id(prefix: &str, parts: &[&str]) -> String {
        let mut h = Sha256::new();
        for p in parts {
            h.update(p.as_bytes());
            h.update([0u8]);
        }
        let d = h.finalize();
        format!("{prefix}:{}", d.iter().take(16).map(|b| format!("{b:02x}")).collect::<String>())
    }
}

/// How many posts of a batch were new.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Added {
    pub new: usize,
    /// Of the new ones, how many the keyword filter set aside without extraction.
    pub filtered: usize,
    pub seen_before: usize,
}

#[derive(Clone)]
pub struct Items {
    db: PgPool,
}

impl Items {
    pub fn new(db: PgPool) -> Self {
        Self { db }
    }

    /// Writes the new posts of a batch and queues one job per new post, in one transaction:
    /// a post is either stored with its job or not at all.
    pub async fn add(&self, source_id: Uuid, items: &[NewItem]) -> Result<Added, sqlx::Error> {
        let mut added = Added::default();
        // Big exports are written in chunks, each its own transaction, so one import does not
        // hold a huge transaction; a re-run skips what a finished chunk wrote.
        for chunk in items.chunks(500) {
            let mut tx = self.db.begin().await?;
            for item in chunk {
                let text: String = item.text.chars().take(MAX_ITEM_CHARS).collect();
                // Chatter ("شكرا", "sent ✅", greetings) is kept and counted but costs no job.
                let filtered = super::filter::is_clearly_not_casting(&text);
                let id: Option<Uuid> = sqlx::query_scalar(
                    "INSERT INTO ingestion_items (id, source_id, external_id, sender, posted_at, text, source_url, status, processed_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8 THEN 'filtered' ELSE 'queued' END, CASE WHEN $8 THEN now() END)
                     ON CONFLICT (source_id, external_id) DO NOTHING RETURNING id",
                )
                .bind(Uuid::new_v4())
                .bind(source_id)
                .bind(&item.external_id)
                .bind(&item.sender)
                .bind(item.posted_at)
                .bind(&text)
                .bind(&item.source_url)
                .bind(filtered)
                .fetch_optional(&mut *tx)
                .await?;
                match id {
                    Some(_) if filtered => {
                        added.new += 1;
                        added.filtered += 1;
                    }
                    Some(id) => {
                        jobs::enqueue(&mut tx, &[ProcessItem { item_id: id }]).await?;
                        added.new += 1;
                    }
                    None => added.seen_before += 1,
                }
            }
            tx.commit().await?;
        }
        Ok(added)
    }

    pub async fn failed(&self, user: &User, limit: i64) -> Result<Vec<FailedItem>, super::SourceError> {
        super::sources::admin_only(user)?;
        type Row = (Uuid, Uuid, String, String, i32, Option<String>, OffsetDateTime);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT i.id, i.source_id, s.name, left(i.text, 200), i.attempts, i.last_error, i.created_at
             FROM ingestion_items i JOIN ingestion_sources s ON s.id = i.source_id
             WHERE i.status = 'failed' ORDER BY i.created_at DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.db)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, source_id, source_name, excerpt, attempts, error, created_at)| FailedItem {
                id,
                source_id,
                source_name,
                excerpt,
                attempts,
                error,
                created_at,
            })
            .collect())
    }

    /// Gives a failed item a fresh start and queues it again.
    pub async fn retry(&self, user: &User, id: Uuid, meta: &RequestMeta) -> Result<bool, super::SourceError> {
        super::sources::admin_only(user)?;
        let mut tx = self.db.begin().await?;
        let done = sqlx::query(
            "UPDATE ingestion_items SET status = 'queued', attempts = 0, last_error = NULL WHERE id = $1 AND status = 'failed'",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        jobs::enqueue(&mut tx, &[ProcessItem { item_id: id }]).await?;
        audit::record(&mut *tx, "IngestionItemRetried", Some(user.id), Some(&id.to_string()), meta, json!({})).await?;
        tx.commit().await?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::NewItem;

    #[test]
    fn derived_ids_are_stable_and_distinct() {
        let a = NewItem::derived_id("export", &["2025-03-05T11:00:00", "Reem", "مطلوب"]);
        assert_eq!(a, NewItem::derived_id("export", &["2025-03-05T11:00:00", "Reem", "مطلوب"]));
        assert_ne!(a, NewItem::derived_id("export", &["2025-03-05T11:00:00", "Reem مطلوب", ""]));
        assert!(a.starts_with("export:") && a.len() == 7 + 32);
    }
}
