//! E-mails waiting to be sent, being sent and sent. A row is written with the event that
//! causes it, and its delivery job is queued in the same transaction, so an acknowledged
//! event is never left without its mail; the dedupe key keeps it to one mail.

use super::{Delivery, DeliveryStatus, MailKind};
use crate::{
    Locale,
    jobs::{self, DeliverMail},
};
use serde_json::Value;
use sqlx::{PgConnection, PgPool, Row, postgres::PgRow};
use uuid::Uuid;

fn delivery_from_row(r: &PgRow) -> Result<Delivery, sqlx::Error> {
    let locale: String = r.try_get("locale")?;
    let kind: String = r.try_get("kind")?;
    let status: String = r.try_get("status")?;
    let params: Value = r.try_get("params")?;
    let link = params.get("link").and_then(|v| v.as_str()).map(str::to_owned);
    Ok(Delivery {
        id: r.try_get("id")?,
        to_address: r.try_get("to_address")?,
        locale: Locale::from_code(&locale).unwrap_or_default(),
        kind: MailKind::from_db(&kind).ok_or_else(|| sqlx::Error::Decode(format!("unknown mail kind {kind}").into()))?,
        params: super::params_pairs(&params).into_iter().filter(|(k, _)| k != "link").collect(),
        link,
        status: DeliveryStatus::from_db(&status).unwrap_or(DeliveryStatus::Pending),
        attempts: r.try_get("attempts")?,
        last_error: r.try_get("last_error")?,
        subject: r.try_get("subject")?,
        created_at: r.try_get("created_at")?,
        sent_at: r.try_get("sent_at")?,
    })
}

const SELECT: &str =
    "SELECT id, to_address, locale, kind, params, status, attempts, last_error, subject, created_at, sent_at FROM email_deliveries";

fn with_link(params: &Value, link: &str) -> Value {
    let mut p = params.clone();
    if let Some(o) = p.as_object_mut() {
        o.insert("link".into(), Value::String(link.to_string()));
    }
    p
}

/// Queues the delivery job of a new row; `false` when the row was there already.
async fn queue_job(tx: &mut PgConnection, id: Option<Uuid>) -> Result<bool, sqlx::Error> {
    let Some(id) = id else { return Ok(false) };
    jobs::enqueue(tx, &[DeliverMail { delivery_id: id }]).await?;
    Ok(true)
}

/// Queues a mail to a user's address, in their language. `false` if this key was mailed already.
pub async fn mail_user(
    tx: &mut PgConnection,
    user: Uuid,
    kind: MailKind,
    params: &Value,
    link: &str,
    dedupe_key: &str,
) -> Result<bool, sqlx::Error> {
    let id: Option<Uuid> = sqlx::query_scalar(
        "INSERT INTO email_deliveries (id, dedupe_key, user_id, to_address, locale, kind, params)
         SELECT $1, $2, u.id, u.email, u.locale, $4, $5 FROM users u WHERE u.id = $3
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
    )
    .bind(Uuid::new_v4())
    .bind(dedupe_key)
    .bind(user)
    .bind(kind.as_str())
    .bind(with_link(params, link))
    .fetch_optional(&mut *tx)
    .await?;
    queue_job(tx, id).await
}

/// One mail of `mail_users`.
pub struct UserMail<'a> {
    pub user: Uuid,
    pub kind: MailKind,
    pub params: &'a Value,
    pub link: &'a str,
    pub dedupe_key: String,
}

/// `mail_user` for many mails, in two statements. Returns how many were queued.
pub async fn mail_users(tx: &mut PgConnection, mails: &[UserMail<'_>]) -> Result<usize, sqlx::Error> {
    if mails.is_empty() {
        return Ok(0);
    }
    let ids: Vec<Uuid> = mails.iter().map(|_| Uuid::new_v4()).collect();
    let keys: Vec<&str> = mails.iter().map(|m| m.dedupe_key.as_str()).collect();
    let users: Vec<Uuid> = mails.iter().map(|m| m.user).collect();
    let kinds: Vec<&str> = mails.iter().map(|m| m.kind.as_str()).collect();
    let params: Vec<Value> = mails.iter().map(|m| with_link(m.params, m.link)).collect();
    let queued: Vec<Uuid> = sqlx::query_scalar(
        "INSERT INTO email_deliveries (id, dedupe_key, user_id, to_address, locale, kind, params)
         SELECT m.id, m.key, u.id, u.email, u.locale, m.kind, m.params
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::jsonb[]) AS m(id, key, user_id, kind, params)
         JOIN users u ON u.id = m.user_id
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
    )
    .bind(&ids)
    .bind(&keys)
    .bind(&users)
    .bind(&kinds)
    .bind(&params)
    .fetch_all(&mut *tx)
    .await?;
    jobs::enqueue(tx, &queued.iter().map(|&delivery_id| DeliverMail { delivery_id }).collect::<Vec<_>>()).await?;
    Ok(queued.len())
}

/// Queues a mail to an address that may have no account yet (an invitation).
pub async fn mail_address(
    tx: &mut PgConnection,
    to: &str,
    locale: Locale,
    kind: MailKind,
    params: &Value,
    link: &str,
    dedupe_key: &str,
) -> Result<bool, sqlx::Error> {
    let id: Option<Uuid> = sqlx::query_scalar(
        "INSERT INTO email_deliveries (id, dedupe_key, user_id, to_address, locale, kind, params)
         VALUES ($1, $2, (SELECT id FROM users WHERE lower(email) = lower($3)), $3, $4, $5, $6)
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
    )
    .bind(Uuid::new_v4())
    .bind(dedupe_key)
    .bind(to)
    .bind(locale.code())
    .bind(kind.as_str())
    .bind(with_link(params, link))
    .fetch_optional(&mut *tx)
    .await?;
    queue_job(tx, id).await
}

/// The sending side of the outbox.
#[derive(Clone)]
pub struct Outbox {
    db: PgPool,
}

/// A claim on a mail older than this is taken to be a crashed sender's and is claimed again.
const STALE_CLAIM: &str = "10 minutes";

impl Outbox {
    pub fn new(db: PgPool) -> Self {
        Self { db }
    }

    /// Takes a mail for sending. `None` if it was sent already or another sender holds it.
    pub async fn claim(&self, id: Uuid) -> Result<Option<Delivery>, sqlx::Error> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE email_deliveries SET status = 'sending', claimed_at = now(), attempts = attempts + 1
             WHERE id = $1 AND (status = 'pending' OR (status = 'sending' AND claimed_at < now() - interval '{STALE_CLAIM}'))
             RETURNING id, to_address, locale, kind, params, status, attempts, last_error, subject, created_at, sent_at"
        )))
        .bind(id)
        .fetch_optional(&self.db)
        .await?;
        row.as_ref().map(delivery_from_row).transpose()
    }

    pub async fn mark_sent(&self, id: Uuid, subject: &str, message_id: &str) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE email_deliveries SET status = 'sent', sent_at = now(), subject = $2, message_id = $3, last_error = NULL WHERE id = $1",
        )
        .bind(id)
        .bind(subject)
        .bind(message_id)
        .execute(&self.db)
        .await?;
        Ok(())
    }

    /// Gives the mail back for another attempt, or (`last`) gives up on it.
    pub async fn mark_failed(&self, id: Uuid, error: &str, last: bool) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE email_deliveries SET status = $2, last_error = $3, claimed_at = NULL WHERE id = $1 AND status = 'sending'")
            .bind(id)
            .bind(if last { "failed" } else { "pending" })
            .bind(error.chars().take(1000).collect::<String>())
            .execute(&self.db)
            .await?;
        Ok(())
    }

    /// An administrator sends a failed mail again.
    pub async fn retry(&self, id: Uuid) -> Result<bool, sqlx::Error> {
        let mut tx = self.db.begin().await?;
        let done = sqlx::query("UPDATE email_deliveries SET status = 'pending', attempts = 0 WHERE id = $1 AND status = 'failed'")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 1 {
            jobs::enqueue(&mut tx, &[DeliverMail { delivery_id: id }]).await?;
        }
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn get(&self, id: Uuid) -> Result<Option<Delivery>, sqlx::Error> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1"))).bind(id).fetch_optional(&self.db).await?;
        row.as_ref().map(delivery_from_row).transpose()
    }

    pub async fn latest(&self, limit: i64) -> Result<Vec<Delivery>, sqlx::Error> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} ORDER BY created_at DESC, id LIMIT $1")))
            .bind(limit)
            .fetch_all(&self.db)
            .await?;
        rows.iter().map(delivery_from_row).collect()
    }

    /// Mails to `address`, newest first (tests and the admin page).
    pub async fn to_address(&self, address: &str) -> Result<Vec<Delivery>, sqlx::Error> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE lower(to_address) = lower($1) ORDER BY created_at DESC, id")))
            .bind(address)
            .fetch_all(&self.db)
            .await?;
        rows.iter().map(delivery_from_row).collect()
    }

    /// Mails still pending long after they were queued get their job again (a queue wiped by
    /// hand, a job given up on). Sending is idempotent, so a second job does no harm.
    pub async fn requeue_forgotten(&self) -> Result<usize, sqlx::Error> {
        let mut tx = self.db.begin().await?;
        let ids: Vec<Uuid> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT id FROM email_deliveries
             WHERE (status = 'pending' AND created_at < now() - interval '5 minutes')
                OR (status = 'sending' AND claimed_at < now() - interval '{STALE_CLAIM}')
             ORDER BY created_at LIMIT 500 FOR UPDATE SKIP LOCKED"
        )))
        .fetch_all(&mut *tx)
        .await?;
        jobs::enqueue(&mut tx, &ids.iter().map(|&delivery_id| DeliverMail { delivery_id }).collect::<Vec<_>>()).await?;
        tx.commit().await?;
        Ok(ids.len())
    }
}
