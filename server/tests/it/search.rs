//! Search: the feed keeps every node's index current, filters hold role by role, talent search
//! respects visibility and minors, saved searches alert once per item, searches are recorded,
//! and the page works without JavaScript whatever is typed.

use super::common::{world::*, *};
use reqwest::StatusCode;
use std::sync::Arc;
use takeone::search::{
    feed::{Feed, SearchNode},
    service::Search,
};

async fn hits(b: &mut Browser, target: &str, query: &str) -> (StatusCode, Vec<String>) {
    let (status, v) = b.get_fn("search", &[("target", target), ("query", query)]).await;
    let ids =
        v["results"]["hits"].as_array().map(|a| a.iter().map(|h| h["id"].as_str().unwrap().to_string()).collect()).unwrap_or_default();
    (status, ids)
}

/// Polls (up to 5 s) until `query` finds `id` (or, with `present = false`, no longer does).
async fn until_found(b: &mut Browser, target: &str, query: &str, id: &str, present: bool) {
    for _ in 0..50 {
        let (status, ids) = hits(b, target, query).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        if ids.iter().any(|i| i == id) == present {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{query:?} {} {id} within 5 s", if present { "did not find" } else { "still finds" });
}

#[tokio::test]
async fn calls_are_searchable_as_they_change_and_role_filters_hold_for_one_role() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let mut visitor = app.browser();
    until_found(&mut visitor, "calls", "q=إعلان+جدة", &w.call, true).await;
    let (_, ids) = hits(&mut visitor, "calls", "q=اعلانات+بجده").await;
    assert!(ids.contains(&w.call), "prefixes and spellings: {ids:?}");
    let (_, ids) = hits(&mut visitor, "calls", "q=إعلان+الرياض").await;
    assert!(!ids.contains(&w.call), "a call in Jeddah is not in Riyadh");
    // The roles: a mother (female, 10-45) and a son (male, 8-30).
    let (_, ids) = hits(&mut visitor, "calls", "gender=female&age=40").await;
    assert!(ids.contains(&w.call));
    let (_, ids) = hits(&mut visitor, "calls", "gender=male&age=40").await;
    assert!(!ids.contains(&w.call), "no role is both male and open to 40");
    let (_, v) = visitor.get_fn("search", &[("target", "calls"), ("query", "q=إعلان")]).await;
    let facets = v["results"]["facets"].as_array().unwrap();
    let city = facets.iter().find(|f| f["name"] == "city").unwrap();
    assert_eq!(city["values"][0], serde_json::json!(["jeddah", 1]), "{city}");
    assert!(v["hits"][0]["snippet"].as_array().unwrap().iter().any(|p| p[1] == true), "the matching words are marked: {}", v["hits"][0]);

    // A change commits with its feed row; the node follows within a second or so.
    sqlx::query("UPDATE casting_calls SET title = 'مسلسل الواحة في جدة' WHERE id = $1::uuid").bind(&w.call).execute(&app.db).await.unwrap();
    until_found(&mut visitor, "calls", "q=الواحة", &w.call, true).await;
    sqlx::query("UPDATE casting_calls SET status = 'closed' WHERE id = $1::uuid").bind(&w.call).execute(&app.db).await.unwrap();
    until_found(&mut visitor, "calls", "q=الواحة", &w.call, false).await;
    let (_, ids) = hits(&mut visitor, "calls", "q=الواحة&status=closed").await;
    assert_eq!(ids, std::slice::from_ref(&w.call), "closed calls only when asked for");
}

#[tokio::test]
async fn talent_search_is_for_hirers_and_shows_minors_only_to_whom_they_applied() {
    let app = TestApp::spawn().await;
    let mut w = World::build(&app).await;
    let (status, _) = hits(&mut app.browser(), "talents", "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = hits(&mut w.talent, "talents", "").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "talent do not search talent");
    until_found(&mut w.hirer, "talents", "q=ممثلة+الرياض", &w.talent_profile, true).await;
    let (_, ids) = hits(&mut w.hirer, "talents", "").await;
    assert!(ids.contains(&w.minor_profile), "the minor applied to this hirer's call (with the guardian's approval)");
    let outsider = &mut w.other_hirer;
    until_found(outsider, "talents", "q=ممثلة", &w.talent_profile, true).await;
    let (_, ids) = hits(outsider, "talents", "").await;
    assert!(!ids.contains(&w.minor_profile), "a minor is never shown to a hirer they did not apply to: {ids:?}");
    sqlx::query("UPDATE talent_profiles SET visibility = 'hidden' WHERE id = $1::uuid")
        .bind(&w.talent_profile)
        .execute(&app.db)
        .await
        .unwrap();
    until_found(outsider, "talents", "q=ممثلة", &w.talent_profile, false).await;
}

#[tokio::test]
async fn two_nodes_follow_one_database_and_a_node_resumes_from_its_own_position() {
    let app = TestApp::spawn().await;
    let url = format!("{}/{}", base_url(), app.db_name);
    let second = TestApp::spawn_with(app.db.clone(), app.db_name.clone(), &url, false).await;
    let mut hirer = signed_up(&app, "hirer", "ريم", "reem@nakhla.sa", "استوديو نخلة").await;
    app.verify_organization_of("reem@nakhla.sa").await;
    let res = hirer.post_owned("/api/fn/save_call", &call_form("", "فيلم الصحراء في جدة", "publish")).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let call = id_from(&location(&res));
    until_found(&mut app.browser(), "calls", "q=الصحراء", &call, true).await;
    until_found(&mut second.browser(), "calls", "q=الصحراء", &call, true).await;
    let res = hirer.post_owned("/api/fn/save_call", &call_form("", "مسلسل البحر", "publish")).await;
    let other = id_from(&location(&res));

    // A node of our own, on disk, to stop and start.
    let dir = std::env::temp_dir().join(format!("takeone-search-resume-{}", app.db_name));
    let _ = std::fs::remove_dir_all(&dir);
    let feed = Feed::new(app.db.clone(), Arc::new(SearchNode::open(&dir).unwrap()));
    assert_eq!(feed.catch_up().await.unwrap(), 2, "a new node builds its indexes: both calls");
    // Transactions commit out of the order their feed rows were numbered in: the earlier one
    // is seen when it commits, not skipped.
    let mut early = app.db.begin().await.unwrap();
    sqlx::query("UPDATE casting_calls SET title = 'فيلم الواحة' WHERE id = $1::uuid").bind(&call).execute(&mut *early).await.unwrap();
    sqlx::query("UPDATE casting_calls SET title = 'مسلسل الموج' WHERE id = $1::uuid").bind(&other).execute(&app.db).await.unwrap();
    assert_eq!(feed.catch_up().await.unwrap(), 1, "the committed change only");
    early.commit().await.unwrap();
    assert_eq!(feed.catch_up().await.unwrap(), 1, "the late commit is not skipped");
    let found = |feed: &Feed, q: &str| {
        let plan = feed.node().calls.plan(q, Default::default());
        feed.node().calls.ids(&plan, &takeone::search::index::Audience::Public, time::OffsetDateTime::now_utc().date(), 10).unwrap()
    };
    assert_eq!(found(&feed, "الواحة"), std::slice::from_ref(&call));
    assert_eq!(found(&feed, "الموج"), std::slice::from_ref(&other));
    drop(feed);
    sqlx::query("UPDATE casting_calls SET title = 'فيلم النخيل' WHERE id = $1::uuid").bind(&call).execute(&app.db).await.unwrap();
    let feed = Feed::new(app.db.clone(), Arc::new(SearchNode::open(&dir).unwrap()));
    assert_eq!(feed.catch_up().await.unwrap(), 1, "a restarted node applies what it missed, no rebuild");
    assert_eq!(found(&feed, "النخيل"), std::slice::from_ref(&call));
    assert_eq!(feed.catch_up().await.unwrap(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn saved_searches_alert_once_per_new_item() {
    let app = TestApp::spawn().await;
    let mut w = World::build(&app).await;
    let res = w
        .talent
        .post_fn(
            "save_search",
            &[("lang_code", "ar"), ("target", "calls"), ("query", "?q=مسلسل"), ("form[name]", ""), ("form[frequency]", "instant")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "a name is required");
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(body.to_string().contains("error-required"), "{body}");
    let res = w
        .talent
        .post_form(
            "/api/fn/save_search",
            &[
                ("lang_code", "ar"),
                ("target", "calls"),
                ("query", "?q=مسلسل&city=riyadh"),
                ("form[name]", "مسلسلات الرياض"),
                ("form[frequency]", "instant"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let (status, saved) = w.talent.get_fn("saved_searches", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(saved[0][0]["name"], "مسلسلات الرياض");

    let node = Arc::new(SearchNode::in_memory().unwrap());
    let feed = Feed::new(app.db.clone(), node.clone());
    let search = Search::new(app.db.clone(), node);
    let publish = |title: &'static str| {
        let mut form = call_form("", title, "publish");
        form.iter_mut().filter(|(k, _)| k == "form[city]").for_each(|(_, v)| *v = "riyadh".into());
        form
    };
    let res = w.hirer.post_owned("/api/fn/save_call", &publish("مسلسل الرياض الجديد")).await;
    let first = id_from(&location(&res));
    feed.catch_up().await.unwrap();
    assert_eq!(search.run_alerts("instant").await.unwrap(), 1, "the talent is told of the new series");
    assert_eq!(search.run_alerts("instant").await.unwrap(), 0, "and only once");
    assert_eq!(search.run_alerts("daily").await.unwrap(), 0, "daily searches wait for their hour");
    let res = w.hirer.post_owned("/api/fn/save_call", &publish("مسلسل الرياض الثاني")).await;
    assert_ne!(id_from(&location(&res)), first);
    feed.catch_up().await.unwrap();
    assert_eq!(search.run_alerts("instant").await.unwrap(), 1);
    let told: Vec<serde_json::Value> = sqlx::query_scalar(
        "SELECT n.params FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = 'sara@talent.sa' AND n.kind = 'search_alert' ORDER BY n.created_at",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(told.len(), 2, "{told:?}");
    assert_eq!(told[1]["count"], "1", "the second alert tells of the second call only");
    let mails: i64 =
        sqlx::query_scalar("SELECT count(*) FROM email_deliveries WHERE kind = 'search_alert' AND to_address = 'sara@talent.sa'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(mails, 2, "each alert is mailed too");
}

#[tokio::test]
async fn searches_are_recorded_and_admins_see_top_and_empty_queries() {
    let app = TestApp::spawn().await;
    let mut w = World::build(&app).await;
    let mut visitor = app.browser();
    for q in ["q=إعلان", "q=اعلان", "q=xyzzy"] {
        assert_eq!(hits(&mut visitor, "calls", q).await.0, StatusCode::OK);
    }
    let (status, a) = w.admin.get_fn("search_analytics", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(a["searches"], 3);
    assert_eq!(a["top"][0]["query"], "اعلان", "spellings of one query count together: {a}");
    assert_eq!(a["top"][0]["searches"], 2);
    assert_eq!(a["zero"][0]["query"], "xyzzy");
    assert_eq!(w.talent.get_fn("search_analytics", &[]).await.0, StatusCode::FORBIDDEN);
    // Each person's own history: what they searched, once each, newest first.
    for q in ["q=مسلسل", "q=إعلان&city=jeddah", "q=مسلسل"] {
        hits(&mut w.talent, "calls", q).await;
    }
    let (status, history) = w.talent.get_fn("search_history", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let seen: Vec<&str> = history.as_array().unwrap().iter().map(|p| p["q"].as_str().unwrap()).collect();
    assert_eq!(seen, ["مسلسل", "إعلان"], "{history}");
    assert_eq!(history[1]["link"], "/search?q=%D8%A5%D8%B9%D9%84%D8%A7%D9%86&city=jeddah");
    let (_, other) = w.other_talent.get_fn("search_history", &[]).await;
    assert_eq!(other, serde_json::json!([]), "nobody sees another's history");
}

#[tokio::test]
async fn the_search_page_works_without_javascript_whatever_is_typed() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let mut visitor = app.browser();
    until_found(&mut visitor, "calls", "q=إعلان", &w.call, true).await;
    let (status, html) = visitor.get("/ar/search?q=%D8%A5%D8%B9%D9%84%D8%A7%D9%86").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<mark>"), "the words that matched are marked");
    assert!(html.contains(&format!("/ar/casting-calls/{}", w.call)));
    let long = "%22*%3A(".repeat(250);
    for q in [
        format!("/en/search?q={long}"),
        "/en/search?q=actor&city=Narnia&age=old&page=abc".into(),
        "/en/search?page=99999".into(),
        "/en/search?q=%D9%85%D9%85%D8%AB%D9%84+actor+%D9%A3%D9%A0".into(),
        "/en/search?q=%FF%FE".into(),
    ] {
        let (status, html) = visitor.get(&q).await;
        assert_eq!(status, StatusCode::OK, "{q}");
        assert!(!html.contains("Something went wrong"), "{q}");
    }
    let (_, html) = visitor.get("/en/search?q=actor&city=Narnia").await;
    assert!(html.contains("were not understood"), "an unknown city is set aside, and said so");
    let (_, html) = visitor.get("/en/search?page=99999").await;
    assert!(html.contains("past the last results"));
    let (_, html) = visitor.get("/en/search?q=%D8%A5%D8%B9%D9%84%D8%A7%D9%86&city=riyadh").await;
    assert!(html.contains("Try without one of your filters"), "an empty result suggests relaxing a filter");
    assert!(html.contains("href=\"/en/search?q=%D8%A5%D8%B9%D9%84%D8%A7%D9%86\""), "the link drops the city");
}
