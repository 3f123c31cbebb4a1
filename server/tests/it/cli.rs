//! The binary's commands, run as a person would run them.

use crate::common::*;
use std::process::Command;

fn takeone(db_url: &str, args: &[&str], password: Option<&str>) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_takeone"));
    c.args(args).env("DATABASE_URL", db_url).env("RUST_LOG", "warn");
    match password {
        Some(p) => c.env("TAKEONE_ADMIN_PASSWORD", p),
        None => c.env_remove("TAKEONE_ADMIN_PASSWORD"),
    };
    c.output().unwrap()
}

#[tokio::test]
async fn admins_are_made_from_the_command_line_only() {
    let app = TestApp::spawn().await;
    let url = format!("{}/{}", base_url(), app.db_name);
    let out = takeone(&url, &["admin", "create", "--email", "Boss@TakeOne.sa"], Some("kafd-tower-keys-2026"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("administrator boss@takeone.sa created"));
    let role: String = sqlx::query_scalar("SELECT role FROM users WHERE email = 'boss@takeone.sa'").fetch_one(&app.db).await.unwrap();
    assert_eq!(role, "admin");
    let event: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_events WHERE event_type = 'UserRegistered'").fetch_one(&app.db).await.unwrap();
    assert_eq!(event, 1);

    let again = takeone(&url, &["admin", "create", "--email", "boss@takeone.sa"], Some("kafd-tower-keys-2026"));
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let weak = takeone(&url, &["admin", "create", "--email", "x@takeone.sa"], Some("password123"));
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("password rejected"));

    let res = app.browser().login("boss@takeone.sa", "kafd-tower-keys-2026").await;
    assert_eq!(location(&res), "/ar/account");
}

#[tokio::test]
async fn production_mode_refuses_to_start_with_insecure_defaults() {
    let out = Command::new(env!("CARGO_BIN_EXE_takeone"))
        .arg("serve")
        .env("TAKEONE_ENV", "production")
        .env_remove("TAKEONE_SESSION_SECRET")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("refusing to start in production") && err.contains("TAKEONE_SESSION_SECRET"), "{err}");
}

#[tokio::test]
async fn migrate_and_seed_print_what_they_did() {
    let name = format!("takeone_t_{}", uuid::Uuid::new_v4().simple());
    let url = format!("{}/{name}", base_url());
    let out = takeone(&url, &["migrate"], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = takeone(&url, &["seed"], None);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("seeded 40 casting calls"), "{stdout}");
    for a in &takeone::seed::DEMO_ACCOUNTS {
        assert!(stdout.contains(a.email) && stdout.contains(a.password));
    }
    let pool = takeone::db::connect(&url, 1).await.unwrap();
    let app = TestApp::spawn_with(pool, name, &url, false).await;
    drop(app);
}
