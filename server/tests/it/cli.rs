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
    let event: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_events WHERE event_type = 'UserRegistered'").fetch_one(&app.db).await.unwrap();
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
async fn seed_in_production_would_create_a_known_admin_password() {
    let app = TestApp::spawn().await;
    let url = format!("{}/{}", base_url(), app.db_name);
    let secret = "s".repeat(64);
    let out = Command::new(env!("CARGO_BIN_EXE_takeone"))
        .arg("seed")
        .env("DATABASE_URL", &url)
        .env("TAKEONE_ENV", "production")
        .env("TAKEONE_SESSION_SECRET", &secret)
        .env("TAKEONE_PUBLIC_URL", "https://takeone.sa")
        .env("TAKEONE_SMTP_URL", "smtps://user:pass@mail.takeone.sa:465")
        .env("TAKEONE_S3_ACCESS_KEY", "production-access-key")
        .env("TAKEONE_S3_SECRET_KEY", "production-secret-key")
        .env("TAKEONE_MOYASAR_SECRET_KEY", "sk_live_production")
        .env("TAKEONE_MOYASAR_WEBHOOK_SECRET", "production-webhook-secret")
        .env("TAKEONE_SELLER_VAT_NUMBER", "310122393500003")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "seed ran in production: {}", String::from_utf8_lossy(&out.stdout));
    assert!(err.contains("refusing to seed") && err.contains("TAKEONE_ENV=production"), "{err}");
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(&app.db).await.unwrap();
    assert_eq!(users, 0, "no account may be created");
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

fn ingest(args: &[&str], stdin: Option<&str>) -> std::process::Output {
    use std::io::Write;
    let mut c = Command::new(env!("CARGO_BIN_EXE_takeone"));
    c.arg("ingest").args(args).env("RUST_LOG", "warn").stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    c.stdin(if stdin.is_some() { std::process::Stdio::piped() } else { std::process::Stdio::null() });
    let mut child = c.spawn().unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../src/ingest");

#[test]
fn parse_export_prints_the_messages_as_the_ground_truth_has_them() {
    for name in ["android-en-24h", "android-ar", "ios-en-12h"] {
        let out = ingest(&["parse-export", &format!("{FIXTURES}/whatsapp/fixtures/{name}.txt")], None);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let want: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(format!("{FIXTURES}/whatsapp/fixtures/{name}.expected.json")).unwrap()).unwrap();
        assert_eq!(got["count"], want["count"], "{name}");
        let strip = |v: &serde_json::Value| {
            v["messages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| (m["timestamp"].clone(), m["sender"].clone(), m["text"].clone(), m["is_system"].clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(&got), strip(&want), "{name}");
    }
    let missing = ingest(&["parse-export", "/nonexistent/chat.txt"], None);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/chat.txt"));
    let dir = std::env::temp_dir().join(format!("takeone-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("notes.txt");
    std::fs::write(&bad, "shopping list\nmilk\n").unwrap();
    let out = ingest(&["parse-export", bad.to_str().unwrap()], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a WhatsApp chat export"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn extract_answers_one_line_per_line_in_the_labelled_shape() {
    let input = "{\"text\": \"مطلوب ممثلين لمسلسل في جدة، شباب ٢٠-٣٠، الأجر ٥٠٠ ريال، واتساب 0555550123\", \"source_type\": \"WHATSAPP\"}\n\n{\"text\": \"صباح الخير\", \"source_type\": \"WHATSAPP\"}\n";
    let out = ingest(&["extract"], Some(input));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "blank lines are skipped");
    assert_eq!(lines[0]["is_casting_call"], true);
    assert_eq!(lines[0]["location_city"], "Jeddah");
    assert_eq!(lines[0]["contact"]["whatsapp"], "+966555550123");
    assert_eq!(lines[1]["is_casting_call"], false);
    for key in ["title", "company", "roles", "compensation_amount_sar", "deadline", "shoot_dates", "contact", "language", "requirements"] {
        assert!(lines[1].get(key).is_some(), "every field is present: {key}");
    }
    let bad = ingest(&["extract"], Some("not json\n"));
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("line 1"));
}

#[test]
fn eval_prints_the_table_for_the_labelled_set() {
    let out = ingest(&["eval", &format!("{FIXTURES}/fixtures/casting-posts-dev.jsonl")], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let table = String::from_utf8(out.stdout).unwrap();
    for field in ["location_city", "deadline", "contact", "F1"] {
        assert!(table.contains(field), "{field} in:\n{table}");
    }
}
