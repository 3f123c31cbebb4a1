//! Talent profiles, guardians, applications with their history, the worksheet, messages and
//! shortlist links, through the real server.

use crate::common::{world::*, *};
use reqwest::StatusCode;

#[tokio::test]
async fn a_profile_is_validated_at_each_field_and_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    let mut t = signed_up(&app, "talent", "سارة", "sara@talent.sa", "").await;
    let mut form = profile_form("سارة", "2031-01-01", "female", "public");
    form.retain(|(k, _)| k != "form[phone]");
    form.extend([
        ("form[phone]".to_string(), "12345".to_string()),
        ("form[height_cm]".into(), "٣٠٠".into()),
        ("form[playing_age_min]".into(), "30".into()),
        ("form[playing_age_max]".into(), "20".into()),
        ("form[bio_en]".into(), "x".repeat(2001)),
    ]);
    let res = t.post_owned("/api/fn/save_profile", &form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    let error_of = |field: &str| texts(&html, &format!("#{field}-error"));
    assert_eq!(error_of("date_of_birth").len(), 1, "the birth date in the future is refused");
    assert_eq!(error_of("phone").len(), 1);
    assert_eq!(error_of("height_cm").len(), 1);
    assert_eq!(error_of("playing_age_max").len(), 1);
    assert_eq!(error_of("bio_en").len(), 1, "an oversized bio is refused");
    assert_eq!(attr(&html, "input[name='form[phone]']", "value").as_deref(), Some("12345"), "what was typed is kept");
    assert_eq!(attr(&html, "input[name='form[dialects][1]']", "checked").as_deref(), Some(""), "ticked boxes stay ticked");

    let res = t.post_owned("/api/fn/save_profile", &profile_form("سارة", "١٩٩٨-٠٥-١٤", "female", "public")).await;
    assert_eq!(res.status(), StatusCode::FOUND, "Arabic-Indic digits in the date are fine");
    let page = location(&res);
    assert!(page.starts_with("/ar/talent/"), "{page}");
    let mut visitor = app.browser();
    let (status, html) = visitor.get(&page).await;
    assert_eq!(status, StatusCode::OK, "a public adult profile is public");
    assert_eq!(texts(&html, "h1"), ["سارة"]);
    assert!(!html.contains("0501234567") && !html.contains("+966501234567"), "no phone number for visitors");
    assert!(!html.contains("1998-05-14") && !html.contains("الاسم الرسمي"), "no birth date or legal name for visitors");
    let age = (time::OffsetDateTime::now_utc().year() - 1998 - 1).to_string();
    assert!(plain(&html).contains(&age) || plain(&html).contains(&(age.parse::<i32>().unwrap() + 1).to_string()));
}

#[tokio::test]
async fn visibility_decides_who_sees_a_profile_and_a_minor_is_never_public() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let (mut visitor, mut talent2, mut hirer2) = (app.browser(), w.other_talent, w.other_hirer);
    let sara = format!("/ar/talent/{}", w.talent_profile);
    assert_eq!(visitor.get(&sara).await.0, StatusCode::NOT_FOUND, "hirers-only: not for visitors");
    assert_eq!(talent2.get(&sara).await.0, StatusCode::NOT_FOUND, "nor for other talent");
    assert_eq!(hirer2.get(&sara).await.0, StatusCode::OK, "hirers see it");

    let yousef = format!("/ar/talent/{}", w.minor_profile);
    // Even if the minor's row said public, the rule keeps it closed.
    sqlx::query("UPDATE talent_profiles SET visibility = 'public' WHERE id = $1::uuid")
        .bind(&w.minor_profile)
        .execute(&app.db)
        .await
        .unwrap();
    assert_eq!(visitor.get(&yousef).await.0, StatusCode::NOT_FOUND);
    assert_eq!(hirer2.get(&yousef).await.0, StatusCode::NOT_FOUND, "a hirer without an application from the minor sees nothing");
    let (mut hirer, mut guardian) = (w.hirer, w.guardian);
    let (status, html) = hirer.get(&yousef).await;
    assert_eq!(status, StatusCode::OK, "the hirer the minor applied to (with approval) sees the profile");
    assert!(
        !html.contains("0501234567") && !html.contains("+966501234567") && !html.contains("2012-03-01"),
        "never the minor's contact details"
    );
    assert_eq!(guardian.get(&yousef).await.0, StatusCode::OK, "the guardian sees it");
    let (_, json) = hirer.get_fn("get_talent", &[("id", &w.minor_profile)]).await;
    assert!(json["profile"]["phone"].is_null() && json["profile"]["date_of_birth"].is_null(), "{json}");
}

#[tokio::test]
async fn a_minor_cannot_apply_until_the_guardian_accepts_and_the_hirer_sees_it_only_after_approval() {
    let app = TestApp::spawn().await;
    let mut hirer = signed_up(&app, "hirer", "ريم", "hirer@nakhla.sa", "استوديو نخلة").await;
    app.verify_organization_of("hirer@nakhla.sa").await;
    let res = hirer.post_owned("/api/fn/save_call", &call_form("", "مسلسل عائلي", "publish")).await;
    let call = id_from(&location(&res));
    let roles = role_ids(&app, &call).await;
    let mut minor = talent_with_profile(&app, "يوسف", "yousef@talent.sa", "2012-03-01", "hirers").await;

    let res = apply(&mut minor, &call, &roles[1]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(plain(&res.text().await.unwrap()).contains(&app::i18n::translate(takeone::Locale::Ar, "error-guardian-required", &[])));
    let res = minor.post_form("/api/fn/invite_guardian", &[("lang_code", "ar"), ("form[email]", "yousef@talent.sa")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "not their own address");
    minor.post_form("/api/fn/invite_guardian", &[("lang_code", "ar"), ("form[email]", "mother@family.sa")]).await;
    let mail = wait_for_mail(&app, "mother@family.sa", "guardian/accept?token=").await;
    assert!(mail.mail.subject.contains("يوسف"), "{}", mail.mail.subject);
    let token = link_token(&mail.mail.text);
    assert!(mail.mail.text.contains("/ar/guardian/accept?token="), "{}", mail.mail.text);

    // Someone else with the link cannot take the minor over.
    let mut stranger = signed_up(&app, "guardian", "Stranger", "stranger@x.sa", "").await;
    let res = stranger.post_form("/api/fn/accept_guardian", &[("lang_code", "ar"), ("token", &token)]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "the invitation belongs to its address");
    let res = apply(&mut minor, &call, &roles[1]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "still no guardian");

    let mut guardian = signed_up(&app, "guardian", "أم يوسف", "mother@family.sa", "").await;
    let res = guardian.post_form("/api/fn/accept_guardian", &[("lang_code", "ar"), ("token", &token)]).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let res = guardian.post_form("/api/fn/accept_guardian", &[("lang_code", "ar"), ("token", &token)]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "an invitation is used once");

    let res = apply(&mut minor, &call, &roles[1]).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let application = id_from(&location(&res));
    assert_eq!(status_of(&app, &application).await, "awaiting_guardian");
    let sheet = format!("/ar/hirer/calls/{call}/roles/{}", roles[1]);
    let (_, html) = hirer.get(&sheet).await;
    assert!(texts(&html, "table.worksheet tbody tr").is_empty(), "the hirer does not see it yet");
    assert_eq!(hirer.get(&format!("/ar/applications/{application}")).await.0, StatusCode::NOT_FOUND);
    let res = move_to(&app, &mut hirer, &application, "viewed").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "nor move it");
    let res = move_to(&app, &mut minor, &application, "submitted").await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "a minor cannot approve their own application");

    // The guardian is told, approves, and only then the hirer sees the applicant.
    let approval = wait_for_mail(&app, "mother@family.sa", &format!("/ar/applications/{application}")).await;
    assert!(approval.mail.text.contains(&format!("/ar/applications/{application}")), "{}", approval.mail.text);
    let res = move_to(&app, &mut guardian, &application, "submitted").await;
    assert!(res.status().is_redirection());
    let (_, html) = hirer.get(&sheet).await;
    assert_eq!(texts(&html, "table.worksheet tbody tr .applicant-cell a"), ["يوسف"]);
    assert_eq!(hirer.get(&format!("/ar/applications/{application}")).await.0, StatusCode::OK);
}

#[tokio::test]
async fn applying_twice_even_at_once_gives_one_application() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let mut talent = w.talent;
    let res = apply(&mut talent, &w.call, &w.roles[0]).await;
    assert_eq!(id_from(&location(&res)), w.application, "applying again returns the existing application");

    // Two submits of the same form at the same moment, on a role not applied to yet.
    let mut other = w.other_talent;
    other.get("/ar/").await;
    let form: Vec<(String, String)> = [
        ("csrf_token", other.csrf.clone()),
        ("lang_code", "ar".into()),
        ("call_id", w.call.clone()),
        ("role_id", w.roles[1].clone()),
        ("form[answers][0]", "نعم".into()),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.clone()))
    .collect();
    let send = || other.client.post(other.url("/api/fn/apply")).header("accept", "text/html").form(&form).send();
    let (a, b) = tokio::join!(send(), send());
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.status(), StatusCode::FOUND);
    assert_eq!(b.status(), StatusCode::FOUND);
    assert_eq!(location(&a), location(&b), "both submits land on the same application");
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM applications a JOIN talent_profiles p ON p.id = a.talent_profile_id JOIN users u ON u.id = p.user_id WHERE u.email = 'lina@talent.sa'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(n, 1);
    let events: i64 = sqlx::query_scalar("SELECT count(*) FROM application_status_events WHERE application_id = $1::uuid")
        .bind(id_from(&location(&a)))
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(events, 1, "one creation event");
}

#[tokio::test]
async fn closed_and_expired_calls_accept_no_applications_and_say_so() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let mut hirer = w.hirer;
    let mut talent = w.other_talent;
    let res = hirer.post_owned("/api/fn/save_call", &call_form(&w.call, "إعلان رمضان في جدة", "close")).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let res = apply(&mut talent, &w.call, &w.roles[0]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(plain(&res.text().await.unwrap()).contains(&app::i18n::translate(takeone::Locale::Ar, "error-call-closed", &[])));
    let (_, page) = talent.get(&format!("/ar/casting-calls/{}/roles/{}/apply", w.call, w.roles[0])).await;
    assert!(texts(&page, "form textarea").is_empty(), "the apply page offers no form");

    hirer.post_owned("/api/fn/save_call", &call_form(&w.call, "إعلان رمضان في جدة", "publish")).await;
    sqlx::query("UPDATE casting_calls SET deadline = now() - interval '1 minute' WHERE id = $1::uuid")
        .bind(&w.call)
        .execute(&app.db)
        .await
        .unwrap();
    let res = apply(&mut talent, &w.call, &w.roles[0]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "expired the second its deadline passed, before any job ran");
    assert!(plain(&res.text().await.unwrap()).contains(&app::i18n::translate(takeone::Locale::Ar, "error-call-expired", &[])));

    let res = apply(&mut talent, &uuid::Uuid::new_v4().to_string(), &w.roles[0]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "a call that does not exist");
    let res = apply(&mut hirer, &w.call, &w.roles[0]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "hirers do not apply");
}

#[tokio::test]
async fn the_hirer_shortlists_then_books_and_every_move_is_an_event() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let (mut hirer, mut talent) = (w.hirer, w.talent);
    let page = format!("/ar/applications/{}", w.application);
    let (_, html) = hirer.get(&page).await;
    assert!(texts(&html, "button[data-move=booked]").is_empty(), "booking goes through the shortlist");
    assert!(texts(&html, "dl.facts a[href^='mailto:']").is_empty(), "no contact details before booking");
    for to in ["shortlisted", "booked"] {
        let res = move_to(&app, &mut hirer, &w.application, to).await;
        assert!(res.status().is_redirection(), "{to}: {}", res.status());
    }
    let events: Vec<(Option<String>, String)> =
        sqlx::query_as("SELECT from_status, to_status FROM application_status_events WHERE application_id = $1::uuid ORDER BY at")
            .bind(&w.application)
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(
        events,
        [(None, "submitted".into()), (Some("submitted".into()), "shortlisted".into()), (Some("shortlisted".into()), "booked".into())]
    );
    let (_, html) = hirer.get(&page).await;
    assert!(html.contains("mailto:sara@talent.sa") && html.contains("+966 50 123 4567"), "booked: the hirer has the talent's contact");
    let (_, html) = talent.get(&page).await;
    assert!(html.contains("mailto:hirer@nakhla.sa"), "and the talent the hirer's");
    assert_eq!(texts(&html, ".timeline-item").len(), 3, "the talent sees the whole timeline");
    assert!(texts(&html, ".notes").is_empty(), "but never the notes");

    // A forbidden move is refused with a message, and nothing changes.
    let res = move_to(&app, &mut hirer, &w.application, "submitted").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = move_to(&app, &mut talent, &w.application, "withdrawn").await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "a booking is released, not withdrawn");
    assert_eq!(status_of(&app, &w.application).await, "booked");
    // A status the domain does not know is a bad request, not a 500.
    let res = hirer
        .post_form("/api/fn/move_application", &[("lang_code", "ar"), ("id", &w.application), ("version", "1"), ("to", "promoted")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn two_hirers_changing_one_application_at_once_never_hide_a_move() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let (mut hirer, mut admin) = (w.hirer, w.admin);
    let version = version_of(&app, &w.application).await;
    let post = |b: &mut Browser, to: &'static str| {
        let fields: Vec<(String, String)> = [
            ("csrf_token", b.csrf.clone()),
            ("lang_code", "ar".into()),
            ("id", w.application.clone()),
            ("version", version.clone()),
            ("to", to.into()),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
        b.client.post(b.url("/api/fn/move_application")).header("accept", "application/json").form(&fields).send()
    };
    if hirer.csrf.is_empty() {
        hirer.get("/ar/").await;
    }
    if admin.csrf.is_empty() {
        admin.get("/ar/").await;
    }
    let (a, b) = tokio::join!(post(&mut hirer, "shortlisted"), post(&mut admin, "rejected"));
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "one wins, the other is told");
    let loser = if a.status() == StatusCode::CONFLICT { a } else { b };
    let body: serde_json::Value = loser.json().await.unwrap();
    assert_eq!(body["Form"]["form_error"]["key"], "error-application-conflict", "{body}");
    let events: i64 = sqlx::query_scalar("SELECT count(*) FROM application_status_events WHERE application_id = $1::uuid")
        .bind(&w.application)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(events, 2, "creation plus exactly one change");
}

#[tokio::test]
async fn a_talent_cannot_read_or_move_another_talents_application() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let (mut other, mut hirer2) = (w.other_talent, w.other_hirer);
    let page = format!("/ar/applications/{}", w.application);
    assert_eq!(other.get(&page).await.0, StatusCode::NOT_FOUND, "a forged id reveals nothing");
    assert_eq!(hirer2.get(&page).await.0, StatusCode::NOT_FOUND, "nor to another organization");
    let res = move_to(&app, &mut other, &w.application, "withdrawn").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = other.post_form("/api/fn/send_message", &[("lang_code", "ar"), ("id", &w.application), ("form[body]", "hi")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = other.post_form("/api/fn/add_note", &[("lang_code", "ar"), ("id", &w.application), ("form[body]", "hi")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(status_of(&app, &w.application).await, "submitted");
    let (_, list) = other.get("/ar/applications").await;
    assert!(!list.contains(&w.application), "not in their list either");
    let mut talent = w.talent;
    let res = move_to(&app, &mut talent, &w.application, "withdrawn").await;
    assert!(res.status().is_redirection(), "the talent may withdraw their own");
}

#[tokio::test]
async fn notes_are_private_to_the_hirer_and_oversized_ones_are_refused() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let (mut hirer, mut talent) = (w.hirer, w.talent);
    let res = hirer.post_form("/api/fn/add_note", &[("lang_code", "ar"), ("id", &w.application), ("form[body]", &"ن".repeat(2001))]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(texts(&html, "#body-error").len(), 1, "the error is at the note");
    assert_eq!(texts(&html, "textarea[name='form[body]']").first().map(|t| t.chars().count()), Some(2001), "what was typed is kept");
    let res = hirer
        .post_form("/api/fn/add_note", &[("lang_code", "ar"), ("id", &w.application), ("form[body]", "أداء قوي، تحتاج تدريب على اللهجة")])
        .await;
    assert!(res.status().is_redirection());
    let (_, html) = hirer.get(&format!("/ar/applications/{}", w.application)).await;
    assert!(html.contains("أداء قوي"));
    let (_, html) = talent.get(&format!("/ar/applications/{}", w.application)).await;
    assert!(!html.contains("أداء قوي"), "the talent never sees notes");
    let (_, json) = talent.get_fn("get_application", &[("id", &w.application)]).await;
    assert!(json["notes"].is_null(), "not even in the data: {json}");
    let res = talent.post_form("/api/fn/add_note", &[("lang_code", "ar"), ("id", &w.application), ("form[body]", "x")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn messages_start_with_the_hirer_go_to_a_minors_guardian_and_notify() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let (mut hirer, mut talent, mut minor, mut guardian) = (w.hirer, w.talent, w.minor, w.guardian);
    let say = |id: &str, body: &str| -> Vec<(String, String)> {
        vec![("lang_code".into(), "ar".into()), ("id".into(), id.into()), ("form[body]".into(), body.into())]
    };
    let res = talent.post_owned("/api/fn/send_message", &say(&w.application, "مرحباً")).await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "the hirer starts the thread");
    let res = hirer.post_owned("/api/fn/send_message", &say(&w.application, "هل أنت متاحة يوم الخميس؟")).await;
    assert!(res.status().is_redirection());
    let mail = wait_for_mail(&app, "sara@talent.sa", "رسالة جديدة").await;
    assert!(mail.mail.subject.contains("إعلان رمضان في جدة"), "{}", mail.mail.subject);
    let res = talent.post_owned("/api/fn/send_message", &say(&w.application, "نعم متاحة")).await;
    assert!(res.status().is_redirection());
    let (_, html) = hirer.get(&format!("/ar/applications/{}", w.application)).await;
    assert_eq!(texts(&html, ".message-list .message").len(), 2, "{:?}", texts(&html, "main"));
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = 'hirer@nakhla.sa' AND n.kind = 'new_message'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(n, 1, "the hirer is told of the reply");

    let res = hirer.post_owned("/api/fn/send_message", &say(&w.minor_application, "نحتاج موافقة على موعد التصوير")).await;
    assert!(res.status().is_redirection());
    let to_guardian = wait_for_mail(&app, "mother@family.sa", "رسالة جديدة").await;
    assert!(to_guardian.mail.text.contains(&w.minor_application), "messages to a minor go to the guardian");
    let minor_mails: Vec<String> =
        sqlx::query_scalar("SELECT kind FROM email_deliveries WHERE to_address = 'yousef@talent.sa'").fetch_all(&app.db).await.unwrap();
    assert!(!minor_mails.contains(&"new_message".to_string()), "{minor_mails:?}");
    let (_, html) = minor.get(&format!("/ar/applications/{}", w.minor_application)).await;
    assert!(!html.contains("نحتاج موافقة"), "the minor does not read the thread");
    let res = minor.post_owned("/api/fn/send_message", &say(&w.minor_application, "أنا موافق")).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = guardian.post_owned("/api/fn/send_message", &say(&w.minor_application, "موافقون")).await;
    assert!(res.status().is_redirection(), "the guardian replies");
    let res = hirer.post_owned("/api/fn/send_message", &say(&w.application, &"x".repeat(4001))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "oversized messages are refused");
}
