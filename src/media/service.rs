//! The media service: the one place the pages, the API and the workers go through to store,
//! read, process and delete files. Who may do what is decided here, not at the edge.

use super::{
    AssetStatus, Format, Owner, Placement, Purpose, Viewer,
    asset::{Asset, AssetVisibility},
    scan::Clamd,
    storage::{Storage, StorageError},
    video::Ffmpeg,
};
use crate::{
    FieldErrors, Msg,
    account::{User, UserRole},
    talent::{Visibility, is_minor, today},
    token::TokenKey,
};
use sqlx::{PgConnection, PgPool, Row, postgres::PgRow};
use std::{collections::BTreeMap, path::PathBuf};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("invalid upload")]
    Invalid(FieldErrors),
    #[error("no such asset")]
    NotFound,
    #[error("this account may not upload this kind of file")]
    NotAllowed(Msg),
    #[error("the asset is not waiting for its upload")]
    NotPending,
    #[error("the upload has not arrived")]
    NotUploaded(Msg),
    #[error("the uploaded file was refused: {0:?}")]
    Refused(Msg),
    /// The account's plan does not allow it.
    #[error("plan limit: {0:?}")]
    Plan(crate::billing::Gate),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("processing: {0}")]
    Processing(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl crate::DomainError for MediaError {
    fn failure(&self) -> crate::Failure {
        use crate::Failure;
        match self {
            MediaError::Invalid(f) => Failure::Invalid(f.clone()),
            MediaError::NotFound => Failure::NotFound,
            MediaError::NotAllowed(m) => Failure::Refused(m.clone()),
            MediaError::NotPending => Failure::Conflict(Msg::new("error-media-not-pending")),
            MediaError::NotUploaded(m) => Failure::Refused(m.clone()),
            MediaError::Plan(g) => Failure::PlanLimit(g.msg()),
            MediaError::Refused(m) => {
                let mut f = FieldErrors::new();
                f.add("file", m.clone());
                Failure::Invalid(f)
            }
            MediaError::Storage(_) | MediaError::Processing(_) | MediaError::Database(_) => Failure::Internal,
        }
    }
}

/// How files are checked and turned into what is shown.
#[derive(Clone, Debug)]
pub struct Processing {
    /// The virus scanner; without one, files stay `unscanned` (their owner's only).
    pub scanner: Option<Clamd>,
    pub ffmpeg: Ffmpeg,
    /// Where a job unpacks a file while it works on it.
    pub work_dir: PathBuf,
    /// The shared secret of an outside transcoder's callbacks.
    pub transcode_secret: Option<Vec<u8>>,
}

#[derive(Clone, Debug)]
pub struct Media {
    pub(super) db: PgPool,
    pub(super) storage: Storage,
    pub(super) key: TokenKey,
    pub(super) processing: Processing,
}

pub(super) const COLUMNS: &str = "id, owner_id, purpose, visibility, format, filename, declared_size, size_bytes, status, upload_id, \
     part_size, position, is_primary, width, height, duration_s, renditions, hls, progress, reason, application_id, \
     self_tape_request_id, created_at";

pub(super) fn asset_from(row: &PgRow) -> Result<Asset, sqlx::Error> {
    let decode = |col: &str, e: String| sqlx::Error::ColumnDecode { index: col.into(), source: e.into() };
    let purpose: String = row.try_get("purpose")?;
    let visibility: String = row.try_get("visibility")?;
    let format: String = row.try_get("format")?;
    let status: String = row.try_get("status")?;
    let renditions: serde_json::Value = row.try_get("renditions")?;
    Ok(Asset {
        id: row.try_get("id")?,
        owner_id: row.try_get("owner_id")?,
        purpose: Purpose::parse(&purpose).map_err(|_| decode("purpose", purpose.clone()))?,
        visibility: AssetVisibility::from_db(&visibility).ok_or_else(|| decode("visibility", visibility.clone()))?,
        format: Format::from_mime(&format).ok_or_else(|| decode("format", format.clone()))?,
        filename: row.try_get("filename")?,
        declared_size: row.try_get::<i64, _>("declared_size")?.max(0) as u64,
        size_bytes: row.try_get::<Option<i64>, _>("size_bytes")?.map(|s| s.max(0) as u64),
        status: AssetStatus::parse(&status).ok_or_else(|| decode("status", status.clone()))?,
        upload_id: row.try_get("upload_id")?,
        part_size: row.try_get::<Option<i64>, _>("part_size")?.map(|s| s.max(0) as u64),
        position: row.try_get("position")?,
        is_primary: row.try_get("is_primary")?,
        width: row.try_get::<Option<i32>, _>("width")?.map(|w| w.max(0) as u32),
        height: row.try_get::<Option<i32>, _>("height")?.map(|h| h.max(0) as u32),
        duration_s: row.try_get("duration_s")?,
        renditions: serde_json::from_value::<BTreeMap<String, String>>(renditions).unwrap_or_default(),
        hls: row.try_get("hls")?,
        progress: row.try_get::<Option<i16>, _>("progress")?.map(|p| p.clamp(0, 100) as u8),
        reason: row.try_get("reason")?,
        application_id: row.try_get("application_id")?,
        self_tape_request_id: row.try_get("self_tape_request_id")?,
        created_at: row.try_get("created_at")?,
    })
}

/// The facts the access rule needs about an asset's owner and where it is shown.
pub(super) struct Facts {
    pub owner: Owner,
    pub placement: Placement,
}

impl Media {
    pub fn new(db: PgPool, storage: Storage, key: TokenKey, processing: Processing) -> Media {
        Media { db, storage, key, processing }
    }

    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    /// Whether a virus scanner is configured.
    pub fn scans(&self) -> bool {
        self.processing.scanner.is_some()
    }

    pub async fn find(&self, id: Uuid) -> Result<Option<Asset>, MediaError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM media_assets WHERE id = $1")))
            .bind(id)
            .fetch_optional(&self.db)
            .await?;
        Ok(row.as_ref().map(asset_from).transpose()?)
    }

    /// The owner's files, in their order (primary headshot first).
    pub async fn list_own(&self, owner: Uuid) -> Result<Vec<Asset>, MediaError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM media_assets WHERE owner_id = $1 AND application_id IS NULL AND purpose <> 'sides'
             ORDER BY is_primary DESC, purpose, position, created_at"
        )))
        .bind(owner)
        .fetch_all(&self.db)
        .await?;
        Ok(rows.iter().map(asset_from).collect::<Result<_, _>>()?)
    }

    /// A hirer's ready sides (PDF), newest first, to send with self-tape requests.
    pub async fn list_sides(&self, owner: Uuid) -> Result<Vec<Asset>, MediaError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM media_assets WHERE owner_id = $1 AND purpose = 'sides' AND status = 'ready' ORDER BY created_at DESC LIMIT 50"
        )))
        .bind(owner)
        .fetch_all(&self.db)
        .await?;
        Ok(rows.iter().map(asset_from).collect::<Result<_, _>>()?)
    }

    /// Bytes the owner stores (or has announced and not yet sent), refused files excepted.
    pub async fn used(&self, owner: Uuid) -> Result<u64, MediaError> {
        used(&mut *self.db.acquire().await?, owner).await
    }

    /// The asset for `viewer`, or `NotFound` (whether it exists or not) when they may not see it.
    pub async fn visible(&self, viewer: Option<&User>, id: Uuid) -> Result<Asset, MediaError> {
        let asset = self.find(id).await?.ok_or(MediaError::NotFound)?;
        if self.may_view(viewer, &asset).await? { Ok(asset) } else { Err(MediaError::NotFound) }
    }

    pub(super) async fn may_view(&self, viewer: Option<&User>, asset: &Asset) -> Result<bool, MediaError> {
        self.may_view_as(&viewer_of(viewer), asset).await
    }

    pub(super) async fn may_view_as(&self, viewer: &Viewer, asset: &Asset) -> Result<bool, MediaError> {
        let facts = self.facts(asset).await?;
        Ok(super::may_view(viewer, facts.owner, asset.status, &facts.placement))
    }

    /// Whether `user` manages the asset: its owner, the guardian acting for a minor owner, or an
    /// administrator.
    pub(super) async fn manages(&self, user: &User, asset: &Asset) -> Result<bool, MediaError> {
        if user.id == asset.owner_id || user.role == UserRole::Admin {
            return Ok(true);
        }
        let facts = self.facts(asset).await?;
        Ok(crate::talent::guardian_acts(facts.owner.guardian, facts.owner.minor, user.id))
    }

    pub(super) async fn facts(&self, asset: &Asset) -> Result<Facts, MediaError> {
        let row = sqlx::query(
            "SELECT tp.guardian_user_id, tp.date_of_birth, tp.visibility,
                    COALESCE((SELECT array_agg(DISTINCT c.organization_id) FROM applications a
                              JOIN casting_calls c ON c.id = a.casting_call_id
                              WHERE a.talent_profile_id = tp.id AND a.submitted_at IS NOT NULL AND a.status <> 'withdrawn'),
                             '{}') AS approved
             FROM talent_profiles tp WHERE tp.user_id = $1",
        )
        .bind(asset.owner_id)
        .fetch_optional(&self.db)
        .await?;
        let today = today(OffsetDateTime::now_utc());
        let (owner, visibility, approved) = match row {
            Some(r) => {
                let born: Option<time::Date> = r.try_get("date_of_birth")?;
                let visibility: String = r.try_get("visibility")?;
                (
                    Owner {
                        user: asset.owner_id,
                        guardian: r.try_get("guardian_user_id")?,
                        minor: born.is_none_or(|b| is_minor(b, today)),
                    },
                    Visibility::from_db(&visibility).unwrap_or(Visibility::Hidden),
                    r.try_get::<Vec<Uuid>, _>("approved")?,
                )
            }
            // Not a talent (a hirer's sides): theirs and the administrators' only.
            None => (Owner { user: asset.owner_id, guardian: None, minor: false }, Visibility::Hidden, vec![]),
        };
        if asset.purpose == Purpose::Sides {
            let recipients: Vec<Uuid> = sqlx::query_scalar(
                "SELECT u FROM self_tape_requests r JOIN applications a ON a.id = r.application_id
                 JOIN talent_profiles tp ON tp.id = a.talent_profile_id
                 CROSS JOIN LATERAL unnest(ARRAY[tp.user_id, tp.guardian_user_id]) AS u
                 WHERE r.sides_asset_id = $1 AND u IS NOT NULL",
            )
            .bind(asset.id)
            .fetch_all(&self.db)
            .await?;
            return Ok(Facts { owner, placement: Placement::Sides { recipients } });
        }
        let placement = match asset.application_id {
            Some(app) => {
                let org: Option<Uuid> = sqlx::query_scalar(
                    "SELECT c.organization_id FROM applications a JOIN casting_calls c ON c.id = a.casting_call_id
                     WHERE a.id = $1 AND a.submitted_at IS NOT NULL",
                )
                .bind(app)
                .fetch_optional(&self.db)
                .await?
                .flatten();
                match org {
                    Some(hiring_organization) => Placement::Application { hiring_organization },
                    None => Placement::Profile { visibility: Visibility::Hidden, approved_organizations: vec![], sent_to: vec![] },
                }
            }
            None => {
                let sent_to: Vec<Uuid> = sqlx::query_scalar(
                    "SELECT DISTINCT c.organization_id FROM application_media am JOIN applications a ON a.id = am.application_id
                     JOIN casting_calls c ON c.id = a.casting_call_id
                     WHERE am.asset_id = $1 AND a.submitted_at IS NOT NULL AND a.status <> 'withdrawn' AND c.organization_id IS NOT NULL",
                )
                .bind(asset.id)
                .fetch_all(&self.db)
                .await?;
                if asset.visibility == AssetVisibility::Private {
                    Placement::Profile { visibility: Visibility::Hidden, approved_organizations: vec![], sent_to }
                } else {
                    Placement::Profile { visibility, approved_organizations: approved, sent_to }
                }
            }
        };
        Ok(Facts { owner, placement })
    }

    /// Moves an asset from one of `from` to `to` and records the move; `false` when it was not in
    /// any of `from` (someone else moved it first).
    pub(super) async fn move_status(
        &self,
        conn: &mut PgConnection,
        id: Uuid,
        from: &[AssetStatus],
        to: AssetStatus,
        note: Option<&str>,
    ) -> Result<bool, MediaError> {
        debug_assert!(from.iter().all(|f| f.may_become(to)), "{from:?} -> {to:?}");
        let from: Vec<&str> = from.iter().filter(|f| f.may_become(to)).map(|f| f.as_str()).collect();
        let old: Option<String> = sqlx::query_scalar(
            "WITH old AS (SELECT status FROM media_assets WHERE id = $1 FOR UPDATE)
             UPDATE media_assets m SET status = $3, updated_at = now(),
                    reason = CASE WHEN $3 IN ('rejected', 'error') THEN $4 ELSE NULL END
             FROM old WHERE m.id = $1 AND old.status = ANY($2) RETURNING old.status",
        )
        .bind(id)
        .bind(&from)
        .bind(to.as_str())
        .bind(note)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(old) = old else { return Ok(false) };
        sqlx::query("INSERT INTO media_asset_events (asset_id, from_status, to_status, note) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(old)
            .bind(to.as_str())
            .bind(note)
            .execute(&mut *conn)
            .await?;
        Ok(true)
    }

    /// The asset's history: (from, to, note, when).
    pub async fn events(&self, id: Uuid) -> Result<Vec<(Option<String>, String, Option<String>, OffsetDateTime)>, MediaError> {
        let rows = sqlx::query("SELECT from_status, to_status, note, created_at FROM media_asset_events WHERE asset_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&self.db)
            .await?;
        Ok(rows
            .iter()
            .map(|r| Ok((r.try_get("from_status")?, r.try_get("to_status")?, r.try_get("note")?, r.try_get("created_at")?)))
            .collect::<Result<_, sqlx::Error>>()?)
    }
}

pub(super) async fn used(conn: &mut PgConnection, owner: Uuid) -> Result<u64, MediaError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COALESCE(sum(COALESCE(size_bytes, declared_size)), 0)::bigint FROM media_assets WHERE owner_id = $1 AND status <> 'rejected'",
    )
    .bind(owner)
    .fetch_one(conn)
    .await?;
    Ok(n.max(0) as u64)
}

/// The access rule's view of who is asking.
pub fn viewer_of(user: Option<&User>) -> Viewer {
    match user {
        None => Viewer::Anonymous,
        Some(u) => Viewer::User { id: u.id, role: u.role, organizations: u.organization_id.into_iter().collect() },
    }
}
