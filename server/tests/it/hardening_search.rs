//! Search hardening (issue 12): what one account can make the search do, what a hirer can find
//! out about a person, and what a second server on one machine does. Each test is named after
//! the attack it stops.

use super::common::{world::*, *};
use reqwest::StatusCode;
use std::sync::Arc;
use std::time::{Duration, Instant};
use takeone::account::Accounts;
use takeone::search::{
    feed::{Feed, SearchNode},
    plan::Target,
    service::{Request, Search},
};

/// The tests below run the alerts themselves: the server's own minute tick would race them.
const NO_WORKERS: &[(&str, &str)] = &[("TAKEONE_WORKERS", "false")];

async fn hits(b: &mut Browser, target: &str, query: &str) -> (StatusCode, Vec<String>) {
    let (status, v) = b.get_fn("search", &[("target", target), ("query", query)]).await;
    let ids = v["results"]["hits"]
        .as_array()
        .map(|a| a.iter().filter_map(|h| h["id"].as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    (status, ids)
}

/// Polls (up to 10 s) until `query` finds `id`.
async fn until_found(b: &mut Browser, target: &str, query: &str, id: &str) {
    for _ in 0..100 {
        let (status, ids) = hits(b, target, query).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        if ids.iter().any(|i| i == id) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{query:?} did not find {id} within 10 s");
}

fn temp_dir(what: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("takeone-hardening-{what}-{}", uuid::Uuid::new_v4().simple()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

async fn user(app: &TestApp, email: &str) -> takeone::account::User {
    let id: uuid::Uuid = sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(&app.db).await.unwrap();
    Accounts::user_by_id(&app.db, id).await.unwrap().unwrap()
}

async fn publish(hirer: &mut Browser, title: &str, city: &str) -> String {
    let mut form = call_form("", title, "publish");
    form.iter_mut().filter(|(k, _)| k == "form[city]").for_each(|(_, v)| *v = city.into());
    let res = hirer.post_owned("/api/fn/save_call", &form).await;
    assert_eq!(res.status(), StatusCode::FOUND, "{title} is published");
    id_from(&location(&res))
}

// Finding 6 ------------------------------------------------------------------------------------

#[tokio::test]
async fn hirer_searching_a_talents_legal_name_finds_nothing() {
    let app = TestApp::spawn().await;
    let mut hirer = signed_up(&app, "hirer", "ريم", "reem@nakhla.sa", "استوديو نخلة").await;
    talent_with_profile(&app, "سارة العتيبي", "sara@talent.sa", "1998-05-14", "hirers").await;
    let profile: uuid::Uuid =
        sqlx::query_scalar("SELECT p.id FROM talent_profiles p JOIN users u ON u.id = p.user_id WHERE u.email = 'sara@talent.sa'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    // The legal name differs from the stage name; the bio's rare word shows when the index has
    // taken this very change.
    sqlx::query("UPDATE talent_profiles SET legal_name = 'هيفاء الزهراني', bio_ar = 'ممثلة مسرح وزنجبيل' WHERE id = $1")
        .bind(profile)
        .execute(&app.db)
        .await
        .unwrap();
    let id = profile.to_string();
    until_found(&mut hirer, "talents", "q=زنجبيل", &id).await;
    until_found(&mut hirer, "talents", "q=سارة+العتيبي", &id).await;
    for q in ["q=هيفاء+الزهراني", "q=الزهراني", "q=هيفاء"] {
        let (status, ids) = hits(&mut hirer, "talents", q).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!ids.contains(&id), "{q}: a legal name must not lead a hirer to the person: {ids:?}");
    }
}

// Finding 7 ------------------------------------------------------------------------------------

#[tokio::test]
async fn hoarding_saved_searches_stops_at_twenty_five_with_a_message_in_both_languages() {
    let app = TestApp::spawn_configured(NO_WORKERS).await;
    let mut talent = talent_with_profile(&app, "سارة", "sara@talent.sa", "1998-05-14", "public").await;
    for i in 0..25 {
        let name = format!("بحث {i}");
        let res = talent
            .post_form(
                "/api/fn/save_search",
                &[("lang_code", "ar"), ("target", "calls"), ("query", "?q=مسلسل"), ("form[name]", &name), ("form[frequency]", "instant")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::FOUND, "save {i}");
    }
    let res = talent
        .post_fn(
            "save_search",
            &[("lang_code", "ar"), ("target", "calls"), ("query", "?q=إعلان"), ("form[name]", "واحد زيادة"), ("form[frequency]", "daily")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "the 26th is refused");
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(body.to_string().contains("search-saved-limit"), "{body}");
    let res = talent
        .post_form(
            "/api/fn/save_search",
            &[("lang_code", "en"), ("target", "calls"), ("query", "?q=ad"), ("form[name]", "one more"), ("form[frequency]", "daily")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = plain(&res.text().await.unwrap());
    assert!(html.contains("You already keep 25 saved searches"), "the form says why, in English");
    let res = talent
        .post_form(
            "/api/fn/save_search",
            &[("lang_code", "ar"), ("target", "calls"), ("query", "?q=ad"), ("form[name]", "واحد"), ("form[frequency]", "daily")],
        )
        .await;
    assert!(plain(&res.text().await.unwrap()).contains("وهو الحد الأقصى"), "and in Arabic");
    let kept: i64 = sqlx::query_scalar("SELECT count(*) FROM saved_searches").fetch_one(&app.db).await.unwrap();
    assert_eq!(kept, 25);
}

/// 10,000 saved searches of 400 people, "مسلسل" in ten cities. An alert run matches what
/// changed against them; it neither re-runs nor touches the searches when nothing changed.
#[tokio::test]
async fn ten_thousand_saved_searches_cost_an_alert_tick_only_what_changed() {
    let app = TestApp::spawn_configured(NO_WORKERS).await;
    let mut hirer = signed_up(&app, "hirer", "ريم", "reem@nakhla.sa", "استوديو نخلة").await;
    app.verify_organization_of("reem@nakhla.sa").await;
    sqlx::query(
        "INSERT INTO users (id, email, password_hash, role, display_name)
         SELECT gen_random_uuid(), 'saver-' || i || '@talent.sa', 'x', 'talent', 'Saver ' || i FROM generate_series(1, 400) AS i",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let cities = ["riyadh", "jeddah", "dammam", "abha", "tabuk", "hail", "najran", "jazan", "yanbu", "al_ula"];
    sqlx::query(
        "INSERT INTO saved_searches (id, user_id, name, target, query, filters, frequency)
         SELECT gen_random_uuid(), u.id, 'مسلسلات', 'calls', 'مسلسل', jsonb_build_object('city', ($1::text[])[1 + ((u.r - 1) * 25 + s.n) % 10]), 'instant'
         FROM (SELECT id, row_number() OVER (ORDER BY email) AS r FROM users WHERE email LIKE 'saver-%') u
         CROSS JOIN generate_series(0, 24) AS s(n)",
    )
    .bind(&cities[..])
    .execute(&app.db)
    .await
    .unwrap();
    let node = Arc::new(SearchNode::in_memory().unwrap());
    let feed = Feed::new(app.db.clone(), node.clone());
    feed.catch_up().await.unwrap();
    let search = Search::new(app.db.clone(), node);

    let started = Instant::now();
    assert_eq!(search.run_alerts("instant").await.unwrap(), 0);
    let idle = started.elapsed();
    let touched: i64 =
        sqlx::query_scalar("SELECT count(*) FROM saved_searches WHERE last_run_at IS NOT NULL").fetch_one(&app.db).await.unwrap();
    assert_eq!(touched, 0, "a tick with nothing new runs no saved search");
    assert!(idle < Duration::from_secs(2), "an idle tick took {idle:?}");

    publish(&mut hirer, "مسلسل الرياض الجديد", "riyadh").await;
    let started = Instant::now();
    let run = search.run_alerts_measured("instant").await.unwrap();
    let took = started.elapsed();
    assert_eq!(run.changed, 1);
    assert_eq!(run.told, 1_000, "the searches in Riyadh, each once: {run:?}");
    assert!(took < Duration::from_secs(10), "one new call against 10,000 saved searches took {took:?} ({run:?})");
    let told: i64 = sqlx::query_scalar("SELECT count(*) FROM notifications WHERE kind = 'search_alert'").fetch_one(&app.db).await.unwrap();
    assert_eq!(told, 1_000, "in the bell");
    let mails: i64 =
        sqlx::query_scalar("SELECT count(*) FROM email_deliveries WHERE kind = 'search_alert'").fetch_one(&app.db).await.unwrap();
    assert_eq!(mails, 1_000, "and by mail");
    assert_eq!(search.run_alerts("instant").await.unwrap(), 0, "once per item");
    assert_eq!(search.run_alerts("daily").await.unwrap(), 0, "daily searches are not instant ones");
}

#[tokio::test]
async fn a_hundred_thousand_searches_of_one_person_are_not_read_whole_for_their_history() {
    let app = TestApp::spawn_configured(NO_WORKERS).await;
    let mut talent = talent_with_profile(&app, "سارة", "sara@talent.sa", "1998-05-14", "public").await;
    let sara = user(&app, "sara@talent.sa").await;
    sqlx::query(
        "INSERT INTO search_executions (user_id, target, query, normalized, filters, result_count, took_us, created_at)
         SELECT $1, 'calls', 'q' || i, 'q' || i, '{}', 1, 10, now() - i * interval '1 second' FROM generate_series(1, 100000) AS i",
    )
    .bind(sara.id)
    .execute(&app.db)
    .await
    .unwrap();
    let search = Search::new(app.db.clone(), Arc::new(SearchNode::in_memory().unwrap()));
    let started = Instant::now();
    let history = search.history(&sara, 1_000_000).await.unwrap();
    let took = started.elapsed();
    assert!(!history.is_empty() && history.len() <= 50, "a page, whatever was asked: {}", history.len());
    assert_eq!(history[0].q, "q1", "newest first");
    assert!(took < Duration::from_secs(1), "{took:?}");
    let (status, page) = talent.get_fn("search_history", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page.as_array().map(Vec::len), Some(10));
}

#[tokio::test]
async fn anonymous_searches_do_not_pile_up_forever_they_roll_up_into_daily_counts() {
    let app = TestApp::spawn_configured(NO_WORKERS).await;
    talent_with_profile(&app, "سارة", "sara@talent.sa", "1998-05-14", "public").await;
    let sara = user(&app, "sara@talent.sa").await;
    let mut admin_browser = admin(&app, "admin@takeone.sa").await;
    let boss = user(&app, "admin@takeone.sa").await;
    for (who, q, results, days_ago, times) in [
        (None, "قديم", 5, 100, 3),
        (Some(sara.id), "قديم", 5, 100, 1),
        (None, "نادر", 0, 120, 2),
        (Some(sara.id), "حديث", 2, 10, 1),
        (None, "", 9, 95, 1),
    ] {
        sqlx::query(
            "INSERT INTO search_executions (user_id, target, query, normalized, filters, result_count, took_us, created_at)
             SELECT $1, 'calls', $2, $2, '{}', $3, 10, now() - make_interval(days => $4) FROM generate_series(1, $5)",
        )
        .bind(who)
        .bind(q)
        .bind(results)
        .bind(days_ago)
        .bind(times)
        .execute(&app.db)
        .await
        .unwrap();
    }
    assert_eq!(Search::roll_up(&app.db).await.unwrap(), 7, "everything older than 90 days");
    let left: Vec<String> = sqlx::query_scalar("SELECT query FROM search_executions").fetch_all(&app.db).await.unwrap();
    assert_eq!(left, ["حديث"]);
    let days: Vec<(String, i64, i64, i64)> =
        sqlx::query_as("SELECT normalized, searches, zero_results, result_sum FROM search_execution_days ORDER BY normalized")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(days, [(String::new(), 1, 0, 9), ("قديم".to_string(), 4, 0, 20), ("نادر".to_string(), 2, 2, 0)]);
    assert_eq!(Search::roll_up(&app.db).await.unwrap(), 0, "rolled up once");

    let search = Search::new(app.db.clone(), Arc::new(SearchNode::in_memory().unwrap()));
    let year = search.analytics(&boss, 365).await.unwrap();
    assert_eq!((year.searches, year.zero_results), (8, 2), "{year:?}");
    assert_eq!((year.top[0].query.as_str(), year.top[0].searches, year.top[0].avg_results), ("قديم", 4, 5.0));
    assert_eq!((year.zero[0].query.as_str(), year.zero[0].searches), ("نادر", 2));
    let (status, month) = admin_browser.get_fn("search_analytics", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(month["searches"], 1, "{month}");
    let history = search.history(&sara, 10).await.unwrap();
    assert_eq!(history.iter().map(|p| p.q.as_str()).collect::<Vec<_>>(), ["حديث"], "who searched is not kept past 90 days");
}

/// The benchmark of the alerts (10,000 saved searches, 200 new calls), on a test database:
/// `cargo test -p server --test it bench_alerts -- --ignored --nocapture`.
#[tokio::test]
#[ignore]
async fn bench_alerts_ten_thousand_saved_searches_two_hundred_new_calls() {
    let app = TestApp::spawn_configured(NO_WORKERS).await;
    let b = server::bench_search::alerts(&app.db, 10_000, 200).await.unwrap();
    let r = &b.run;
    println!(
        "alerts: {} saved searches, {} new calls -> {} changed, {} searches, {} matches, {} told; matching {:.2} s, whole run {:.2} s",
        b.saved,
        b.new_calls,
        r.changed,
        r.searches,
        r.found,
        r.told,
        r.matching.as_secs_f64(),
        r.total.as_secs_f64()
    );
    assert_eq!(r.changed, 200);
    assert!(r.total < Duration::from_secs(10), "{r:?}");
}

// Finding 14 -----------------------------------------------------------------------------------

#[tokio::test]
async fn a_second_server_on_a_busy_search_dir_stops_with_an_error_naming_takeone_search_dir() {
    let app = TestApp::spawn_configured(NO_WORKERS).await;
    let dir = temp_dir("busy");
    let first = SearchNode::open(&dir).unwrap();
    let Err(e) = SearchNode::open(&dir) else { panic!("two nodes must not share one index directory") };
    assert!(e.to_string().contains("TAKEONE_SEARCH_DIR"), "{e}");

    let url = format!("{}/{}", base_url(), app.db_name);
    let config = app.second_node_config(&[("TAKEONE_SEARCH_DIR", dir.display().to_string())]);
    match server::state(config, app.db.clone()) {
        Ok(_) => panic!("a server must not start on another's search directory"),
        Err(e) => assert!(format!("{e:#}").contains("TAKEONE_SEARCH_DIR"), "{e:#}"),
    }

    // As people meet it: `takeone serve` while another server holds the directory.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_takeone"))
        .arg("serve")
        .env("DATABASE_URL", &url)
        .env("TAKEONE_SEARCH_DIR", &dir)
        .env("TAKEONE_ADDR", "127.0.0.1:0")
        .env("TAKEONE_WORKERS", "false")
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut status = None;
    for _ in 0..600 {
        if let Some(s) = child.try_wait().unwrap() {
            status = Some(s);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let Some(status) = status else {
        let _ = child.kill();
        panic!("the second server kept running on a busy search directory");
    };
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert!(!status.success());
    assert!(err.contains("TAKEONE_SEARCH_DIR") && !err.contains("panicked"), "{err}");
    drop(first);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_index_left_by_another_database_is_rebuilt_not_served() {
    let a = TestApp::spawn_configured(NO_WORKERS).await;
    let b = TestApp::spawn_configured(NO_WORKERS).await;
    let mut hirer_a = signed_up(&a, "hirer", "ريم", "reem@nakhla.sa", "استوديو نخلة").await;
    a.verify_organization_of("reem@nakhla.sa").await;
    let secret = publish(&mut hirer_a, "فيلم الصحراء السري", "jeddah").await;
    let mut hirer_b = signed_up(&b, "hirer", "Omar", "omar@other.sa", "Other Films").await;
    b.verify_organization_of("omar@other.sa").await;
    let own = publish(&mut hirer_b, "مسلسل البحر", "jeddah").await;

    let dir = temp_dir("identity");
    let ask = |q: &str| Request { q: q.into(), ..Request::default() };
    {
        let node = Arc::new(SearchNode::open(&dir).unwrap());
        Feed::new(a.db.clone(), node.clone()).catch_up().await.unwrap();
        let found = Search::new(a.db.clone(), node).search(Target::Calls, None, &ask("الصحراء")).await.unwrap();
        assert_eq!(found.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>(), std::slice::from_ref(&secret), "database A's index");
    }
    // The same directory (its lock free now) opened for database B.
    let node = Arc::new(SearchNode::open(&dir).unwrap());
    let search = Search::new(b.db.clone(), node.clone());
    let before = search.search(Target::Calls, None, &ask("الصحراء")).await.unwrap();
    assert!(before.hits.is_empty() && before.total == 0, "nothing of A is served before the feed has checked: {before:?}");
    Feed::new(b.db.clone(), node.clone()).catch_up().await.unwrap();
    let after = search.search(Target::Calls, None, &ask("الصحراء")).await.unwrap();
    assert!(after.hits.is_empty() && after.total == 0, "A's call is gone once B's feed ran: {after:?}");
    let browse = search.search(Target::Calls, None, &ask("")).await.unwrap();
    assert_eq!(browse.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>(), [own], "B's own calls, rebuilt");
    let _ = std::fs::remove_dir_all(&dir);
}
