//! Audit events: who did what sensitive thing, from where. Written in the same transaction as
//! the change they describe whenever there is one.

use serde_json::Value;
use sqlx::PgExecutor;
use uuid::Uuid;

/// Where a request came from, for the audit trail and rate limits.
#[derive(Clone, Debug, Default)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

pub async fn record<'e>(
    db: impl PgExecutor<'e>,
    event_type: &str,
    actor: Option<Uuid>,
    target: Option<&str>,
    meta: &RequestMeta,
    metadata: Value,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_events (id, event_type, actor_user_id, target_id, ip_address, user_agent, metadata)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(Uuid::new_v4())
    .bind(event_type)
    .bind(actor)
    .bind(target)
    .bind(meta.ip.as_deref())
    .bind(meta.user_agent.as_deref().map(|ua| ua.chars().take(400).collect::<String>()))
    .bind(metadata)
    .execute(db)
    .await?;
    Ok(())
}
