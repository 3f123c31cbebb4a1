use crate::common::*;
use reqwest::StatusCode;

#[tokio::test]
async fn register_log_out_and_log_in_again_without_javascript() {
    let app = TestApp::spawn().await;
    let mut b = app.browser();
    let res = b.register("talent", "نورة الحربي", "Noura@Example.SA", "").await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(location(&res), "/ar/account");

    let (status, html) = b.get("/ar/account").await;
    assert_eq!(status, StatusCode::OK);
    assert!(plain(&texts(&html, "h1")[0]).contains("نورة الحربي"));
    assert!(html.contains("noura@example.sa"), "email is stored lower-cased");

    let res = b.post_form("/api/fn/logout", &[("lang_code", "ar")]).await;
    assert_eq!(location(&res), "/ar/");
    assert_eq!(b.get("/ar/account").await.0, StatusCode::UNAUTHORIZED);

    let res = b.login("NOURA@example.sa", "nakhla-riyadh-2026").await;
    assert_eq!(location(&res), "/ar/account", "emails compare case-insensitively");
    assert_eq!(b.get("/ar/account").await.0, StatusCode::OK);

    let events: Vec<String> =
        sqlx::query_scalar("SELECT event_type FROM audit_events ORDER BY created_at").fetch_all(&app.db).await.unwrap();
    assert_eq!(events, ["UserRegistered", "Logout", "LoginSuccess"]);
}

#[tokio::test]
async fn bad_registration_is_422_with_errors_at_their_fields_and_typed_values_kept() {
    let app = TestApp::spawn().await;
    let mut b = app.browser();
    let res = b
        .post_form(
            "/api/fn/register",
            &[
                ("lang_code", "en"),
                ("form[name]", "<script>alert(1)</script>"),
                ("form[email]", "not-an-email"),
                ("form[password]", "short"),
                ("form[role]", "admin"),
                ("form[organization]", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(attr(&html, "html", "lang").as_deref(), Some("en"));
    let err = |field: &str| plain(&texts(&html, &format!("#{field}-error")).join(""));
    assert!(err("email").contains("Enter an email address"), "{}", err("email"));
    assert!(err("password").contains("at least 10 characters"), "{}", err("password"));
    assert!(texts(&html, "#role-error").join("").contains("Choose one of the options"));
    assert_eq!(attr(&html, "input[name='form[email]']", "value").as_deref(), Some("not-an-email"));
    assert_eq!(attr(&html, "input[name='form[password]']", "value").unwrap_or_default(), "", "passwords are never echoed");
    // The name was accepted as text: it comes back escaped, never as markup.
    assert_eq!(attr(&html, "input[name='form[name]']", "value").as_deref(), Some("<script>alert(1)</script>"));
    assert!(!html.contains("<script>alert(1)</script>"));

    // Weak, common password and duplicate email.
    b.register("talent", "Sara", "sara@example.sa", "").await;
    let mut other = app.browser();
    let res = other.register("talent", "Sara", "SARA@example.sa", "").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(plain(&res.text().await.unwrap()).contains("يوجد حساب بهذا البريد الإلكتروني"));
    let res = other
        .post_form(
            "/api/fn/register",
            &[
                ("lang_code", "ar"),
                ("form[name]", "x y"),
                ("form[email]", "a@b.sa"),
                ("form[password]", "password123"),
                ("form[role]", "talent"),
            ],
        )
        .await;
    assert!(plain(&res.text().await.unwrap()).contains("كلمة المرور هذه شائعة جداً"));
    let res = other
        .post_form(
            "/api/fn/register",
            &[
                ("lang_code", "ar"),
                ("form[name]", "x y"),
                ("form[email]", "h@b.sa"),
                ("form[password]", "long-enough-pass"),
                ("form[role]", "hirer"),
            ],
        )
        .await;
    let html = res.text().await.unwrap();
    assert!(!texts(&html, "#organization-error").is_empty(), "hirers must name their company");
}

#[tokio::test]
async fn the_javascript_path_gets_the_same_errors_as_json_with_a_4xx() {
    let app = TestApp::spawn().await;
    let mut b = app.browser();
    let res = b
        .post_fn(
            "register",
            &[("lang_code", "ar"), ("form[name]", ""), ("form[email]", "x"), ("form[password]", "x"), ("form[role]", "talent")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = res.json().await.unwrap();
    let errors = &body["Form"]["errors"];
    let fields: Vec<&str> = errors.as_array().unwrap().iter().map(|e| e[0].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "email", "password"]);

    let res = b.post_fn("register", &[("lang_code", "ar"), ("form[name]", "x")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "a malformed call is a 400, not a 500");
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let mut b = app.browser();
    b.register("talent", "Huda", "huda@example.sa", "").await;
    let mut a = app.browser();
    let wrong = a.login("huda@example.sa", "not-the-password").await;
    let (s1, h1) = (wrong.status(), wrong.text().await.unwrap());
    let unknown = a.login("nobody@example.sa", "not-the-password").await;
    let (s2, h2) = (unknown.status(), unknown.text().await.unwrap());
    assert_eq!(s1, StatusCode::UNAUTHORIZED);
    assert_eq!(s1, s2);
    assert_eq!(texts(&h1, ".form-error"), texts(&h2, ".form-error"));
    assert_eq!(plain(&texts(&h1, ".form-error")[0]), "البريد الإلكتروني أو كلمة المرور غير صحيحة.");
}

#[tokio::test]
async fn login_is_rate_limited_per_account_with_a_localized_wait() {
    let app = TestApp::spawn().await;
    let mut b = app.browser();
    b.register("talent", "Reem", "reem@example.sa", "").await;
    let mut attacker = app.browser();
    for _ in 0..5 {
        let res = attacker.login("reem@example.sa", "guess-guess-guess").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = attacker.login("reem@example.sa", "nakhla-riyadh-2026").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    let html = plain(&res.text().await.unwrap());
    assert!(html.contains("محاولات كثيرة. حاول مرة أخرى بعد 15 دقيقة"), "{}", texts(&html, ".form-error").join(""));

    let res =
        attacker.post_form("/api/fn/login", &[("lang_code", "en"), ("form[email]", "reem@example.sa"), ("form[password]", "x")]).await;
    assert!(plain(&res.text().await.unwrap()).contains("Try again in 15 minutes"));
}

#[tokio::test]
async fn guessing_from_elsewhere_does_not_lock_the_owner_out() {
    let app = TestApp::spawn().await;
    let mut owner = Browser::from_address(&app, "127.0.0.2");
    owner.register("talent", "Reem", "reem@example.sa", "").await;
    owner.post_form("/api/fn/logout", &[("lang_code", "ar")]).await;
    let mut attacker = Browser::from_address(&app, "127.0.0.3");
    for _ in 0..5 {
        assert_eq!(attacker.login("reem@example.sa", "guess-guess-guess").await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(attacker.login("reem@example.sa", "guess-guess-guess").await.status(), StatusCode::TOO_MANY_REQUESTS);
    let res = owner.login("reem@example.sa", "nakhla-riyadh-2026").await;
    assert_eq!(res.status(), StatusCode::FOUND, "the owner at their own address still gets in");
    // The attacker moving to fresh addresses meets the account's ceiling; the owner does not
    // share their (account, address) window with them.
    let mut blocked = false;
    for i in 0..30u8 {
        let mut elsewhere = Browser::from_address(&app, &format!("127.0.{}.{}", 10 + i / 5, 1 + i % 5));
        for _ in 0..5 {
            if elsewhere.login("reem@example.sa", "guess-guess-guess").await.status() == StatusCode::TOO_MANY_REQUESTS {
                blocked = true;
            }
        }
    }
    assert!(blocked, "guessing spread over addresses reaches the per-account ceiling");
}

#[tokio::test]
async fn registration_is_rate_limited_per_ip() {
    let app = TestApp::spawn().await;
    let mut b = app.browser();
    for i in 0..10 {
        let res = b.register("talent", "Test", &format!("t{i}@example.sa"), "").await;
        assert_eq!(res.status(), StatusCode::FOUND, "sign-up {i}");
    }
    let res = b.register("talent", "Test", "t11@example.sa", "").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_session_id_changes_at_login_and_the_cookie_is_http_only_and_lax() {
    let app = TestApp::spawn().await;
    let mut b = app.browser();
    let res = b.register("talent", "Lama", "lama@example.sa", "").await;
    let first = session_cookie(&res).expect("a session cookie at sign-up");
    assert!(first.contains("HttpOnly") && first.contains("SameSite=Lax"), "{first}");
    assert!(!first.contains("Secure"), "plain HTTP in development");
    let res = b.login("lama@example.sa", "nakhla-riyadh-2026").await;
    let second = session_cookie(&res).expect("a new session cookie at login");
    assert_ne!(value(&first), value(&second));
}

fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("takeone_session="))
        .map(str::to_owned)
}

fn value(cookie: &str) -> String {
    cookie.split(';').next().unwrap_or_default().to_string()
}

#[tokio::test]
async fn a_burst_of_logins_does_not_hold_up_pages() {
    let app = TestApp::spawn().await;
    let mut b = app.browser();
    b.register("talent", "Burst", "burst@example.sa", "").await;
    let mut logins = Vec::new();
    for i in 0..12 {
        let mut c = app.browser();
        c.get("/ar/login").await;
        logins.push(tokio::spawn(async move {
            c.login(&format!("burst{i}@example.sa"), "whatever-password").await;
            std::time::Instant::now()
        }));
    }
    // While twelve hashes queue for the blocking pool, a page still renders.
    let (status, _) = app.browser().get("/ar/casting-calls").await;
    let page_done = std::time::Instant::now();
    assert_eq!(status, StatusCode::OK);
    let mut last_login = page_done;
    for l in logins {
        last_login = last_login.max(l.await.unwrap());
    }
    assert!(page_done < last_login, "the page finished before the last queued login");
}
