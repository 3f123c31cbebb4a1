//! The processing job's work: scan every file whatever its type, then make what is shown (photo
//! renditions and hash, the HLS ladder and poster of a video) and mark it ready. Each step is a
//! status move; a job that died half-way starts again from the status it left.

use super::{
    AssetStatus, Family,
    asset::Asset,
    photo,
    scan::{ScanError, Verdict},
    service::{Media, MediaError},
    storage::keys,
};
use crate::{
    audit::{self, RequestMeta},
    notify::{self, Notice, NoticeKind},
    routes::Page,
};
use serde_json::json;
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// How a processing run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Processed {
    Ready,
    /// The scanner could not be reached: kept for its owner, scanned when it is back.
    Unscanned,
    Rejected(String),
    /// Nothing to do (done already, deleted, or not uploaded).
    Skipped,
}

/// A folder of the job's own, removed however the job ends.
struct WorkDir(PathBuf);

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Media {
    /// Runs the processing of one asset.
    pub async fn process(&self, id: Uuid) -> Result<Processed, MediaError> {
        let Some(asset) = self.find(id).await? else { return Ok(Processed::Skipped) };
        use AssetStatus::*;
        let mut conn = self.db.acquire().await?;
        match asset.status {
            Uploaded | Unscanned => {
                self.move_status(&mut conn, id, &[Uploaded, Unscanned], Scanning, None).await?;
            }
            // A run that stopped while scanning or processing starts that step again.
            Scanning | Processing => {}
            Error => {
                self.move_status(&mut conn, id, &[Error], Processing, Some("retry")).await?;
            }
            Pending | Ready | Rejected => return Ok(Processed::Skipped),
        }
        drop(conn);
        let dir = WorkDir(self.processing.work_dir.join(format!("asset-{id}")));
        tokio::fs::create_dir_all(&dir.0).await.map_err(|e| MediaError::Processing(format!("work folder: {e}")))?;
        let original = dir.0.join("original");
        self.storage.download(&keys::original(id), &original).await?;
        // Someone else may have moved it meanwhile (deleted, finished by a transcoder).
        let status = self.find(id).await?.map(|a| a.status).unwrap_or(Rejected);
        if !matches!(status, Scanning | Processing) {
            return Ok(Processed::Skipped);
        }
        if status == Scanning {
            match self.scan(&original).await {
                Ok(Verdict::Clean) => {
                    let mut conn = self.db.acquire().await?;
                    self.move_status(&mut conn, id, &[Scanning], Processing, Some("clean")).await?;
                }
                Ok(Verdict::Infected(threat)) => {
                    self.reject_infected(&asset, &threat).await?;
                    return Ok(Processed::Rejected(threat));
                }
                Err(e) => {
                    tracing::warn!(asset = %id, error = %e, "virus scanner unavailable: the file stays unscanned");
                    let mut conn = self.db.acquire().await?;
                    self.move_status(&mut conn, id, &[Scanning], Unscanned, Some("scanner unavailable")).await?;
                    return Ok(Processed::Unscanned);
                }
            }
        }
        match self.make_renditions(&asset, &original, &dir.0).await {
            Ok(()) => {
                // Ready and, for a first headshot, main, in one step: nobody sees one without the other.
                let mut tx = self.db.begin().await?;
                self.move_status(&mut tx, id, &[Processing], Ready, None).await?;
                sqlx::query("UPDATE media_assets SET progress = 100 WHERE id = $1").bind(id).execute(&mut *tx).await?;
                // The first headshot ready is the main one until its owner picks another. (Two at
                // once on two nodes: the unique index refuses the second; its job runs again and
                // finds the first.)
                sqlx::query(
                    "UPDATE media_assets SET is_primary = true WHERE id = $1 AND purpose = 'headshot' AND application_id IS NULL
                     AND NOT EXISTS (SELECT 1 FROM media_assets WHERE owner_id = $2 AND is_primary)",
                )
                .bind(id)
                .bind(asset.owner_id)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(Processed::Ready)
            }
            Err(Refusal::Refused(key)) => {
                self.storage.delete_prefix(&keys::prefix(id)).await?;
                let mut conn = self.db.acquire().await?;
                self.move_status(&mut conn, id, &[Processing], Rejected, Some(&key)).await?;
                Ok(Processed::Rejected(key))
            }
            Err(Refusal::Failed(e)) => Err(e),
        }
    }

    /// Records a failed run; after the last attempt the asset shows the error to its owner.
    pub async fn record_failure(&self, id: Uuid, error: &str, last: bool) -> Result<(), MediaError> {
        if last {
            let mut conn = self.db.acquire().await?;
            self.move_status(&mut conn, id, &[AssetStatus::Processing], AssetStatus::Error, Some("error-media-processing")).await?;
        }
        tracing::warn!(asset = %id, error, last, "media processing failed");
        Ok(())
    }

    async fn scan(&self, file: &Path) -> Result<Verdict, ScanError> {
        let Some(scanner) = &self.processing.scanner else {
            return Err(ScanError::Unavailable { addr: String::new(), reason: "no scanner configured (TAKEONE_CLAMD_ADDR)".into() });
        };
        let f = tokio::fs::File::open(file).await.map_err(ScanError::Read)?;
        scanner.scan(f).await
    }

    /// An infected file: deleted from storage, the asset rejected, its owner told, an audit event.
    async fn reject_infected(&self, asset: &Asset, threat: &str) -> Result<(), MediaError> {
        self.storage.delete_prefix(&keys::prefix(asset.id)).await?;
        let mut tx = self.db.begin().await?;
        self.move_status(&mut tx, asset.id, &[AssetStatus::Scanning], AssetStatus::Rejected, Some("error-media-infected")).await?;
        notify::notify(
            &mut tx,
            Notice {
                user_id: asset.owner_id,
                kind: NoticeKind::MediaRejected,
                params: notify::params_object(&[("filename", asset.filename.clone()), ("threat", threat.to_string())]),
                link: Page::Media.path(),
                dedupe_key: format!("media-rejected:{}", asset.id),
            },
        )
        .await?;
        audit::record(
            &mut *tx,
            "media.infected",
            None,
            Some(&asset.id.to_string()),
            &RequestMeta::default(),
            json!({ "owner": asset.owner_id, "threat": threat }),
        )
        .await?;
        tx.commit().await?;
        tracing::warn!(asset = %asset.id, threat, "infected upload deleted");
        Ok(())
    }

    async fn make_renditions(&self, asset: &Asset, original: &Path, dir: &Path) -> Result<(), Refusal> {
        match asset.format.family() {
            Family::Photo => self.photo(asset, original).await,
            Family::Video => self.video(asset, original, dir).await,
            // Recordings and documents are delivered as they are, once clean.
            Family::Audio | Family::Document => Ok(()),
        }
    }

    async fn photo(&self, asset: &Asset, original: &Path) -> Result<(), Refusal> {
        // A phone's HEIC becomes a JPEG first (libheif's heif-convert, which applies the
        // picture's rotation); the renditions are made from that like any photo.
        let source = if asset.format == super::Format::Heic {
            let jpeg = original.with_extension("jpg");
            let (input, output) = (original.to_path_buf(), jpeg.clone());
            let converted = tokio::task::spawn_blocking(move || {
                std::process::Command::new("heif-convert").arg("-q").arg("95").arg(&input).arg(&output).output()
            })
            .await
            .map_err(|e| Refusal::Failed(MediaError::Processing(e.to_string())))?;
            match converted {
                Ok(out) if out.status.success() && jpeg.exists() => jpeg,
                Ok(_) => return Err(Refusal::Refused("error-media-unreadable".into())),
                Err(e) => return Err(Refusal::Failed(MediaError::Processing(format!("heif-convert (libheif-examples): {e}")))),
            }
        } else {
            original.to_path_buf()
        };
        let bytes = tokio::fs::read(&source).await.map_err(|e| Refusal::Failed(MediaError::Processing(e.to_string())))?;
        let done = tokio::task::spawn_blocking(move || photo::process(&bytes))
            .await
            .map_err(|e| Refusal::Failed(MediaError::Processing(e.to_string())))?;
        let done = match done {
            Ok(d) => d,
            Err(photo::PhotoError::TooManyPixels { .. }) => return Err(Refusal::Refused("error-media-too-many-pixels".into())),
            Err(photo::PhotoError::Unreadable(_)) => return Err(Refusal::Refused("error-media-unreadable".into())),
            Err(e @ photo::PhotoError::Encode(_)) => return Err(Refusal::Failed(MediaError::Processing(e.to_string()))),
        };
        let mut renditions = serde_json::Map::new();
        for r in done.renditions {
            let key = keys::rendition(asset.id, r.name);
            self.storage.put(&key, r.jpeg, "image/jpeg").await?;
            renditions.insert(r.name.to_string(), json!(key));
        }
        sqlx::query("UPDATE media_assets SET renditions = $2, width = $3, height = $4, phash = $5 WHERE id = $1")
            .bind(asset.id)
            .bind(serde_json::Value::Object(renditions))
            .bind(done.width as i32)
            .bind(done.height as i32)
            .bind(&done.hash.0)
            .execute(&self.db)
            .await
            .map_err(MediaError::from)?;
        self.flag_similar(asset.id, asset.owner_id, &done.hash.0).await?;
        Ok(())
    }

    async fn video(&self, asset: &Asset, original: &Path, dir: &Path) -> Result<(), Refusal> {
        let ffmpeg = &self.processing.ffmpeg;
        let probe = match ffmpeg.probe(original).await {
            Ok(p) => p,
            Err(super::video::VideoError::NotAVideo(_)) => return Err(Refusal::Refused("error-media-unreadable".into())),
            Err(e) => return Err(Refusal::Failed(MediaError::Processing(e.to_string()))),
        };
        if let Err(msg) = super::limits::check_duration(asset.format, probe.duration_s) {
            return Err(Refusal::Refused(msg.key));
        }
        sqlx::query("UPDATE media_assets SET duration_s = $2, width = $3, height = $4, progress = 5 WHERE id = $1")
            .bind(asset.id)
            .bind(probe.duration_s)
            .bind(probe.width as i32)
            .bind(probe.height as i32)
            .execute(&self.db)
            .await
            .map_err(MediaError::from)?;
        let poster = dir.join("poster.jpg");
        ffmpeg.poster(original, &probe, &poster).await.map_err(|e| Refusal::Failed(MediaError::Processing(e.to_string())))?;
        let poster_key = keys::rendition(asset.id, "poster");
        self.storage.put_file(&poster_key, &poster, "image/jpeg").await?;
        let watermark = (asset.purpose == super::Purpose::SelfTape).then(|| asset.watermark()).flatten();
        let out = dir.join("hls");
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<u8>();
        let db = self.db.clone();
        let id = asset.id;
        // Progress as the ladder's rungs finish, for the asset page.
        let reporter = tokio::spawn(async move {
            while let Some(p) = rx.recv().await {
                let _ = sqlx::query("UPDATE media_assets SET progress = $2 WHERE id = $1").bind(id).bind(i16::from(p)).execute(&db).await;
            }
        });
        let ladder = ffmpeg.hls(original, &probe, &out, watermark.as_deref(), Some(tx)).await;
        let _ = reporter.await;
        ladder.map_err(|e| Refusal::Failed(MediaError::Processing(e.to_string())))?;
        let mut files = tokio::fs::read_dir(&out).await.map_err(|e| Refusal::Failed(MediaError::Processing(e.to_string())))?;
        while let Some(f) = files.next_entry().await.map_err(|e| Refusal::Failed(MediaError::Processing(e.to_string())))? {
            let name = f.file_name().to_string_lossy().to_string();
            let kind = if name.ends_with(".m3u8") { "application/vnd.apple.mpegurl" } else { "video/mp2t" };
            self.storage.put_file(&keys::hls(asset.id, &name), &f.path(), kind).await?;
        }
        sqlx::query("UPDATE media_assets SET hls = true, renditions = jsonb_build_object('poster', $2::text) WHERE id = $1")
            .bind(asset.id)
            .bind(&poster_key)
            .execute(&self.db)
            .await
            .map_err(MediaError::from)?;
        Ok(())
    }
}

/// Why making the renditions stopped: the file itself is refused (a message key), or our failure.
enum Refusal {
    Refused(String),
    Failed(MediaError),
}

impl From<MediaError> for Refusal {
    fn from(e: MediaError) -> Self {
        Refusal::Failed(e)
    }
}

impl From<super::storage::StorageError> for Refusal {
    fn from(e: super::storage::StorageError) -> Self {
        Refusal::Failed(e.into())
    }
}
