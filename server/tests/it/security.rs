use crate::common::*;
use reqwest::StatusCode;

#[tokio::test]
async fn state_changing_requests_need_the_csrf_token() {
    let app = TestApp::spawn().await;
    let mut b = app.browser();
    b.get("/ar/register").await;
    let fields = [("lang_code", "ar"), ("form[name]", "Eve"), ("form[email]", "eve@example.sa"), ("form[password]", "long-enough-pass"), ("form[role]", "talent")];

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
    let res = b.client.post(b.url("/api/fn/logout")).header("x-csrf-token", b.csrf.clone()).form(&[("lang_code", "ar")]).send().await.unwrap();
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
        .form(&[("csrf_token", token.as_str()), ("lang_code", "ar"), ("form[name]", "Amal"), ("form[email]", "amal@example.sa"), ("form[password]", "nakhla-riyadh-2026"), ("form[role]", "talent")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let session: Vec<String> = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    let session = session.iter().find(|c| c.starts_with("__Host-takeone_session=")).expect("a __Host- session cookie");
    assert!(session.contains("Secure") && session.contains("HttpOnly") && session.contains("SameSite=Lax"), "{session}");
}
