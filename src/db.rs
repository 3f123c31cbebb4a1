//! Connecting to PostgreSQL: the database is created when missing and migrated at start.

use sqlx::{
    Connection, Executor, PgPool,
    postgres::{PgConnectOptions, PgConnection, PgPoolOptions},
};
use std::{str::FromStr, time::Duration};

pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/takeone";

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("invalid DATABASE_URL: {0}")]
    Url(sqlx::Error),
    #[error("cannot reach PostgreSQL at {host}:{port}: {source}")]
    Connect { host: String, port: u16, source: sqlx::Error },
    #[error("cannot create database {name}: {source}")]
    Create { name: String, source: sqlx::Error },
    #[error("migrating the database failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("setting up the job queue failed: {0}")]
    Queue(#[from] apalis_postgres::Error),
}

/// Creates the database named in `url` if it does not exist yet.
pub async fn ensure_database(url: &str) -> Result<(), DbError> {
    let opts = PgConnectOptions::from_str(url).map_err(DbError::Url)?;
    let name = opts.get_database().unwrap_or("postgres").to_string();
    let admin = opts.clone().database("postgres");
    let mut conn = PgConnection::connect_with(&admin).await.map_err(|source| DbError::Connect {
        host: opts.get_host().to_string(),
        port: opts.get_port(),
        source,
    })?;
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
        .bind(&name)
        .fetch_one(&mut conn)
        .await
        .map_err(|source| DbError::Create { name: name.clone(), source })?;
    if !exists {
        let sql = format!("CREATE DATABASE \"{}\"", name.replace('"', "\"\""));
        if let Err(source) = conn.execute(sqlx::AssertSqlSafe(sql)).await {
            // Another node may have created it between the check and now.
            let raced = source.as_database_error().and_then(|e| e.code()).is_some_and(|c| c == "42P04");
            if !raced {
                return Err(DbError::Create { name, source });
            }
        }
    }
    Ok(())
}

pub async fn connect(url: &str, max_connections: u32) -> Result<PgPool, DbError> {
    let opts = PgConnectOptions::from_str(url).map_err(DbError::Url)?;
    PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(opts.clone())
        .await
        .map_err(|source| DbError::Connect { host: opts.get_host().to_string(), port: opts.get_port(), source })
}

/// The job queue's schema first (our tables enqueue into it), then ours.
pub async fn migrate(pool: &PgPool) -> Result<(), DbError> {
    crate::jobs::setup(pool).await?;
    sqlx::migrate!("./migrations").run(pool).await?;
    Ok(())
}

/// Creates (if needed), connects and migrates: what every entry point does first.
pub async fn prepare(url: &str, max_connections: u32) -> Result<PgPool, DbError> {
    ensure_database(url).await?;
    let pool = connect(url, max_connections).await?;
    migrate(&pool).await?;
    Ok(pool)
}

/// Whether the database answers right now (for `/health`).
pub async fn ping(pool: &PgPool) -> bool {
    tokio::time::timeout(Duration::from_secs(2), sqlx::query("SELECT 1").execute(pool)).await.is_ok_and(|r| r.is_ok())
}
