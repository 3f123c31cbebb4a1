//! Uploads: the browser announces a file, puts its bytes straight into storage with presigned
//! requests (in parts for recordings, resumable), and says when it is done; the server then
//! checks what really arrived before anything else happens to it.

use super::{
    AssetStatus, Family, Purpose,
    asset::{Asset, AssetVisibility, UploadPart, clean_filename, part_size_for, part_sizes},
    format::HEAD_BYTES,
    service::{COLUMNS, Media, MediaError, asset_from, used},
    storage::{Presigned, keys},
};
use crate::{
    FieldErrors, Msg,
    account::{User, UserRole},
    audit::{self, RequestMeta},
    jobs::{self, ProcessMedia},
};
use serde_json::json;
use std::time::Duration;
use uuid::Uuid;

/// How long a single presigned PUT may be used.
const PUT_LIFETIME: Duration = Duration::from_secs(15 * 60);
/// How long part addresses live: a long video on a slow line; asking again renews them.
const PART_LIFETIME: Duration = Duration::from_secs(2 * 60 * 60);

/// What the browser declares (the API's `{filename, mimetype, size, visibility, purpose}`).
#[derive(Clone, Debug, Default)]
pub struct UploadRequest {
    pub filename: String,
    pub mimetype: String,
    pub size: u64,
    pub visibility: String,
    pub purpose: String,
    /// The application a self-tape or an attachment goes with.
    pub application_id: Option<Uuid>,
}

/// Where the bytes go: one PUT, or the parts of a multipart upload.
#[derive(Clone, Debug)]
pub struct UploadTicket {
    pub asset: Asset,
    /// The single PUT (photos, documents); `None` when the file goes in parts.
    pub put: Option<Presigned>,
    pub parts: Vec<UploadPart>,
}

impl Media {
    /// Announces an upload: checks who may upload what, the declared type and size and the
    /// quota, records a `pending` asset and answers where to put the bytes.
    pub async fn start_upload(&self, user: &User, req: &UploadRequest) -> Result<UploadTicket, MediaError> {
        let mut errors = FieldErrors::new();
        let filename = errors.take("filename", clean_filename(&req.filename));
        let purpose = errors.take("purpose", Purpose::parse(&req.purpose));
        let visibility = errors.take("visibility", AssetVisibility::parse_api(&req.visibility));
        let (Some(filename), Some(purpose), Some(visibility)) = (filename, purpose, visibility) else {
            return Err(MediaError::Invalid(errors));
        };
        let allowed = match purpose {
            Purpose::Sides => user.role == UserRole::Hirer,
            _ => user.role == UserRole::Talent,
        };
        if !allowed {
            return Err(MediaError::NotAllowed(Msg::new(if purpose == Purpose::Sides {
                "error-media-sides-hirers-only"
            } else {
                "error-media-talent-only"
            })));
        }
        let application_id = match (purpose, req.application_id) {
            (Purpose::SelfTape | Purpose::Attachment, Some(app)) => Some(self.own_application(user, app).await?),
            (Purpose::SelfTape, None) => {
                let mut e = FieldErrors::new();
                e.add("applicationId", Msg::new("error-media-self-tape-needs-application"));
                return Err(MediaError::Invalid(e));
            }
            _ => None,
        };
        let mut tx = self.db.begin().await?;
        // One upload of an account at a time past this point: two at once cannot both squeeze
        // into the last free megabytes.
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 42))").bind(user.id).execute(&mut *tx).await?;
        let in_use = used(&mut tx, user.id).await?;
        if matches!(purpose, Purpose::Headshot | Purpose::Gallery | Purpose::Showreel | Purpose::VoiceReel) {
            let plan = crate::billing::entitlements(&mut tx, user).await?;
            match purpose {
                Purpose::Headshot | Purpose::Gallery => plan.may_add_photo(crate::billing::photos(&mut tx, user.id).await?),
                _ => plan.may_add_reel(),
            }
            .map_err(MediaError::Plan)?;
        }
        let format = super::check_declared(purpose, &req.mimetype, req.size, in_use).map_err(MediaError::Invalid)?;
        let id = Uuid::new_v4();
        let key = keys::original(id);
        let multipart = matches!(format.family(), Family::Video | Family::Audio);
        let (upload_id, part_size) = if multipart {
            (Some(self.storage.start_multipart(&key, format.mime()).await?), Some(part_size_for(req.size)))
        } else {
            (None, None)
        };
        let position: i32 =
            sqlx::query_scalar("SELECT COALESCE(max(position) + 1, 0) FROM media_assets WHERE owner_id = $1 AND purpose = $2")
                .bind(user.id)
                .bind(purpose.as_str())
                .fetch_one(&mut *tx)
                .await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO media_assets (id, owner_id, purpose, visibility, format, filename, declared_size, upload_id, part_size,
                                       position, application_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING {COLUMNS}"
        )))
        .bind(id)
        .bind(user.id)
        .bind(purpose.as_str())
        .bind(visibility.as_str())
        .bind(format.mime())
        .bind(&filename)
        .bind(req.size as i64)
        .bind(&upload_id)
        .bind(part_size.map(|p| p as i64))
        .bind(position)
        .bind(application_id)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO media_asset_events (asset_id, to_status) VALUES ($1, 'pending')").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        let asset = asset_from(&row)?;
        if multipart {
            let parts = self.parts_to_send(&asset).await?;
            Ok(UploadTicket { asset, put: None, parts })
        } else {
            let put = self.storage.presign_put(&key, format.mime(), req.size, PUT_LIFETIME).await?;
            Ok(UploadTicket { asset, put: Some(put), parts: vec![] })
        }
    }

    async fn own_application(&self, user: &User, app: Uuid) -> Result<Uuid, MediaError> {
        let mine: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM applications a JOIN talent_profiles tp ON tp.id = a.talent_profile_id
                            WHERE a.id = $1 AND tp.user_id = $2)",
        )
        .bind(app)
        .bind(user.id)
        .fetch_one(&self.db)
        .await?;
        if mine {
            Ok(app)
        } else {
            let mut e = FieldErrors::new();
            e.add("applicationId", Msg::new("error-not-found"));
            Err(MediaError::Invalid(e))
        }
    }

    /// The parts of a pending multipart upload: which are stored, and fresh addresses for the
    /// others. What a browser asks after an interruption, to resume where it stopped.
    pub async fn parts_to_send(&self, asset: &Asset) -> Result<Vec<UploadPart>, MediaError> {
        let (Some(upload_id), Some(part_size)) = (&asset.upload_id, asset.part_size) else { return Ok(vec![]) };
        let key = keys::original(asset.id);
        let stored = self.storage.parts(&key, upload_id).await?;
        let mut parts = Vec::new();
        for (i, size) in part_sizes(asset.declared_size, part_size).into_iter().enumerate() {
            let number = i as i32 + 1;
            let done = stored.iter().any(|p| p.number == number && p.size == size);
            let url = if done { None } else { Some(self.storage.presign_part(&key, upload_id, number, size, PART_LIFETIME).await?.url) };
            parts.push(UploadPart { number, size, stored: done, url });
        }
        Ok(parts)
    }

    /// The owner's pending upload, with what is left to send.
    pub async fn resume(&self, user: &User, id: Uuid) -> Result<(Asset, Vec<UploadPart>), MediaError> {
        let asset = self.find(id).await?.filter(|a| a.owner_id == user.id).ok_or(MediaError::NotFound)?;
        if asset.status != AssetStatus::Pending {
            return Err(MediaError::NotPending);
        }
        let parts = self.parts_to_send(&asset).await?;
        Ok((asset, parts))
    }

    /// The browser says the bytes are there: joins the parts, checks the real size and the
    /// file's own bytes against what was declared, and queues the processing. Saying it twice
    /// answers the same.
    pub async fn complete(&self, user: &User, id: Uuid) -> Result<Asset, MediaError> {
        let asset = self.find(id).await?.filter(|a| a.owner_id == user.id).ok_or(MediaError::NotFound)?;
        if asset.status != AssetStatus::Pending {
            return if asset.status == AssetStatus::Rejected {
                Err(MediaError::Refused(Msg::new(asset.reason.unwrap_or_else(|| "error-media-rejected".into()))))
            } else {
                Ok(asset)
            };
        }
        let key = keys::original(id);
        if let (Some(upload_id), Some(part_size)) = (&asset.upload_id, asset.part_size) {
            let expected = part_sizes(asset.declared_size, part_size);
            let stored = self.storage.parts(&key, upload_id).await?;
            let missing = expected
                .iter()
                .enumerate()
                .filter(|(i, size)| !stored.iter().any(|p| p.number == *i as i32 + 1 && p.size == **size))
                .count();
            if missing > 0 {
                return Err(MediaError::NotUploaded(Msg::new("error-media-parts-missing").with("count", missing)));
            }
            let parts: Vec<_> = stored.into_iter().filter(|p| (p.number as usize) <= expected.len()).collect();
            self.storage.complete_multipart(&key, upload_id, &parts).await?;
        }
        let Some(size) = self.storage.size(&key).await? else {
            return Err(MediaError::NotUploaded(Msg::new("error-media-not-uploaded")));
        };
        let head = self.storage.head_bytes(&key, HEAD_BYTES).await?;
        let mut tx = self.db.begin().await?;
        if let Err(msg) = super::check_received(asset.format, asset.declared_size, size, &head) {
            // Nothing of a refused file is kept.
            self.storage.delete_prefix(&keys::prefix(id)).await?;
            self.move_status(&mut tx, id, &[AssetStatus::Pending], AssetStatus::Rejected, Some(&msg.key)).await?;
            sqlx::query("UPDATE media_assets SET upload_id = NULL, size_bytes = 0 WHERE id = $1").bind(id).execute(&mut *tx).await?;
            tx.commit().await?;
            tracing::info!(asset = %id, reason = %msg.key, "upload refused on arrival");
            return Err(MediaError::Refused(msg));
        }
        if !self.move_status(&mut tx, id, &[AssetStatus::Pending], AssetStatus::Uploaded, None).await? {
            // Completed by a concurrent call.
            return self.find(id).await?.ok_or(MediaError::NotFound);
        }
        sqlx::query("UPDATE media_assets SET size_bytes = $2, upload_id = NULL WHERE id = $1")
            .bind(id)
            .bind(size as i64)
            .execute(&mut *tx)
            .await?;
        jobs::enqueue(&mut tx, &[ProcessMedia { asset_id: id }]).await?;
        self.answer_request(&mut tx, &asset).await?;
        tx.commit().await?;
        self.find(id).await?.ok_or(MediaError::NotFound)
    }

    /// Deletes an asset and every object of it (its owner, a guardian acting for a minor, or an
    /// administrator); frees the quota and leaves an audit event.
    pub async fn delete(&self, user: &User, id: Uuid, meta: &RequestMeta) -> Result<(), MediaError> {
        let asset = self.find(id).await?.ok_or(MediaError::NotFound)?;
        if !self.manages(user, &asset).await? {
            return Err(MediaError::NotFound);
        }
        self.remove(&asset, Some(user.id), "media.deleted", meta).await
    }

    /// Removes the objects, then the record, with an audit event of `event`.
    pub(super) async fn remove(&self, asset: &Asset, actor: Option<Uuid>, event: &str, meta: &RequestMeta) -> Result<(), MediaError> {
        if let Some(upload_id) = &asset.upload_id {
            // An unfinished upload keeps its parts until aborted.
            if let Err(e) = self.storage.abort_multipart(&keys::original(asset.id), upload_id).await {
                tracing::warn!(asset = %asset.id, error = %e, "aborting the multipart upload");
            }
        }
        self.storage.delete_prefix(&keys::prefix(asset.id)).await?;
        let mut tx = self.db.begin().await?;
        sqlx::query("DELETE FROM media_assets WHERE id = $1").bind(asset.id).execute(&mut *tx).await?;
        audit::record(
            &mut *tx,
            event,
            actor,
            Some(&asset.id.to_string()),
            meta,
            json!({ "owner": asset.owner_id, "purpose": asset.purpose.as_str(), "bytes": asset.counted_bytes() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Makes a ready headshot the primary one (shown on cards, search results and worksheets).
    pub async fn set_primary(&self, user: &User, id: Uuid) -> Result<(), MediaError> {
        let asset = self.find(id).await?.filter(|a| a.owner_id == user.id).ok_or(MediaError::NotFound)?;
        if asset.purpose != Purpose::Headshot {
            return Err(MediaError::NotAllowed(Msg::new("error-media-primary-headshot")));
        }
        let mut tx = self.db.begin().await?;
        sqlx::query("UPDATE media_assets SET is_primary = false WHERE owner_id = $1 AND is_primary")
            .bind(user.id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE media_assets SET is_primary = true WHERE id = $1").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves a file one place earlier (`up`) or later among its owner's files of its purpose.
    pub async fn shift(&self, user: &User, id: Uuid, up: bool) -> Result<(), MediaError> {
        let asset = self.find(id).await?.filter(|a| a.owner_id == user.id).ok_or(MediaError::NotFound)?;
        let mut tx = self.db.begin().await?;
        let neighbour: Option<(Uuid, i32)> = sqlx::query_as(if up {
            "SELECT id, position FROM media_assets WHERE owner_id = $1 AND purpose = $2 AND application_id IS NULL AND position < $3
             ORDER BY position DESC LIMIT 1 FOR UPDATE"
        } else {
            "SELECT id, position FROM media_assets WHERE owner_id = $1 AND purpose = $2 AND application_id IS NULL AND position > $3
             ORDER BY position LIMIT 1 FOR UPDATE"
        })
        .bind(user.id)
        .bind(asset.purpose.as_str())
        .bind(asset.position)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((other, pos)) = neighbour {
            sqlx::query("UPDATE media_assets SET position = CASE id WHEN $1 THEN $2 ELSE $3 END WHERE id IN ($1, $4)")
                .bind(id)
                .bind(pos)
                .bind(asset.position)
                .bind(other)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
