//! Media upkeep, run hourly: uploads announced and never finished, files left unscanned while
//! the scanner was away, self-tape reminders, and retention (PDPL): self-tapes and attachments of a call closed for
//! 180 days are deleted (the talent's own profile media stays), each with an audit event.

use super::{
    AssetStatus,
    service::{COLUMNS, Media, MediaError, asset_from},
};
use crate::{
    audit::RequestMeta,
    jobs::{self, ProcessMedia},
};

/// Days a closed call's self-tapes and attachments are kept.
pub const RETENTION_DAYS: i32 = 180;
/// Hours an announced upload may stay unfinished.
pub const ABANDONED_HOURS: i32 = 24;

/// What one sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub abandoned: usize,
    pub rescanned: usize,
    pub expired: usize,
    pub reminded: usize,
}

impl Swept {
    pub fn any(&self) -> bool {
        *self != Swept::default()
    }
}

impl Media {
    /// Deletes every object and record of `owner`'s media (profile files, tapes, attachments,
    /// sides): what erasing an account does first, before the account's row goes. One audit
    /// event names what was freed. Answers (files, bytes).
    pub async fn erase_owner(&self, owner: uuid::Uuid, actor: Option<uuid::Uuid>, meta: &RequestMeta) -> Result<(usize, u64), MediaError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM media_assets WHERE owner_id = $1")))
            .bind(owner)
            .fetch_all(&self.db)
            .await?;
        let (mut files, mut bytes) = (0, 0);
        for row in &rows {
            let asset = asset_from(row)?;
            if let Some(upload_id) = &asset.upload_id {
                let _ = self.storage.abort_multipart(&super::storage::keys::original(asset.id), upload_id).await;
            }
            self.storage.delete_prefix(&super::storage::keys::prefix(asset.id)).await?;
            sqlx::query("DELETE FROM media_assets WHERE id = $1").bind(asset.id).execute(&self.db).await?;
            files += 1;
            bytes += asset.counted_bytes();
        }
        crate::audit::record(
            &self.db,
            "media.account_erased",
            actor,
            Some(&owner.to_string()),
            meta,
            serde_json::json!({ "files": files, "bytes": bytes }),
        )
        .await?;
        Ok((files, bytes))
    }

    pub async fn sweep(&self) -> Result<Swept, MediaError> {
        let mut swept = Swept::default();
        let meta = RequestMeta::default();
        let abandoned = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM media_assets WHERE status = 'pending' AND created_at < now() - make_interval(hours => $1) LIMIT 500"
        )))
        .bind(ABANDONED_HOURS)
        .fetch_all(&self.db)
        .await?;
        for row in &abandoned {
            self.remove(&asset_from(row)?, None, "media.upload_abandoned", &meta).await?;
            swept.abandoned += 1;
        }
        let expired = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM media_assets m JOIN applications a ON a.id = m.application_id JOIN casting_calls c ON c.id = a.casting_call_id
             WHERE c.status = 'closed' AND c.closed_at < now() - make_interval(days => $1) LIMIT 500",
            COLUMNS.split(", ").map(|c| format!("m.{c}")).collect::<Vec<_>>().join(", ")
        )))
        .bind(RETENTION_DAYS)
        .fetch_all(&self.db)
        .await?;
        for row in &expired {
            self.remove(&asset_from(row)?, None, "media.retention_expired", &meta).await?;
            swept.expired += 1;
        }
        swept.rescanned = self.rescan_unscanned().await?;
        swept.reminded = self.remind_self_tapes(time::OffsetDateTime::now_utc()).await?;
        Ok(swept)
    }

    /// Queues the unscanned files again once the scanner answers.
    pub async fn rescan_unscanned(&self) -> Result<usize, MediaError> {
        let Some(scanner) = &self.processing.scanner else { return Ok(0) };
        if scanner.ping().await.is_err() {
            return Ok(0);
        }
        let mut tx = self.db.begin().await?;
        let ids: Vec<uuid::Uuid> =
            sqlx::query_scalar("SELECT id FROM media_assets WHERE status = $1 ORDER BY updated_at LIMIT 1000 FOR UPDATE SKIP LOCKED")
                .bind(AssetStatus::Unscanned.as_str())
                .fetch_all(&mut *tx)
                .await?;
        let jobs: Vec<ProcessMedia> = ids.iter().map(|id| ProcessMedia { asset_id: *id }).collect();
        jobs::enqueue(&mut tx, &jobs).await?;
        tx.commit().await?;
        Ok(ids.len())
    }
}
