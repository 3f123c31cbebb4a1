//! Possible stolen photos: a new photo whose perceptual hash is within a few bits of another
//! account's photo is put before an administrator, never silently refused (twins, agencies and
//! a photographer's shared shots are real).

#[cfg(feature = "ssr")]
use super::{
    photo::SIMILAR_BITS,
    service::{Media, MediaError},
};
#[cfg(feature = "ssr")]
use crate::{
    account::{User, UserRole},
    audit::{self, RequestMeta},
};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use serde_json::json;
#[cfg(feature = "ssr")]
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

/// One pair in the administrators' queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimilarPair {
    pub asset_id: Uuid,
    pub owner_name: String,
    pub similar_id: Uuid,
    pub similar_owner_name: String,
    pub distance: i32,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// What an administrator decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Not the same person's photo taken: the flag is closed.
    Dismiss,
    /// The new photo is removed (its owner keeps the rest of their media).
    Remove,
}

#[cfg(feature = "ssr")]
impl Media {
    /// Flags every photo of another account within `SIMILAR_BITS` of `hash`.
    pub(super) async fn flag_similar(&self, asset: Uuid, owner: Uuid, hash: &[u8]) -> Result<usize, MediaError> {
        let n = sqlx::query(
            "INSERT INTO media_similar_photos (asset_id, similar_id, distance)
             SELECT $1, m.id, d.distance FROM media_assets m
             CROSS JOIN LATERAL (SELECT bit_count(('x' || encode(m.phash, 'hex'))::bit(64) # ('x' || encode($3, 'hex'))::bit(64))::int
                                 AS distance) d
             WHERE m.phash IS NOT NULL AND length(m.phash) = 8 AND m.owner_id <> $2 AND m.status NOT IN ('rejected')
               AND d.distance <= $4
             ON CONFLICT DO NOTHING",
        )
        .bind(asset)
        .bind(owner)
        .bind(hash)
        .bind(SIMILAR_BITS as i32)
        .execute(&self.db)
        .await?
        .rows_affected();
        if n > 0 {
            tracing::info!(%asset, pairs = n, "photo close to another account's photo: flagged for review");
        }
        Ok(n as usize)
    }

    /// The open flags, oldest first (administrators only).
    pub async fn similar_queue(&self, admin: &User) -> Result<Vec<SimilarPair>, MediaError> {
        if admin.role != UserRole::Admin {
            return Err(MediaError::NotFound);
        }
        let rows = sqlx::query(
            "SELECT s.asset_id, s.similar_id, s.distance, s.created_at, ua.display_name AS owner_name, ub.display_name AS similar_owner_name
             FROM media_similar_photos s
             JOIN media_assets a ON a.id = s.asset_id JOIN users ua ON ua.id = a.owner_id
             JOIN media_assets b ON b.id = s.similar_id JOIN users ub ON ub.id = b.owner_id
             WHERE s.status = 'open' ORDER BY s.created_at LIMIT 200",
        )
        .fetch_all(&self.db)
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                Ok(SimilarPair {
                    asset_id: r.try_get("asset_id")?,
                    owner_name: r.try_get("owner_name")?,
                    similar_id: r.try_get("similar_id")?,
                    similar_owner_name: r.try_get("similar_owner_name")?,
                    distance: r.try_get("distance")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?)
    }

    /// Closes a flag: dismissed, or the flagged photo removed. Audited either way.
    pub async fn decide_similar(
        &self,
        admin: &User,
        asset: Uuid,
        similar: Uuid,
        decision: Decision,
        meta: &RequestMeta,
    ) -> Result<(), MediaError> {
        if admin.role != UserRole::Admin {
            return Err(MediaError::NotFound);
        }
        let status = match decision {
            Decision::Dismiss => "dismissed",
            Decision::Remove => "removed",
        };
        let n = sqlx::query(
            "UPDATE media_similar_photos SET status = $3, decided_by = $4, decided_at = now()
             WHERE asset_id = $1 AND similar_id = $2 AND status = 'open'",
        )
        .bind(asset)
        .bind(similar)
        .bind(status)
        .bind(admin.id)
        .execute(&self.db)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(MediaError::NotFound);
        }
        audit::record(
            &self.db,
            "media.similar_decided",
            Some(admin.id),
            Some(&asset.to_string()),
            meta,
            json!({ "similar": similar, "decision": status }),
        )
        .await?;
        if decision == Decision::Remove
            && let Some(a) = self.find(asset).await?
        {
            self.remove(&a, Some(admin.id), "media.removed_by_moderation", meta).await?;
        }
        Ok(())
    }
}
