//! The validation queue: admins approve (with edits), reject with a reason, or merge a
//! candidate into an existing call. Each decision is taken once (the row is locked and must
//! still be pending) and writes an audit event in the same transaction.

use super::{
    extraction::Extraction,
    review::{BulkFailure, BulkOutcome, Candidate, CandidateStatus, QueuePage, SimilarCandidate, shows_phone},
    source::SourceKind,
};
use crate::{
    FieldErrors, Msg,
    account::{User, UserRole},
    audit::{self, RequestMeta},
    casting::{self, CallInput, NewCall},
    phone::mask_in_text,
    text,
};
use serde_json::json;
use sqlx::{PgPool, Row, postgres::PgRow};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("only administrators review gathered calls")]
    Forbidden,
    #[error("no such candidate")]
    NotFound,
    #[error("this candidate was decided already ({0})")]
    AlreadyDecided(&'static str),
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("the call to merge into does not exist")]
    NoSuchCall,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl ReviewError {
    pub fn msg(&self) -> Msg {
        match self {
            ReviewError::Forbidden => Msg::new("error-forbidden"),
            ReviewError::NotFound => Msg::new("error-not-found"),
            ReviewError::AlreadyDecided(status) => Msg::new("error-candidate-decided").with("status", status),
            ReviewError::Invalid(_) => Msg::new("error-form-invalid"),
            ReviewError::NoSuchCall => Msg::new("error-merge-target"),
            ReviewError::Database(_) => Msg::new("error-internal"),
        }
    }
}

impl crate::DomainError for ReviewError {
    fn failure(&self) -> crate::Failure {
        use crate::Failure;
        match self {
            ReviewError::Forbidden => Failure::Forbidden,
            ReviewError::NotFound => Failure::NotFound,
            ReviewError::Invalid(e) => Failure::Invalid(e.clone()),
            ReviewError::AlreadyDecided(_) => Failure::Conflict(self.msg()),
            ReviewError::NoSuchCall => Failure::Refused(self.msg()),
            ReviewError::Database(_) => Failure::Internal,
        }
    }
}

const SELECT: &str = "SELECT c.id, c.status, c.source_id, s.name AS source_name, s.kind AS source_kind, i.source_url, i.sender,
        i.posted_at, i.text, c.extraction, i.extractor, i.extractor_note, c.repost_count, c.casting_call_id, c.reject_reason,
        c.created_at, sim.id AS similar_to, sim.similarity, sim.status AS sim_status, sim.casting_call_id AS sim_call,
        sim.extraction ->> 'title' AS sim_title
    FROM ingestion_candidates c
    JOIN ingestion_items i ON i.id = c.item_id
    JOIN ingestion_sources s ON s.id = c.source_id
    -- A near-duplicate is one pair seen from either side: the one this candidate was found
    -- like when it arrived, else the first that arrived later and was found like it.
    LEFT JOIN LATERAL (
        SELECT o.id, o.status, o.casting_call_id, o.extraction, coalesce(c.similarity, o.similarity) AS similarity
        FROM ingestion_candidates o
        WHERE o.id = c.similar_to OR o.similar_to = c.id
        ORDER BY o.id = c.similar_to DESC, o.created_at
        LIMIT 1
    ) sim ON true";

fn from_row(r: &PgRow) -> Result<Candidate, sqlx::Error> {
    let decode = |what: &str, v: String| sqlx::Error::Decode(format!("unknown {what} {v}").into());
    let status: String = r.try_get("status")?;
    let kind: String = r.try_get("source_kind")?;
    let extraction: serde_json::Value = r.try_get("extraction")?;
    let similar = match r.try_get::<Option<Uuid>, _>("similar_to")? {
        Some(id) => {
            let s: String = r.try_get("sim_status")?;
            Some(SimilarCandidate {
                id,
                title: r.try_get("sim_title")?,
                status: CandidateStatus::from_db(&s).ok_or_else(|| decode("status", s.clone()))?,
                casting_call_id: r.try_get("sim_call")?,
                similarity: r.try_get::<Option<f32>, _>("similarity")?.unwrap_or(0.0),
            })
        }
        None => None,
    };
    Ok(Candidate {
        id: r.try_get("id")?,
        status: CandidateStatus::from_db(&status).ok_or_else(|| decode("status", status.clone()))?,
        source_id: r.try_get("source_id")?,
        source_name: r.try_get("source_name")?,
        source_kind: SourceKind::from_db(&kind).ok_or_else(|| decode("source kind", kind.clone()))?,
        source_url: r.try_get("source_url")?,
        sender: r.try_get("sender")?,
        posted_at: r.try_get("posted_at")?,
        text: r.try_get("text")?,
        extraction: serde_json::from_value::<Extraction>(extraction).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        extractor: r.try_get("extractor")?,
        extractor_note: r.try_get("extractor_note")?,
        similar,
        repost_count: r.try_get("repost_count")?,
        casting_call_id: r.try_get("casting_call_id")?,
        reject_reason: r.try_get("reject_reason")?,
        created_at: r.try_get("created_at")?,
    })
}

fn admin_only(user: &User) -> Result<(), ReviewError> {
    if user.role == UserRole::Admin { Ok(()) } else { Err(ReviewError::Forbidden) }
}

#[derive(Clone)]
pub struct ReviewQueue {
    db: PgPool,
}

impl ReviewQueue {
    pub fn new(db: PgPool) -> Self {
        Self { db }
    }

    /// Pending candidates, oldest first (first in, first reviewed).
    pub async fn pending(&self, user: &User, limit: i64, offset: i64) -> Result<QueuePage, ReviewError> {
        admin_only(user)?;
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.status = 'pending' ORDER BY c.created_at, c.id LIMIT $1 OFFSET $2")))
                .bind(limit.clamp(1, 200))
                .bind(offset.max(0))
                .fetch_all(&self.db)
                .await?;
        let total: i64 =
            sqlx::query_scalar("SELECT count(*) FROM ingestion_candidates WHERE status = 'pending'").fetch_one(&self.db).await?;
        Ok(QueuePage { items: rows.iter().map(from_row).collect::<Result<_, _>>()?, total })
    }

    pub async fn get(&self, user: &User, id: Uuid) -> Result<Candidate, ReviewError> {
        admin_only(user)?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.id = $1"))).bind(id).fetch_optional(&self.db).await?;
        row.as_ref().map(from_row).transpose()?.ok_or(ReviewError::NotFound)
    }

    /// The pending candidate reviewed after this one (queue order), skipping itself.
    pub async fn next_after(&self, user: &User, c: &Candidate) -> Result<Option<Uuid>, ReviewError> {
        admin_only(user)?;
        Ok(sqlx::query_scalar(
            "SELECT id FROM ingestion_candidates WHERE status = 'pending' AND (created_at, id) > ($1, $2) ORDER BY created_at, id LIMIT 1",
        )
        .bind(c.created_at)
        .bind(c.id)
        .fetch_optional(&self.db)
        .await?)
    }

    async fn lock_pending(tx: &mut sqlx::Transaction<'_, sqlx::Postgres>, id: Uuid) -> Result<Option<String>, ReviewError> {
        let row: Option<(String, Option<String>)> = sqlx::query_as(
            "SELECT c.status, i.source_url FROM ingestion_candidates c JOIN ingestion_items i ON i.id = c.item_id WHERE c.id = $1 FOR UPDATE OF c",
        )
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
        match row {
            None => Err(ReviewError::NotFound),
            Some((status, url)) if status == "pending" => Ok(url),
            Some((status, _)) => Err(ReviewError::AlreadyDecided(CandidateStatus::from_db(&status).map_or("decided", |s| s.as_str()))),
        }
    }

    /// Publishes the candidate as an aggregated call, with the admin's corrections.
    pub async fn approve(
        &self,
        user: &User,
        id: Uuid,
        input: &CallInput,
        now: OffsetDateTime,
        meta: &RequestMeta,
    ) -> Result<Uuid, ReviewError> {
        admin_only(user)?;
        let mut form = input.clone();
        form.intent = "publish".into();
        let mut errors = FieldErrors::new();
        let company = errors.take("company", text::optional_text(&input.company, 200, false));
        let contact = errors.take("contact", text::optional_text(&input.contact, 500, false));
        let call = match NewCall::parse(&form, now) {
            Ok(call) if errors.is_empty() => call,
            Ok(_) => return Err(ReviewError::Invalid(errors)),
            Err(mut e) => {
                e.0.extend(errors.0);
                return Err(ReviewError::Invalid(e));
            }
        };
        let (Some(company), Some(contact)) = (company, contact) else { return Err(ReviewError::Invalid(errors)) };
        let show_phone = shows_phone(input);
        let public = |s: &str| if show_phone { s.to_string() } else { mask_in_text(s) };
        let call = call.map_texts(public);
        let (company, contact) = (company.as_deref().map(public), contact.as_deref().map(public));

        let mut tx = self.db.begin().await?;
        let source_url = Self::lock_pending(&mut tx, id).await?;
        let call_id =
            casting::insert_aggregated(&mut tx, user.id, &call, company.as_deref(), source_url.as_deref(), contact.as_deref(), show_phone)
                .await?;
        sqlx::query(
            "UPDATE ingestion_candidates SET status = 'approved', casting_call_id = $2, decided_by = $3, decided_at = now() WHERE id = $1",
        )
        .bind(id)
        .bind(call_id)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut *tx,
            "CandidateApproved",
            Some(user.id),
            Some(&id.to_string()),
            meta,
            json!({ "casting_call_id": call_id, "show_phone": show_phone }),
        )
        .await?;
        tx.commit().await?;
        Ok(call_id)
    }

    pub async fn reject(&self, user: &User, id: Uuid, reason: &str, meta: &RequestMeta) -> Result<(), ReviewError> {
        admin_only(user)?;
        let reason = text::required_text(reason, 3, 500, true).map_err(|m| {
            let mut e = FieldErrors::new();
            e.add("reason", m);
            ReviewError::Invalid(e)
        })?;
        let mut tx = self.db.begin().await?;
        Self::lock_pending(&mut tx, id).await?;
        sqlx::query(
            "UPDATE ingestion_candidates SET status = 'rejected', reject_reason = $2, decided_by = $3, decided_at = now() WHERE id = $1",
        )
        .bind(id)
        .bind(&reason)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
        audit::record(&mut *tx, "CandidateRejected", Some(user.id), Some(&id.to_string()), meta, json!({ "reason": reason })).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Folds the candidate into a call that exists already (the one it repeats).
    pub async fn merge(&self, user: &User, id: Uuid, into_call: Uuid, meta: &RequestMeta) -> Result<(), ReviewError> {
        admin_only(user)?;
        let mut tx = self.db.begin().await?;
        Self::lock_pending(&mut tx, id).await?;
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM casting_calls WHERE id = $1)").bind(into_call).fetch_one(&mut *tx).await?;
        if !exists {
            return Err(ReviewError::NoSuchCall);
        }
        sqlx::query(
            "UPDATE ingestion_candidates SET status = 'merged', casting_call_id = $2, decided_by = $3, decided_at = now() WHERE id = $1",
        )
        .bind(id)
        .bind(into_call)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
        audit::record(&mut *tx, "CandidateMerged", Some(user.id), Some(&id.to_string()), meta, json!({ "casting_call_id": into_call }))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Approves each candidate as its extraction fills the form; those that need an edit first
    /// (no deadline, a city outside the list...) are reported, the rest go through.
    pub async fn bulk_approve(
        &self,
        user: &User,
        ids: &[Uuid],
        now: OffsetDateTime,
        meta: &RequestMeta,
    ) -> Result<BulkOutcome, ReviewError> {
        admin_only(user)?;
        let mut out = BulkOutcome::default();
        for id in ids {
            let result = match self.get(user, *id).await {
                Ok(c) => self.approve(user, *id, &c.prefill(), now, meta).await.map(|_| ()),
                Err(e) => Err(e),
            };
            match result {
                Ok(()) => out.done.push(*id),
                Err(ReviewError::Database(e)) => return Err(ReviewError::Database(e)),
                Err(e) => out.failed.push(BulkFailure { id: *id, msg: e.msg() }),
            }
        }
        Ok(out)
    }

    pub async fn bulk_reject(&self, user: &User, ids: &[Uuid], reason: &str, meta: &RequestMeta) -> Result<BulkOutcome, ReviewError> {
        admin_only(user)?;
        let mut out = BulkOutcome::default();
        for id in ids {
            match self.reject(user, *id, reason, meta).await {
                Ok(()) => out.done.push(*id),
                Err(ReviewError::Database(e)) => return Err(ReviewError::Database(e)),
                Err(e @ ReviewError::Invalid(_)) => return Err(e),
                Err(e) => out.failed.push(BulkFailure { id: *id, msg: e.msg() }),
            }
        }
        Ok(out)
    }
}
