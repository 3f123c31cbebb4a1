//! Reading files back: photo renditions and posters, originals (with ranges) and the HLS ladder
//! through signed, expiring addresses. Every read is decided by the access rule first; a refusal
//! is `NotFound`, so nobody learns that a file exists.

use super::{
    AssetStatus, Family, Purpose,
    asset::Asset,
    service::{COLUMNS, Media, MediaError, asset_from},
    storage::{Object, keys},
    stream,
};
use crate::{Msg, account::User, routes::api};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

/// Where a player starts: the signed master playlist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Playback {
    pub manifest_url: String,
    pub expires_at: i64,
}

/// A signed stream address's query: viewer, expiry, signature.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct StreamQuery {
    #[serde(default)]
    pub v: String,
    #[serde(default)]
    pub e: i64,
    #[serde(default)]
    pub s: String,
}

/// An outside transcoder's report (`POST /api/v1/media/callbacks/transcode`).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TranscodeReport {
    /// Names the delivery: a retry carries the same id and changes nothing.
    pub id: String,
    pub asset_id: Uuid,
    /// `ready` or `error`.
    pub status: String,
    #[serde(default)]
    pub duration_s: Option<f64>,
    #[serde(default)]
    pub error: Option<String>,
}

/// What a transcode callback did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallbackOutcome {
    Applied,
    /// The same delivery again.
    Repeated,
}

impl Media {
    /// The addresses of an asset's photo renditions (or poster), for those who may see it.
    pub fn rendition_urls(asset: &Asset) -> Vec<(String, String)> {
        asset.renditions.keys().map(|name| (name.clone(), format!("{}/{name}", api::url(api::MEDIA_RENDITIONS, asset.id)))).collect()
    }

    /// A rendition (`thumb`, `card`, `full`, `poster`) of an asset `viewer` may see.
    pub async fn rendition(&self, viewer: Option<&User>, id: Uuid, name: &str) -> Result<Object, MediaError> {
        let asset = self.visible(viewer, id).await?;
        let key = asset.renditions.get(name).ok_or(MediaError::NotFound)?;
        Ok(self.storage.get(key, None).await?)
    }

    /// The original file, whole or a byte range. Its owner (and guardian) and administrators;
    /// the hiring organization for a file sent with an application; anyone who may see a
    /// document or a recording delivered as it is.
    pub async fn original(&self, viewer: Option<&User>, id: Uuid, range: Option<(u64, Option<u64>)>) -> Result<Object, MediaError> {
        let asset = self.visible(viewer, id).await?;
        let managed = match viewer {
            Some(u) => self.manages(u, &asset).await?,
            None => false,
        };
        let as_is = matches!(asset.format.family(), Family::Audio | Family::Document) || asset.application_id.is_some();
        if !(managed || (as_is && asset.status == AssetStatus::Ready)) {
            return Err(MediaError::NotFound);
        }
        let size = asset.size_bytes.unwrap_or(0);
        let range = match range {
            None => None,
            Some((start, _)) if start >= size => return Err(MediaError::NotUploaded(Msg::new("error-range"))),
            Some((start, end)) => Some((start, end.unwrap_or(size - 1).min(size - 1))),
        };
        Ok(self.storage.get(&keys::original(id), range).await?)
    }

    /// The signed master playlist of a ready video, for `viewer`.
    pub async fn playback(&self, viewer: Option<&User>, id: Uuid) -> Result<Playback, MediaError> {
        let asset = self.visible(viewer, id).await?;
        if !asset.hls || asset.status != AssetStatus::Ready && !matches!(viewer, Some(u) if u.id == asset.owner_id) {
            return Err(MediaError::NotFound);
        }

        let now = OffsetDateTime::now_utc().unix_timestamp();
        // Long enough to watch the whole video and pause a while.
        let expires_at = now + 30 * 60 + asset.duration_s.unwrap_or(0.0).ceil() as i64;
        let tag = stream::viewer_tag(viewer.map(|u| u.id));
        let base = format!("{}/", api::url(api::MEDIA_STREAM_BASE, id));
        Ok(Playback {
            manifest_url: format!("{base}master.m3u8?{}", stream::sign(&self.key, id, "master.m3u8", &tag, expires_at)),
            expires_at,
        })
    }

    /// One file of the ladder through its signed address: playlists come back with the files
    /// they name signed the same way, segments as they are.
    pub async fn stream(&self, viewer: Option<&User>, id: Uuid, file: &str, q: &StreamQuery) -> Result<StreamFile, MediaError> {
        if !stream::is_ladder_file(file) {
            return Err(MediaError::NotFound);
        }
        let asking = stream::viewer_tag(viewer.map(|u| u.id));
        let now = OffsetDateTime::now_utc().unix_timestamp();
        if let Err(why) = stream::verify(&self.key, id, file, (&q.v, q.e, &q.s), &asking, now) {
            tracing::debug!(asset = %id, file, ?why, "stream address refused");
            return Err(MediaError::NotFound);
        }
        // The rule again: access taken away (a withdrawn application) ends playback at once.
        let asset = self.visible(viewer, id).await?;
        // A segment streams only once the viewer presses play (the player loads nothing before):
        // the hiring side has watched the tape.
        if let Some(v) = viewer
            && file.ends_with(".ts")
        {
            self.tape_viewed(v, &asset).await?;
        }
        let key = keys::hls(id, file);
        if file.ends_with(".m3u8") {
            let text = String::from_utf8(self.storage.read(&key).await?).map_err(|e| MediaError::Processing(e.to_string()))?;
            let base = format!("{}/", api::url(api::MEDIA_STREAM_BASE, id));
            let body = stream::rewrite_playlist(&text, &base, |f| stream::sign(&self.key, id, f, &asking, q.e));
            Ok(StreamFile::Playlist(body))
        } else {
            Ok(StreamFile::Segment(self.storage.get(&key, None).await?))
        }
    }

    /// Applies an outside transcoder's signed report: the same effect as the built-in job (the
    /// ladder is in storage under the asset's `hls/`), once per delivery id.
    pub async fn transcode_callback(&self, body: &[u8], signature: &str) -> Result<CallbackOutcome, MediaError> {
        let Some(secret) = &self.processing.transcode_secret else { return Err(MediaError::NotFound) };
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|e| MediaError::Processing(e.to_string()))?;
        mac.update(body);
        let given = signature.trim().strip_prefix("sha256=").unwrap_or(signature.trim());
        let given = hex_decode(given).ok_or(MediaError::NotAllowed(Msg::new("error-signature")))?;
        // verify_slice compares in constant time.
        mac.verify_slice(&given).map_err(|_| MediaError::NotAllowed(Msg::new("error-signature")))?;
        let report: TranscodeReport = serde_json::from_slice(body)
            .map_err(|e| MediaError::Invalid(crate::FieldErrors(vec![("body".into(), Msg::new("error-bad-request").with("detail", e))])))?;
        let asset = self.find(report.asset_id).await?.ok_or(MediaError::NotFound)?;
        let mut tx = self.db.begin().await?;
        let fresh = sqlx::query("INSERT INTO media_transcode_callbacks (id, asset_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(&report.id)
            .bind(asset.id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        if !fresh {
            return Ok(CallbackOutcome::Repeated);
        }
        match report.status.as_str() {
            "ready" => {
                if self.storage.size(&keys::hls(asset.id, "master.m3u8")).await?.is_none() {
                    return Err(MediaError::NotUploaded(Msg::new("error-media-not-uploaded")));
                }
                sqlx::query("UPDATE media_assets SET hls = true, progress = 100, duration_s = COALESCE($2, duration_s) WHERE id = $1")
                    .bind(asset.id)
                    .bind(report.duration_s)
                    .execute(&mut *tx)
                    .await?;
                self.move_status(&mut tx, asset.id, &[AssetStatus::Processing], AssetStatus::Ready, Some("transcoder")).await?;
            }
            "error" => {
                self.move_status(&mut tx, asset.id, &[AssetStatus::Processing], AssetStatus::Error, Some("error-media-processing")).await?;
                tracing::warn!(asset = %asset.id, error = ?report.error, "outside transcoder failed");
            }
            _ => {
                return Err(MediaError::Invalid(crate::FieldErrors(vec![("status".into(), Msg::new("error-unknown-choice"))])));
            }
        }
        tx.commit().await?;
        Ok(CallbackOutcome::Applied)
    }

    /// What each of `owners` shows on a card to `viewer`: the primary headshot's card rendition
    /// and whether a showreel is ready, each through the access rule (a minor's, a hidden
    /// profile's or a private file's are left out).
    pub async fn profile_media(&self, viewer: Option<&User>, owners: &[Uuid]) -> Result<HashMap<Uuid, ProfileMedia>, MediaError> {
        self.profile_media_as(&super::viewer_of(viewer), owners).await
    }

    /// The main headshots a shortlist link shows: what the hiring organization may see, through
    /// addresses signed until the link expires (its reader has no account).
    pub async fn shortlist_headshots(
        &self,
        organization: Uuid,
        profiles: &[Uuid],
        expires: i64,
    ) -> Result<HashMap<Uuid, String>, MediaError> {
        let viewer = super::Viewer::User { id: Uuid::nil(), role: crate::account::UserRole::Hirer, organizations: vec![organization] };
        let pairs: Vec<(Uuid, Uuid)> =
            sqlx::query_as("SELECT id, user_id FROM talent_profiles WHERE id = ANY($1)").bind(profiles).fetch_all(&self.db).await?;
        let owners: Vec<Uuid> = pairs.iter().map(|(_, u)| *u).collect();
        let mut ids: HashMap<Uuid, Uuid> = HashMap::new();
        for row in sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM media_assets WHERE owner_id = ANY($1) AND status = 'ready' AND is_primary AND visibility = 'profile'"
        )))
        .bind(&owners)
        .fetch_all(&self.db)
        .await?
        {
            let asset = asset_from(&row)?;
            if self.may_view_as(&viewer, &asset).await? {
                ids.insert(asset.owner_id, asset.id);
            }
        }
        Ok(pairs
            .into_iter()
            .filter_map(|(profile, owner)| ids.get(&owner).map(|a| (profile, self.signed_rendition(*a, "card", expires))))
            .collect())
    }

    async fn profile_media_as(&self, viewer: &super::Viewer, owners: &[Uuid]) -> Result<HashMap<Uuid, ProfileMedia>, MediaError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM media_assets WHERE owner_id = ANY($1) AND status = 'ready' AND application_id IS NULL
               AND visibility = 'profile' AND ((purpose = 'headshot' AND is_primary) OR purpose = 'showreel')"
        )))
        .bind(owners)
        .fetch_all(&self.db)
        .await?;
        let mut out: HashMap<Uuid, ProfileMedia> = HashMap::new();
        for row in &rows {
            let asset = asset_from(row)?;
            if !self.may_view_as(viewer, &asset).await? {
                continue;
            }
            let entry = out.entry(asset.owner_id).or_default();
            match asset.purpose {
                Purpose::Headshot if asset.renditions.contains_key("card") => {
                    entry.headshot = Some(format!("{}/card", api::url(api::MEDIA_RENDITIONS, asset.id)));
                    entry.thumb = Some(format!("{}/thumb", api::url(api::MEDIA_RENDITIONS, asset.id)));
                }
                Purpose::Showreel => entry.reel = Some(api::url(api::MEDIA_PLAYBACK, asset.id)),
                _ => {}
            }
        }
        Ok(out)
    }

    /// `profile_media` keyed by talent profile id (worksheets and shortlists know profiles).
    pub async fn profile_media_of_profiles(
        &self,
        viewer: Option<&User>,
        profiles: &[Uuid],
    ) -> Result<HashMap<Uuid, ProfileMedia>, MediaError> {
        let pairs: Vec<(Uuid, Uuid)> =
            sqlx::query_as("SELECT id, user_id FROM talent_profiles WHERE id = ANY($1)").bind(profiles).fetch_all(&self.db).await?;
        let owners: Vec<Uuid> = pairs.iter().map(|(_, u)| *u).collect();
        let mut by_owner = self.profile_media(viewer, &owners).await?;
        Ok(pairs.into_iter().filter_map(|(profile, owner)| by_owner.remove(&owner).map(|m| (profile, m))).collect())
    }

    /// The files an application was sent with, those `viewer` may see, in the order chosen.
    pub async fn sent_with(&self, viewer: &User, application: Uuid) -> Result<Vec<Asset>, MediaError> {
        self.check_party(viewer, application).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM application_media am JOIN media_assets m ON m.id = am.asset_id WHERE am.application_id = $1 ORDER BY am.position",
            COLUMNS.split(", ").map(|c| format!("m.{c}")).collect::<Vec<_>>().join(", ")
        )))
        .bind(application)
        .fetch_all(&self.db)
        .await?;
        let mut out = Vec::new();
        for row in &rows {
            let asset = asset_from(row)?;
            if asset.status == AssetStatus::Ready && self.may_view(Some(viewer), &asset).await? {
                out.push(asset);
            }
        }
        Ok(out)
    }

    /// The ready profile files of `owner` that `viewer` may see, in the owner's order (main
    /// headshot first).
    pub async fn profile_assets(&self, viewer: Option<&User>, owner: Uuid) -> Result<Vec<Asset>, MediaError> {
        let mut out = Vec::new();
        for asset in self.list_own(owner).await? {
            if asset.status == AssetStatus::Ready && self.may_view(viewer, &asset).await? {
                out.push(asset);
            }
        }
        Ok(out)
    }

    /// A rendition address that opens without a session until `expires` (Unix seconds): for
    /// pages whose reader holds a capability instead of an account (a hirer's shortlist link).
    pub fn signed_rendition(&self, asset: Uuid, name: &str, expires: i64) -> String {
        let file = format!("rendition-{name}");
        format!("{}/{name}?{}", api::url(api::MEDIA_RENDITIONS, asset), stream::sign(&self.key, asset, &file, "link", expires))
    }

    /// A rendition through a signed address (see `signed_rendition`).
    pub async fn rendition_signed(&self, id: Uuid, name: &str, q: &StreamQuery) -> Result<Object, MediaError> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        stream::verify(&self.key, id, &format!("rendition-{name}"), (&q.v, q.e, &q.s), "link", now).map_err(|_| MediaError::NotFound)?;
        let asset = self.find(id).await?.filter(|a| a.status == AssetStatus::Ready).ok_or(MediaError::NotFound)?;
        let key = asset.renditions.get(name).ok_or(MediaError::NotFound)?;
        Ok(self.storage.get(key, None).await?)
    }
}

/// What a talent's card shows of their media.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileMedia {
    pub headshot: Option<String>,
    pub thumb: Option<String>,
    /// The showreel's playback address.
    pub reel: Option<String>,
}

/// A file of the ladder as served.
pub enum StreamFile {
    Playlist(String),
    Segment(Object),
}

fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}
