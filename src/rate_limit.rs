//! Fixed-window rate limits kept in PostgreSQL, so every node counts the same attempts.

use sqlx::PgPool;
use std::time::Duration;

#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub max: i32,
    pub window: Duration,
}

pub const LOGIN_PER_IP: Limit = Limit { max: 30, window: Duration::from_secs(15 * 60) };
/// Wrong passwords for one account from one address: the owner at home is not locked out by
/// someone guessing elsewhere.
pub const LOGIN_PER_ACCOUNT_AND_IP: Limit = Limit { max: 5, window: Duration::from_secs(15 * 60) };
/// Attempts on one account from everywhere: a ceiling for guessing spread over many addresses,
/// far above what the owner's own attempts reach.
pub const LOGIN_PER_ACCOUNT: Limit = Limit { max: 100, window: Duration::from_secs(15 * 60) };
pub const REGISTER_PER_IP: Limit = Limit { max: 10, window: Duration::from_secs(60 * 60) };
pub const REGISTER_PER_EMAIL: Limit = Limit { max: 3, window: Duration::from_secs(60 * 60) };
pub const RESET_PER_IP: Limit = Limit { max: 10, window: Duration::from_secs(60 * 60) };
pub const RESET_PER_EMAIL: Limit = Limit { max: 3, window: Duration::from_secs(60 * 60) };
pub const VERIFY_PER_USER: Limit = Limit { max: 3, window: Duration::from_secs(60 * 60) };

/// Counts one attempt under `key`. `Err(wait)` when the window is full, with how long until it
/// opens again.
pub async fn hit(db: &PgPool, key: &str, limit: Limit) -> Result<Result<(), Duration>, sqlx::Error> {
    let window_secs = limit.window.as_secs_f64();
    let (hits, remaining): (i32, f64) = sqlx::query_as(
        "INSERT INTO rate_limits AS r (key, window_start, hits) VALUES ($1, now(), 1)
         ON CONFLICT (key) DO UPDATE SET
           window_start = CASE WHEN r.window_start + make_interval(secs => $2) <= now() THEN now() ELSE r.window_start END,
           hits = CASE WHEN r.window_start + make_interval(secs => $2) <= now() THEN 1 ELSE r.hits + 1 END
         RETURNING hits, EXTRACT(EPOCH FROM (window_start + make_interval(secs => $2) - now()))::float8",
    )
    .bind(key)
    .bind(window_secs)
    .fetch_one(db)
    .await?;
    if hits > limit.max { Ok(Err(Duration::from_secs_f64(remaining.max(1.0)))) } else { Ok(Ok(())) }
}

/// Forgets the attempts under `key` (after a successful login).
pub async fn reset(db: &PgPool, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM rate_limits WHERE key = $1").bind(key).execute(db).await?;
    Ok(())
}

/// Forgets windows that closed more than a day ago (no limit here is longer than that), so the
/// table holds only current attempts. Returns how many were removed.
pub async fn purge_closed(db: &PgPool) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'").execute(db).await?;
    Ok(done.rows_affected())
}

/// Whole minutes to tell a person, rounded up.
pub fn minutes(wait: Duration) -> u64 {
    wait.as_secs().div_ceil(60).max(1)
}
