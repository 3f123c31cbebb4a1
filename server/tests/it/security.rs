use crate::common::*;
use reqwest::StatusCode;

#[tokio::test]
async fn state_changing_requests_need_the_csrf_token() {
    let app = TestApp::spawn().await;
    let mut b = app.browser();
    b.get("/ar/register").await;
    let fields = [
        ("lang_code", "ar"),
        ("form[name]", "Eve"),
        ("form[email]", "eve@example.sa"),
        ("form[password]", "long-enough-pass"),
        ("form[role]", "talent"),
    ];

    let res = b.client.post(b.url("/api/fn/register")).form(&fields).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "no token");
    assert!(res.text().await.unwrap().contains("انتهت صلاحية الجلسة"));

    let mut wrong = vec![("csrf_token", "0000.1111")];
    wrong.extend_from_slice(&fields);
    assert_eq!(b.client.post(b.url("/api/fn/register")).form(&wrong).send().await.unwrap().status(), StatusCode::FORBIDDEN);

    // A request from another site is refused even with a token.
    let mut good = vec![("csrf_token", b.csrf.as_str())];
    good.extend_from_slice(&fields);
    let res = b.client.post(b.url("/api/fn/register")).header("sec-fetch-site", "cross-site").form(&good).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // A fresh client (no cookie) with a token stolen from someone else's page is refused.
    let stranger = reqwest::Client::new();
    assert_eq!(stranger.post(b.url("/api/fn/register")).form(&good).send().await.unwrap().status(), StatusCode::FORBIDDEN);

    // The header works as well as the field.
    let res =
        b.client.post(b.url("/api/fn/logout")).header("x-csrf-token", b.csrf.clone()).form(&[("lang_code", "ar")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(&app.db).await.unwrap();
    assert_eq!(count, 0, "no refused request changed anything");
}

#[tokio::test]
async fn responses_carry_strict_security_headers() {
    let app = TestApp::spawn().await;
    let res = reqwest::get(app.url("/ar/")).await.unwrap();
    let h = res.headers();
    let csp = h.get("content-security-policy").unwrap().to_str().unwrap().to_string();
    assert!(csp.contains("script-src 'self' 'nonce-"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    assert_eq!(h.get("x-frame-options").unwrap(), "DENY");
    assert_eq!(h.get("referrer-policy").unwrap(), "strict-origin-when-cross-origin");
    let body = res.text().await.unwrap();
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    assert!(body.contains(&format!("nonce=\"{nonce}\"")), "inline scripts carry the response's nonce");

    let api = reqwest::get(app.url("/health")).await.unwrap();
    assert_eq!(api.headers().get("content-security-policy").unwrap(), "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
}

#[tokio::test]
async fn secure_mode_marks_cookies_secure_with_host_prefixes_and_sends_hsts() {
    let app = TestApp::spawn_configured(&[("TAKEONE_SECURE_COOKIES", "true")]).await;
    // reqwest keeps no Secure cookies over plain HTTP, so read the headers directly.
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let res = client.get(app.url("/ar/register")).send().await.unwrap();
    assert!(res.headers().get("strict-transport-security").is_some());
    let cookies: Vec<String> = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    let csrf = cookies.iter().find(|c| c.starts_with("__Host-takeone_csrf=")).expect("a __Host- CSRF cookie");
    assert!(csrf.contains("Secure") && csrf.contains("HttpOnly") && csrf.contains("Path=/"), "{csrf}");
    let token = meta(&res.text().await.unwrap(), "csrf-token").unwrap();
    let cookie = csrf.split(';').next().unwrap().to_string();
    let res = client
        .post(app.url("/api/fn/register"))
        .header("cookie", cookie)
        .header("accept", "text/html")
        .form(&[
            ("csrf_token", token.as_str()),
            ("lang_code", "ar"),
            ("form[name]", "Amal"),
            ("form[email]", "amal@example.sa"),
            ("form[password]", "nakhla-riyadh-2026"),
            ("form[role]", "talent"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let session: Vec<String> = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    let session = session.iter().find(|c| c.starts_with("__Host-takeone_session=")).expect("a __Host- session cookie");
    assert!(session.contains("Secure") && session.contains("HttpOnly") && session.contains("SameSite=Lax"), "{session}");
}

#[tokio::test]
async fn breach_the_csrf_token_never_repeats_across_compressed_responses() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    let mut seen = std::collections::HashSet::new();
    let mut plain_token = None;
    let mut pages = Vec::new();
    for q in ["a", "b", "c"] {
        // Reflected query text beside the token: with compression, the setting BREACH needs.
        let res = b.client.get(b.url(&format!("/ar/search?q={q}"))).send().await.unwrap();
        if let Some(c) = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).find(|c| c.starts_with("takeone_csrf=")) {
            plain_token = Some(c["takeone_csrf=".len()..].split(';').next().unwrap().to_string());
        }
        let html = res.text().await.unwrap();
        let token = meta(&html, "csrf-token").unwrap();
        assert!(seen.insert(token.clone()), "the token repeated: {token}");
        pages.push((html, token));
    }
    let plain_token = plain_token.expect("the first response sets the cookie");
    for (html, token) in &pages {
        assert!(!html.contains(&plain_token), "the cookie's token itself is never on a page");
        // Every spelling is accepted: each stands for the same cookie token.
        let res =
            b.client.post(b.url("/api/fn/logout")).header("x-csrf-token", token.clone()).form(&[("lang_code", "ar")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "masked token {token}");
    }
    let res = b.client.post(b.url("/api/fn/logout")).header("x-csrf-token", plain_token).form(&[("lang_code", "ar")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "only masked spellings are taken");
}

#[tokio::test]
async fn control_characters_in_next_or_back_do_not_panic_the_request() {
    let app = TestApp::spawn().await;
    let mut b = app.browser();
    let (status, _) = b.get("/ar/%7F").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = b.get("/ar/login?next=%2Far%2F%7F").await;
    assert_eq!(status, StatusCode::OK);
    b.register("talent", "Reem", "reem@example.sa", "").await;
    b.post_form("/api/fn/logout", &[("lang_code", "ar")]).await;
    for next in ["/ar/\u{7f}", "/ar/\u{1}x", "/ar/\u{9b}x", "/ar/a\tb"] {
        let res = b
            .post_form(
                "/api/fn/login",
                &[("lang_code", "ar"), ("form[next]", next), ("form[email]", "reem@example.sa"), ("form[password]", "nakhla-riyadh-2026")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::FOUND, "{next:?}");
        assert_eq!(location(&res), "/ar/account", "a next with a control character is ignored");
        b.post_form("/api/fn/logout", &[("lang_code", "ar")]).await;
    }
    // The server is still answering.
    assert_eq!(b.get("/ar/").await.0, StatusCode::OK);
}
