//! Notifications and e-mail: in the recipient's language, batched where they should be, never
//! twice for one event, over real SMTP when configured, and the links they carry.

use crate::common::{smtp::*, world::*, *};
use reqwest::StatusCode;
use std::sync::atomic::Ordering;
use takeone::{Locale, notify::Inbox};

#[tokio::test]
async fn a_status_change_reaches_the_talent_in_their_language_and_rings_the_bell() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let mut talent = app.browser();
    talent
        .post_form(
            "/api/fn/register",
            &[
                ("lang_code", "en"),
                ("form[name]", "Lina Haddad"),
                ("form[email]", "lina.en@talent.sa"),
                ("form[password]", PASSWORD),
                ("form[role]", "talent"),
            ],
        )
        .await;
    let mut form = profile_form("Lina Haddad", "1994-04-04", "female", "hirers");
    form[0].1 = "en".into();
    talent.post_owned("/api/fn/save_profile", &form).await;
    let res = apply(&mut talent, &w.call, &w.roles[0]).await;
    let application = id_from(&location(&res));
    let mut hirer = w.hirer;
    move_to(&app, &mut hirer, &application, "viewed").await;
    move_to(&app, &mut hirer, &application, "shortlisted").await;
    let mail = wait_for_mail(&app, "lina.en@talent.sa", "Shortlisted").await;
    assert_eq!(mail.mail.subject, "Your application: Shortlisted", "English for an English reader");
    assert!(mail.mail.text.contains(&format!("/en/applications/{application}")), "{}", mail.mail.text);
    assert!(mail.mail.html.contains("lang=\"en\" dir=\"ltr\""));
    let kinds: Vec<String> =
        sqlx::query_scalar("SELECT kind FROM email_deliveries WHERE to_address = 'lina.en@talent.sa' ORDER BY created_at")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(kinds, ["verify_email", "status_changed"], "\"viewed\" is not worth a mail");

    let (_, count) = talent.get_fn("unread_count", &[]).await;
    assert_eq!(count, 1);
    let (_, html) = talent.get("/en/notifications").await;
    assert_eq!(texts(&html, ".notification-unread").len(), 1);
    assert!(plain(&html).contains("Shortlisted"));
    assert!(talent.post_form("/api/fn/mark_notifications_read", &[("lang_code", "en")]).await.status().is_redirection());
    assert_eq!(talent.get_fn("unread_count", &[]).await.1, 0);
    let mut visitor = app.browser();
    assert_eq!(visitor.get_fn("unread_count", &[]).await.1, 0, "a visitor has no bell to ring");
    assert_eq!(visitor.get("/ar/notifications").await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn new_applications_are_mailed_to_the_hirer_at_most_hourly() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let inbox = Inbox::new(app.db.clone());
    let hirer_mails = |kind: &'static str| {
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT count(*) FROM email_deliveries WHERE to_address = 'hirer@nakhla.sa' AND kind = $1")
                .bind(kind)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    assert_eq!(hirer_mails("new_applications").await, 0, "no mail per application");
    let mut hirer = w.hirer;
    let (_, n) = hirer.get_fn("unread_count", &[]).await;
    assert_eq!(n, 2, "but the bell has both (the adult's and the approved minor's)");

    assert_eq!(inbox.queue_application_digests().await.unwrap(), 1);
    let mail = wait_for_mail(&app, "hirer@nakhla.sa", "طلبان جديدان").await;
    assert!(mail.mail.text.contains("سارة العتيبي") && mail.mail.text.contains("يوسف"), "{}", mail.mail.text);
    assert_eq!(inbox.queue_application_digests().await.unwrap(), 0, "nothing new");

    let mut late = talent_with_profile(&app, "Noura", "noura@talent.sa", "1999-09-09", "hirers").await;
    apply(&mut late, &w.call, &w.roles[0]).await;
    assert_eq!(inbox.queue_application_digests().await.unwrap(), 0, "within the hour it waits");
    sqlx::query("UPDATE email_deliveries SET created_at = created_at - interval '61 minutes' WHERE kind = 'new_applications'")
        .execute(&app.db)
        .await
        .unwrap();
    assert_eq!(inbox.queue_application_digests().await.unwrap(), 1);
    wait_for_mail(&app, "hirer@nakhla.sa", "طلب جديد").await;
    assert_eq!(hirer_mails("new_applications").await, 2);
}

#[tokio::test]
async fn one_event_never_becomes_two_mails() {
    let app = TestApp::spawn().await;
    let _w = World::build(&app).await;
    let user: uuid::Uuid = sqlx::query_scalar("SELECT id FROM users WHERE email = 'sara@talent.sa'").fetch_one(&app.db).await.unwrap();
    let notice = || takeone::notify::Notice {
        user_id: user,
        kind: takeone::notify::NoticeKind::StatusChanged,
        params: takeone::notify::params_object(&[
            ("call", "C".into()),
            ("role", "R".into()),
            ("talent", "T".into()),
            ("status_key", "app-status-booked".into()),
        ]),
        link: "applications".into(),
        dedupe_key: "test-event-1".into(),
    };
    for _ in 0..3 {
        let mut tx = app.db.begin().await.unwrap();
        takeone::notify::notify(&mut tx, notice()).await.unwrap();
        tx.commit().await.unwrap();
    }
    let delivery: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM email_deliveries WHERE dedupe_key = 'mail:test-event-1'").fetch_one(&app.db).await.unwrap();
    // The same delivery's job, queued again and again (a retry, a sweep, a second node).
    for _ in 0..3 {
        let mut tx = app.db.begin().await.unwrap();
        takeone::jobs::enqueue(&mut tx, &[takeone::jobs::DeliverMail { delivery_id: delivery }]).await.unwrap();
        tx.commit().await.unwrap();
    }
    wait_for_mail(&app, "sara@talent.sa", "محجوز").await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let booked: Vec<_> = mails_to(&app, "sara@talent.sa").await.into_iter().filter(|m| m.mail.subject.contains("محجوز")).collect();
    assert_eq!(booked.len(), 1, "one mail for one event");
    let n: i64 =
        sqlx::query_scalar("SELECT count(*) FROM notifications WHERE dedupe_key = 'test-event-1'").fetch_one(&app.db).await.unwrap();
    assert_eq!(n, 1);
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM apalis.jobs WHERE job_type = 'takeone.mail' AND status NOT IN ('Done')")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(left, 0, "every job finished");
}

#[tokio::test]
async fn over_smtp_mail_is_delivered_retried_after_a_temporary_refusal_and_given_up_on_a_permanent_one() {
    let smtp = StandIn::start().await;
    let app = TestApp::spawn_with_vars(vec![
        ("TAKEONE_SMTP_URL", format!("smtp://mailer:s3cret@127.0.0.1:{}", smtp.port)),
        ("TAKEONE_MAIL_FROM", "TakeOne <no-reply@takeone.sa>".into()),
    ])
    .await;
    smtp.fail_next.store(1, Ordering::SeqCst);
    signed_up(&app, "talent", "سارة", "sara@talent.sa", "").await;
    // The first attempt is refused (451); the job waits and tries again. Hurry the wait along.
    for _ in 0..100 {
        if smtp.fail_next.load(Ordering::SeqCst) == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    for _ in 0..50 {
        let status: String =
            sqlx::query_scalar("SELECT status FROM email_deliveries WHERE to_address = 'sara@talent.sa'").fetch_one(&app.db).await.unwrap();
        if status == "pending" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    sqlx::query("UPDATE apalis.jobs SET run_at = now() WHERE job_type = 'takeone.mail'").execute(&app.db).await.unwrap();
    let mut got = vec![];
    for _ in 0..100 {
        got = smtp.received();
        if !got.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(got.len(), 1, "delivered once, on the second attempt");
    let m = &got[0];
    assert_eq!(m.from, "no-reply@takeone.sa");
    assert_eq!(m.to, ["sara@talent.sa"]);
    assert_eq!(m.helo, "takeone.sa");
    assert!(m.auth.is_some(), "it authenticated");
    let subject = header(&m.data, "Subject").map(|s| decode_header(&s)).unwrap();
    assert_eq!(subject, app::i18n::translate(Locale::Ar, "mail-verify-email-subject", &[]));
    assert!(m.data.contains("Message-ID: <"), "{}", m.data);
    assert!(m.data.contains("multipart/alternative"));
    let (status, attempts): (String, i32) =
        sqlx::query_as("SELECT status, attempts FROM email_deliveries WHERE to_address = 'sara@talent.sa'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!((status.as_str(), attempts), ("sent", 2));

    // A mailbox that does not exist: given up at once, shown to administrators, retried by hand.
    signed_up(&app, "talent", "Bounce", "bounce@talent.sa", "").await;
    let mut failed = false;
    for _ in 0..100 {
        let s: String = sqlx::query_scalar("SELECT status FROM email_deliveries WHERE to_address = 'bounce@talent.sa'")
            .fetch_one(&app.db)
            .await
            .unwrap();
        if s == "failed" {
            failed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(failed, "a permanent refusal is not retried forever");
    let mut admin = admin(&app, "admin@takeone.sa").await;
    let (_, html) = admin.get("/ar/admin/mail").await;
    let row = "tr[data-status=failed] button";
    assert_eq!(texts(&html, row).len(), 1, "the failed mail has a retry button");
    let id: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM email_deliveries WHERE to_address = 'bounce@talent.sa'").fetch_one(&app.db).await.unwrap();
    let res = admin.post_form("/api/fn/retry_mail", &[("lang_code", "ar"), ("delivery_id", &id.to_string())]).await;
    assert!(res.status().is_redirection());
    let attempts: i32 =
        sqlx::query_scalar("SELECT attempts FROM email_deliveries WHERE id = $1").bind(id).fetch_one(&app.db).await.unwrap();
    assert!(attempts <= 1, "all its attempts given back");
}

#[tokio::test]
async fn password_reset_links_are_single_use_hashed_at_rest_and_end_other_sessions() {
    let app = TestApp::spawn().await;
    let mut old_session = signed_up(&app, "talent", "سارة", "sara@talent.sa", "").await;
    let mut forgetful = app.browser();
    let res = forgetful.post_form("/api/fn/forgot_password", &[("lang_code", "ar"), ("form[email]", "sara@talent.sa")]).await;
    assert_eq!(location(&res), "/ar/forgot-password?sent=1");
    let res = forgetful.post_form("/api/fn/forgot_password", &[("lang_code", "ar"), ("form[email]", "nobody@talent.sa")]).await;
    assert_eq!(location(&res), "/ar/forgot-password?sent=1", "the same answer for an unknown address");
    let mail = wait_for_mail(&app, "sara@talent.sa", "reset-password?token=").await;
    let token = link_token(&mail.mail.text);
    assert!(token.len() >= 43);

    // Nothing stored holds the token itself.
    let dump: String = sqlx::query_scalar(
        "SELECT coalesce(string_agg(t::text, ' '), '') FROM (SELECT row_to_json(x)::text AS t FROM user_tokens x UNION ALL SELECT row_to_json(d)::text FROM email_deliveries d) s",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert!(!dump.contains(&token), "the token is not at rest anywhere");
    let hashed: i64 = sqlx::query_scalar("SELECT count(*) FROM user_tokens WHERE token_hash = sha256(convert_to($1, 'UTF8'))")
        .bind(&token)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(hashed, 1, "only its SHA-256 is kept");

    let (_, page) = forgetful.get(&format!("/ar/reset-password?token={token}")).await;
    assert_eq!(texts(&page, "input[name='form[password]']").len(), 1);
    let res =
        forgetful.post_form("/api/fn/reset_password", &[("lang_code", "ar"), ("form[token]", &token), ("form[password]", "short")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "the password rules still hold");
    let res = forgetful
        .post_form("/api/fn/reset_password", &[("lang_code", "ar"), ("form[token]", &token), ("form[password]", "نخلة-جديدة-٢٠٢٧")])
        .await;
    assert_eq!(location(&res), "/ar/account?reset=1");
    let res = forgetful
        .post_form("/api/fn/reset_password", &[("lang_code", "ar"), ("form[token]", &token), ("form[password]", "another-one-2027")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "used once");
    assert_eq!(old_session.get("/ar/account").await.0, StatusCode::UNAUTHORIZED, "the other session ended");
    assert_eq!(app.browser().login("sara@talent.sa", "نخلة-جديدة-٢٠٢٧").await.status(), StatusCode::FOUND);

    let res = forgetful.post_form("/api/fn/forgot_password", &[("lang_code", "ar"), ("form[email]", "sara@talent.sa")]).await;
    assert!(res.status().is_redirection());
    for _ in 0..100 {
        let n = mails_to(&app, "sara@talent.sa").await.into_iter().filter(|m| m.mail.text.contains("reset-password?token=")).count();
        if n == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    sqlx::query("UPDATE user_tokens SET expires_at = now() - interval '1 second' WHERE purpose = 'password_reset' AND used_at IS NULL")
        .execute(&app.db)
        .await
        .unwrap();
    let latest: Vec<_> =
        mails_to(&app, "sara@talent.sa").await.into_iter().filter(|m| m.mail.text.contains("reset-password?token=")).collect();
    let expired_token = link_token(&latest[0].mail.text);
    let (_, page) = forgetful.get(&format!("/ar/reset-password?token={expired_token}")).await;
    assert!(texts(&page, "input[name='form[password]']").is_empty(), "an expired link offers no form");
}

#[tokio::test]
async fn the_address_is_verified_with_the_mailed_link_once() {
    let app = TestApp::spawn().await;
    let mut b = app.browser();
    b.register("hirer", "ريم", "reem@nakhla.sa", "نخلة").await;
    let (_, html) = b.get("/ar/account").await;
    assert_eq!(texts(&html, ".notice-warning:not(.verify-banner)").len(), 1, "asked to confirm");
    assert_eq!(texts(&html, ".verify-banner").len(), 1, "and the banner says so on every page");
    let mail = wait_for_mail(&app, "reem@nakhla.sa", "verify-email?token=").await;
    let token = link_token(&mail.mail.text);
    let (status, _) = b.get(&format!("/ar/verify-email?token={token}")).await;
    assert_eq!(status, StatusCode::OK, "opening the link changes nothing by itself");
    let verified: bool = sqlx::query_scalar("SELECT email_verified_at IS NOT NULL FROM users WHERE email = 'reem@nakhla.sa'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(!verified);
    let res = b.post_form("/api/fn/verify_email", &[("lang_code", "ar"), ("token", &token)]).await;
    assert_eq!(location(&res), "/ar/account?verified=1");
    let (_, html) = b.get("/ar/account").await;
    assert!(texts(&html, ".notice-warning").is_empty());
    let res = b.post_form("/api/fn/verify_email", &[("lang_code", "ar"), ("token", &token)]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "a link works once");
}
