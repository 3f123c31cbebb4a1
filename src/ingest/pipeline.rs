//! From a stored post to a candidate in the validation queue: extract, then fold exact
//! duplicates and flag near ones. Running it twice for the same item does nothing the second
//! time (the item's status is checked under a row lock, and an item has at most one candidate).

use super::{
    dedupe,
    extract::RuleExtractor,
    extraction::{ExtractInput, Extraction, SourceType},
    llm::OpenAiExtractor,
    source::SourceKind,
};
use crate::casting::RIYADH;
use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

/// The advisory lock that serializes duplicate detection across workers and nodes.
const DEDUPE_LOCK: i64 = 0x7461_6b65_6f6e_6531;

/// Which extractor answered, and why the preferred one did not.
#[derive(Clone, Debug, PartialEq)]
pub struct Extracted {
    pub extraction: Extraction,
    pub by: &'static str,
    pub note: Option<String>,
}

/// The built-in extractor, optionally behind an OpenAI-compatible endpoint: when that endpoint
/// fails or answers garbage, the built-in one answers and the item says so.
#[derive(Clone)]
pub struct Extractors {
    rules: std::sync::Arc<RuleExtractor>,
    llm: Option<std::sync::Arc<OpenAiExtractor>>,
}

impl Extractors {
    pub fn rules_only() -> Self {
        Self { rules: std::sync::Arc::new(RuleExtractor::new()), llm: None }
    }

    pub fn with_llm(llm: OpenAiExtractor) -> Self {
        Self { llm: Some(std::sync::Arc::new(llm)), ..Self::rules_only() }
    }

    pub fn describe(&self) -> &'static str {
        if self.llm.is_some() { "openai-compatible endpoint, built-in rules as fallback" } else { "built-in rules" }
    }

    pub async fn extract(&self, input: &ExtractInput) -> Extracted {
        if let Some(llm) = &self.llm {
            match llm.extract(input).await {
                Ok(extraction) => return Extracted { extraction, by: "openai", note: None },
                Err(e) => {
                    tracing::warn!(error = %e, "LLM extraction failed; the built-in extractor answers");
                    return Extracted {
                        extraction: self.rules.extract(input),
                        by: "rules",
                        note: Some(format!("LLM extraction failed ({e}); built-in extractor used")),
                    };
                }
            }
        }
        Extracted { extraction: self.rules.extract(input), by: "rules", note: None }
    }
}

/// What processing an item came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Processed before (a repeated job): nothing done.
    AlreadyDone,
    NotCasting,
    Candidate {
        id: Uuid,
        similar_to: Option<Uuid>,
    },
    /// An exact repost of a recent candidate, folded into it.
    Duplicate {
        of: Uuid,
    },
}

#[derive(Clone)]
pub struct Pipeline {
    db: PgPool,
    extractors: Extractors,
}

impl Pipeline {
    pub fn new(db: PgPool, extractors: Extractors) -> Self {
        Self { db, extractors }
    }

    pub async fn process(&self, item_id: Uuid) -> Result<Outcome, sqlx::Error> {
        let row: Option<(String, String, Option<OffsetDateTime>, String, Uuid)> = sqlx::query_as(
            "SELECT i.status, i.text, i.posted_at, s.kind, i.source_id FROM ingestion_items i
             JOIN ingestion_sources s ON s.id = i.source_id WHERE i.id = $1",
        )
        .bind(item_id)
        .fetch_optional(&self.db)
        .await?;
        let Some((status, text, posted_at, kind, source_id)) = row else { return Ok(Outcome::AlreadyDone) };
        if status != "queued" {
            return Ok(Outcome::AlreadyDone);
        }
        let source_type = match SourceKind::from_db(&kind) {
            Some(SourceKind::Web) => SourceType::Web,
            _ => SourceType::Whatsapp,
        };
        let input = ExtractInput { text: text.clone(), source_type, received_on: posted_at.map(|t| t.to_offset(RIYADH).date()) };
        // Outside the transaction: an LLM may take seconds, and no lock should wait on it.
        let extracted = self.extractors.extract(&input).await;

        let mut tx = self.db.begin().await?;
        let status: Option<String> = sqlx::query_scalar("SELECT status FROM ingestion_items WHERE id = $1 FOR UPDATE")
            .bind(item_id)
            .fetch_optional(&mut *tx)
            .await?;
        if status.as_deref() != Some("queued") {
            return Ok(Outcome::AlreadyDone);
        }
        let finish = |status: &'static str| {
            sqlx::query(
                "UPDATE ingestion_items SET status = $2, extractor = $3, extractor_note = $4, processed_at = now(), attempts = attempts + 1 WHERE id = $1",
            )
            .bind(item_id)
            .bind(status)
            .bind(extracted.by)
            .bind(extracted.note.clone())
        };
        if !extracted.extraction.is_casting_call {
            finish("not_casting").execute(&mut *tx).await?;
            tx.commit().await?;
            return Ok(Outcome::NotCasting);
        }

        // One item at a time past this point (until commit): two reposts processed at once
        // would otherwise each miss the other. The section is a few indexed queries long.
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(DEDUPE_LOCK).execute(&mut *tx).await?;
        let hash = dedupe::content_hash(&text);
        let simhash = dedupe::simhash(&text) as i64;
        let window = format!("{} days", dedupe::WINDOW_DAYS);
        let exact: Option<Uuid> = sqlx::query_scalar(
            "SELECT id FROM ingestion_candidates WHERE content_hash = $1 AND created_at > now() - $2::interval
             ORDER BY created_at LIMIT 1 FOR UPDATE",
        )
        .bind(&hash)
        .bind(&window)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(of) = exact {
            finish("duplicate").execute(&mut *tx).await?;
            sqlx::query("UPDATE ingestion_items SET duplicate_of = $2 WHERE id = $1").bind(item_id).bind(of).execute(&mut *tx).await?;
            sqlx::query("UPDATE ingestion_candidates SET repost_count = repost_count + 1 WHERE id = $1").bind(of).execute(&mut *tx).await?;
            tx.commit().await?;
            return Ok(Outcome::Duplicate { of });
        }

        let max_bits = ((1.0 - dedupe::NEAR_DUPLICATE) * 64.0).round() as i32;
        let near: Option<(Uuid, i32)> = sqlx::query_as(
            "SELECT id, bit_count((simhash # $1)::bit(64))::int AS d FROM ingestion_candidates
             WHERE created_at > now() - $2::interval AND bit_count((simhash # $1)::bit(64)) <= $3
             ORDER BY d, created_at LIMIT 1",
        )
        .bind(simhash)
        .bind(&window)
        .bind(max_bits as i64)
        .fetch_optional(&mut *tx)
        .await?;
        let id = Uuid::new_v4();
        let extraction = serde_json::to_value(&extracted.extraction).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        sqlx::query(
            "INSERT INTO ingestion_candidates (id, item_id, source_id, extraction, content_hash, simhash, similar_to, similarity)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(item_id)
        .bind(source_id)
        .bind(extraction)
        .bind(&hash)
        .bind(simhash)
        .bind(near.map(|(id, _)| id))
        .bind(near.map(|(_, d)| 1.0 - d as f32 / 64.0))
        .execute(&mut *tx)
        .await?;
        finish("candidate").execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(Outcome::Candidate { id, similar_to: near.map(|(id, _)| id) })
    }

    /// Records a failed attempt; after the last one the item is a dead letter admins can retry.
    pub async fn record_failure(&self, item_id: Uuid, error: &str, last: bool) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE ingestion_items SET attempts = attempts + 1, last_error = $2,
                status = CASE WHEN $3 THEN 'failed' ELSE status END WHERE id = $1 AND status = 'queued'",
        )
        .bind(item_id)
        .bind(error.chars().take(2000).collect::<String>())
        .bind(last)
        .execute(&self.db)
        .await?;
        Ok(())
    }
}
