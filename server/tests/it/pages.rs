use crate::common::*;
use reqwest::StatusCode;

#[tokio::test]
async fn root_chooses_the_language_by_cookie_then_accept_language_then_arabic() {
    let app = TestApp::spawn().await;
    let c = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let go = |al: Option<&'static str>, cookie: Option<&'static str>| {
        let mut r = c.get(app.url("/"));
        if let Some(al) = al {
            r = r.header("accept-language", al);
        }
        if let Some(ck) = cookie {
            r = r.header("cookie", ck);
        }
        r.send()
    };
    let loc = |r: reqwest::Response| location(&r);
    assert_eq!(loc(go(None, None).await.unwrap()), "/ar/");
    assert_eq!(loc(go(Some("en-GB,en;q=0.9"), None).await.unwrap()), "/en/");
    assert_eq!(loc(go(Some("fr-FR"), None).await.unwrap()), "/ar/");
    assert_eq!(loc(go(Some("en-GB"), Some("takeone_lang=ar")).await.unwrap()), "/ar/");
    assert_eq!(loc(go(Some("ar"), Some("takeone_lang=en")).await.unwrap()), "/en/");
}

#[tokio::test]
async fn pages_carry_lang_and_dir_from_the_server_and_remember_the_language() {
    let app = TestApp::spawn().await;
    let mut b = app.browser();
    for (path, lang, dir) in
        [("/ar/", "ar", "rtl"), ("/en/", "en", "ltr"), ("/en/casting-calls", "en", "ltr"), ("/ar/register", "ar", "rtl")]
    {
        let (status, html) = b.get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(attr(&html, "html", "lang").as_deref(), Some(lang), "{path}");
        assert_eq!(attr(&html, "html", "dir").as_deref(), Some(dir), "{path}");
    }
    let res = b.client.get(b.url("/en/")).send().await.unwrap();
    let cookies: Vec<_> = res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("takeone_lang=en")), "{cookies:?}");
    let res = b.client.get(b.url("/")).send().await.unwrap();
    assert_eq!(location(&res), "/en/", "the remembered language wins");
}

#[tokio::test]
async fn the_language_switch_points_at_the_same_page() {
    let app = TestApp::spawn().await;
    let mut b = app.browser();
    let (_, html) = b.get("/ar/casting-calls?city=jeddah&page=1").await;
    assert_eq!(attr(&html, "a.lang-switch", "href").as_deref(), Some("/en/casting-calls?city=jeddah&page=1"));
    let (_, html) = b.get("/en/login").await;
    assert_eq!(attr(&html, "a.lang-switch", "href").as_deref(), Some("/ar/login"));
}

#[tokio::test]
async fn unknown_pages_are_404_in_both_languages() {
    let app = TestApp::spawn().await;
    let mut b = app.browser();
    let (status, html) = b.get("/en/no-such-page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(texts(&html, "h1"), ["We couldn't find that page"]);
    let (status, html) = b.get("/ar/no-such-page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(texts(&html, "h1"), ["لم نجد هذه الصفحة"]);
    assert_eq!(b.get("/fr/casting-calls").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn home_lists_the_latest_open_calls_from_the_seed() {
    let app = TestApp::spawn().await;
    let accounts =
        takeone::account::Accounts::new(app.db.clone(), takeone::account::PasswordHasher::new(2), takeone::token::TokenKey::new(b"test"));
    let report = takeone::seed::run(&app.db, &accounts).await.unwrap();
    assert_eq!(report.calls_created, 40);
    assert!(takeone::seed::run(&app.db, &accounts).await.unwrap().already_seeded, "seeding twice changes nothing");
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM casting_calls").fetch_one(&app.db).await.unwrap();
    assert_eq!(count, 40);

    let mut b = app.browser();
    let (_, html) = b.get("/ar/").await;
    assert_eq!(texts(&html, ".call-card").len(), 6);
    let (_, list) = b.get("/ar/casting-calls").await;
    let open: i64 = sqlx::query_scalar("SELECT count(*) FROM casting_calls WHERE status = 'active' AND deadline >= now()")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(plain(&texts(&list, ".results-count")[0]).contains(&open.to_string()));

    // The demo accounts sign in with the printed passwords.
    for demo in &takeone::seed::DEMO_ACCOUNTS {
        let res = app.browser().login(demo.email, demo.password).await;
        assert_eq!(location(&res), "/ar/account", "{}", demo.email);
    }
}

#[tokio::test]
async fn anonymous_pages_are_micro_cached_with_a_fresh_token_and_nonce_each_time() {
    let app = TestApp::spawn().await;
    let mut hirer = app.browser();
    hirer.register("hirer", "ريم", "h@example.sa", "نخلة").await;
    app.verify_email_of("h@example.sa").await;
    app.verify_organization_of("h@example.sa").await;

    let c = || reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let fetch = |client: reqwest::Client| {
        let url = app.url("/ar/casting-calls");
        async move {
            let res = client.get(url).send().await.unwrap();
            let csp = res.headers()["content-security-policy"].to_str().unwrap().to_string();
            (csp, res.text().await.unwrap())
        }
    };
    let (csp1, page1) = fetch(c()).await;
    let (csp2, page2) = fetch(c()).await;
    assert_ne!(csp1, csp2, "every response has its own nonce");
    let nonce2 = csp2.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    assert!(page2.contains(&format!("nonce=\"{nonce2}\"")), "the page's scripts carry the header's nonce");
    assert_ne!(meta(&page1, "csrf-token"), meta(&page2, "csrf-token"), "each visitor has their own CSRF token");
    assert_eq!(texts(&page1, "h1"), texts(&page2, "h1"));

    // A signed-in visitor is never served the anonymous page.
    let (_, mine) = hirer.get("/ar/casting-calls").await;
    assert!(mine.contains("/ar/account"), "the header is the signed-in one");

    // A write clears the cache: the next anonymous visitor sees the new call at once.
    let day = (time::OffsetDateTime::now_utc() + time::Duration::days(5)).date().to_string();
    let res = hirer
        .post_form(
            "/api/fn/save_call",
            &[
                ("lang_code", "ar"),
                ("call_id", ""),
                ("form[title]", "Fresh call"),
                ("form[description]", "A description that is long enough to pass."),
                ("form[city]", "riyadh"),
                ("form[project_type]", "commercial"),
                ("form[deadline]", &day),
                ("form[intent]", "publish"),
                ("form[roles][0][name]", "Lead"),
                ("form[roles][0][gender]", "any"),
                ("form[roles][0][age_min]", "20"),
                ("form[roles][0][age_max]", "30"),
                ("form[roles][0][paid]", "unpaid"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let (_, page3) = fetch(c()).await;
    assert_eq!(texts(&page3, ".call-card-title"), ["Fresh call"]);
}

#[tokio::test]
async fn responses_are_compressed_for_browsers_that_accept_gzip() {
    let app = TestApp::spawn().await;
    let res = reqwest::Client::new().get(app.url("/ar/casting-calls")).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get("content-encoding").map(|v| v.to_str().unwrap()), Some("gzip"));
}
