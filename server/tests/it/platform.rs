use crate::common::*;
use reqwest::StatusCode;
use sqlx::postgres::PgPoolOptions;

#[tokio::test]
async fn health_reports_the_database() {
    let app = TestApp::spawn().await;
    let res = reqwest::get(app.url("/health")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "healthy");
    assert_eq!(body["services"]["database"], "up");
    assert!(time::OffsetDateTime::parse(body["timestamp"].as_str().unwrap(), &time::format_description::well_known::Rfc3339).is_ok());
}

#[tokio::test]
async fn health_is_503_when_the_database_is_down() {
    // A pool pointing at a port where no PostgreSQL listens.
    let url = "postgres://postgres@127.0.0.1:1/nothing";
    let pool = PgPoolOptions::new().connect_lazy(url).unwrap();
    let app = TestApp::spawn_with(pool, "takeone_t_none".into(), url, true).await;
    let res = reqwest::get(app.url("/health")).await.unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "unhealthy");
    assert_eq!(body["services"]["database"], "down");
}

#[tokio::test]
async fn robots_points_at_the_sitemap() {
    let app = TestApp::spawn().await;
    let body = reqwest::get(app.url("/robots.txt")).await.unwrap().text().await.unwrap();
    assert!(body.contains(&format!("Sitemap: {}/sitemap.xml", app.url(""))));
    assert!(body.contains("Disallow: /api/"));
    let sitemap = reqwest::get(app.url("/sitemap.xml")).await.unwrap().text().await.unwrap();
    assert!(sitemap.starts_with("<?xml"));
    assert!(sitemap.contains("hreflang=\"x-default\""));
}

#[tokio::test]
async fn the_session_store_creates_loads_saves_deletes_and_expires() {
    use takeone::account::session_store::PgSessionStore;
    use tower_sessions::{
        ExpiredDeletion, SessionStore,
        session::{Id, Record},
    };
    let app = TestApp::spawn().await;
    let store = PgSessionStore::new(app.db.clone());
    let mut record = Record {
        id: Id::default(),
        data: [("user_id".to_string(), serde_json::json!("abc"))].into_iter().collect(),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
    };
    store.create(&mut record).await.unwrap();
    assert_eq!(store.load(&record.id).await.unwrap().unwrap().data["user_id"], "abc");
    record.data.insert("n".into(), serde_json::json!(2));
    store.save(&record).await.unwrap();
    assert_eq!(store.load(&record.id).await.unwrap().unwrap().data["n"], 2);
    store.delete(&record.id).await.unwrap();
    assert!(store.load(&record.id).await.unwrap().is_none());

    let mut old =
        Record { id: Id::default(), data: Default::default(), expiry_date: time::OffsetDateTime::now_utc() - time::Duration::seconds(1) };
    store.create(&mut old).await.unwrap();
    assert!(store.load(&old.id).await.unwrap().is_none(), "expired sessions do not load");
    store.delete_expired().await.unwrap();
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions").fetch_one(&app.db).await.unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn the_database_is_created_when_missing() {
    let name = format!("takeone_t_{}", uuid::Uuid::new_v4().simple());
    let url = format!("{}/{name}", base_url());
    let pool = takeone::db::prepare(&url, 2).await.unwrap();
    let tables: i64 = sqlx::query_scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'casting_roles'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(tables, 1);
    // Preparing again (another node starting) is harmless.
    takeone::db::prepare(&url, 2).await.unwrap();
    let app = TestApp::spawn_with(pool, name, &url, false).await;
    drop(app);
}

#[tokio::test]
async fn closed_rate_limit_windows_are_purged_and_open_ones_kept() {
    let app = TestApp::spawn().await;
    let limit = takeone::rate_limit::LOGIN_PER_ACCOUNT;
    takeone::rate_limit::hit(&app.db, "login:account:old@example.sa", limit).await.unwrap().unwrap();
    takeone::rate_limit::hit(&app.db, "login:account:new@example.sa", limit).await.unwrap().unwrap();
    sqlx::query("UPDATE rate_limits SET window_start = now() - interval '2 days' WHERE key LIKE '%old%'").execute(&app.db).await.unwrap();
    assert_eq!(takeone::rate_limit::purge_closed(&app.db).await.unwrap(), 1);
    let left: Vec<String> = sqlx::query_scalar("SELECT key FROM rate_limits").fetch_all(&app.db).await.unwrap();
    assert_eq!(left, ["login:account:new@example.sa"]);
}
