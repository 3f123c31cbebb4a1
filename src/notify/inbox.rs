use super::{MailKind, NoticeKind, Notification, outbox};
use serde_json::Value;
use sqlx::{PgConnection, PgPool, Row};
use uuid::Uuid;

/// One notification for one person.
#[derive(Clone, Debug)]
pub struct Notice {
    pub user_id: Uuid,
    pub kind: NoticeKind,
    pub params: Value,
    pub link: String,
    /// Names the event: the same key twice is the same notification.
    pub dedupe_key: String,
}

/// Records `notice` in its recipient's bell and, for kinds mailed at once, queues the e-mail
/// in their language, all inside the caller's transaction.
pub async fn notify(tx: &mut PgConnection, notice: Notice) -> Result<(), sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO notifications (id, user_id, kind, params, link, dedupe_key) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(Uuid::new_v4())
    .bind(notice.user_id)
    .bind(notice.kind.as_str())
    .bind(&notice.params)
    .bind(&notice.link)
    .bind(&notice.dedupe_key)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(());
    }
    if let Some(mail) = notice.kind.immediate_mail() {
        outbox::mail_user(tx, notice.user_id, mail, &notice.params, &notice.link, &format!("mail:{}", notice.dedupe_key)).await?;
    }
    Ok(())
}

/// `notify` for many notices in one transaction, in three statements however many there are
/// (a saved-search alert run tells thousands at once). Returns how many were new.
pub async fn notify_many(tx: &mut PgConnection, notices: &[Notice]) -> Result<usize, sqlx::Error> {
    if notices.is_empty() {
        return Ok(0);
    }
    let ids: Vec<Uuid> = notices.iter().map(|_| Uuid::new_v4()).collect();
    let users: Vec<Uuid> = notices.iter().map(|n| n.user_id).collect();
    let kinds: Vec<&str> = notices.iter().map(|n| n.kind.as_str()).collect();
    let params: Vec<Value> = notices.iter().map(|n| n.params.clone()).collect();
    let links: Vec<&str> = notices.iter().map(|n| n.link.as_str()).collect();
    let keys: Vec<&str> = notices.iter().map(|n| n.dedupe_key.as_str()).collect();
    let inserted: Vec<String> = sqlx::query_scalar(
        "INSERT INTO notifications (id, user_id, kind, params, link, dedupe_key)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::jsonb[], $5::text[], $6::text[])
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key",
    )
    .bind(&ids)
    .bind(&users)
    .bind(&kinds)
    .bind(&params)
    .bind(&links)
    .bind(&keys)
    .fetch_all(&mut *tx)
    .await?;
    let new: std::collections::HashSet<&str> = inserted.iter().map(String::as_str).collect();
    let mails: Vec<outbox::UserMail<'_>> = notices
        .iter()
        .filter(|n| new.contains(n.dedupe_key.as_str()))
        .filter_map(|n| {
            n.kind.immediate_mail().map(|kind| outbox::UserMail {
                user: n.user_id,
                kind,
                params: &n.params,
                link: &n.link,
                dedupe_key: format!("mail:{}", n.dedupe_key),
            })
        })
        .collect();
    outbox::mail_users(tx, &mails).await?;
    Ok(inserted.len())
}

/// A person's notifications.
#[derive(Clone)]
pub struct Inbox {
    db: PgPool,
}

impl Inbox {
    pub fn new(db: PgPool) -> Self {
        Self { db }
    }

    pub async fn unread_count(&self, user: Uuid) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL").bind(user).fetch_one(&self.db).await
    }

    pub async fn latest(&self, user: Uuid, limit: i64) -> Result<Vec<Notification>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, kind, params, link, read_at IS NOT NULL AS read, created_at FROM notifications
             WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2",
        )
        .bind(user)
        .bind(limit)
        .fetch_all(&self.db)
        .await?;
        rows.iter()
            .filter_map(|r| {
                let kind: String = r.get("kind");
                NoticeKind::from_db(&kind).map(|kind| {
                    Ok(Notification {
                        id: r.try_get("id")?,
                        kind,
                        params: super::params_pairs(&r.try_get::<Value, _>("params")?),
                        link: r.try_get("link")?,
                        read: r.try_get("read")?,
                        created_at: r.try_get("created_at")?,
                    })
                })
            })
            .collect()
    }

    /// Marks one (or, with `None`, every) notification of `user` as read.
    pub async fn mark_read(&self, user: Uuid, id: Option<Uuid>) -> Result<u64, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL AND ($2::uuid IS NULL OR id = $2)",
        )
        .bind(user)
        .bind(id)
        .execute(&self.db)
        .await?;
        Ok(done.rows_affected())
    }

    /// Mails every hirer the new applications they have not been mailed about, at most once an
    /// hour each. Safe on several nodes at once: a batch locks its notifications and is named
    /// by its oldest one. Returns how many mails were queued.
    pub async fn queue_application_digests(&self) -> Result<usize, sqlx::Error> {
        let due: Vec<Uuid> = sqlx::query_scalar(
            "SELECT DISTINCT n.user_id FROM notifications n
             WHERE n.kind = 'new_application' AND n.emailed_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM email_deliveries d WHERE d.user_id = n.user_id AND d.kind = 'new_applications'
                               AND d.created_at > now() - interval '1 hour')",
        )
        .fetch_all(&self.db)
        .await?;
        let mut queued = 0;
        for user in due {
            let mut tx = self.db.begin().await?;
            let rows = sqlx::query(
                "SELECT id, params FROM notifications WHERE user_id = $1 AND kind = 'new_application' AND emailed_at IS NULL
                 ORDER BY created_at, id FOR UPDATE SKIP LOCKED",
            )
            .bind(user)
            .fetch_all(&mut *tx)
            .await?;
            let Some(first) = rows.first() else { continue };
            let first_id: Uuid = first.try_get("id")?;
            let ids: Vec<Uuid> = rows.iter().map(|r| r.get("id")).collect();
            let lines: Vec<String> = rows
                .iter()
                .take(10)
                .map(|r| {
                    let p: Value = r.get("params");
                    let get = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
                    format!("• {} — {} ({})", get("talent"), get("role"), get("call"))
                })
                .collect();
            let params = super::params_object(&[("count", ids.len().to_string()), ("items", lines.join("\n"))]);
            outbox::mail_user(&mut tx, user, MailKind::NewApplications, &params, "hirer", &format!("digest:{first_id}")).await?;
            sqlx::query("UPDATE notifications SET emailed_at = now() WHERE id = ANY($1)").bind(&ids).execute(&mut *tx).await?;
            tx.commit().await?;
            queued += 1;
        }
        Ok(queued)
    }
}
