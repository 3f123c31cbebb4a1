//! A call's life outside the form: review of a new organization's first calls, expiry by the
//! scheduler, reminders before it, and reports that end in a suspension.

use crate::common::{world::*, *};
use reqwest::StatusCode;
use takeone::casting::CastingCalls;

fn in_list(html: &str, call: &str) -> bool {
    html.contains(&format!("/casting-calls/{call}\""))
}

#[tokio::test]
async fn an_unverified_organizations_first_calls_wait_for_review() {
    let app = TestApp::spawn().await;
    let mut hirer = signed_up(&app, "hirer", "ريم", "new@studio.sa", "استوديو جديد").await;
    let mut visitor = app.browser();
    let mut ids = vec![];
    for title in ["أول إعلان", "ثاني إعلان", "ثالث إعلان"] {
        let res = hirer.post_owned("/api/fn/save_call", &call_form("", title, "publish")).await;
        assert_eq!(res.status(), StatusCode::FOUND);
        ids.push(id_from(&location(&res)));
        if ids.len() == 2 {
            break;
        }
    }
    let status: String =
        sqlx::query_scalar("SELECT status FROM casting_calls WHERE id = $1::uuid").bind(&ids[0]).fetch_one(&app.db).await.unwrap();
    assert_eq!(status, "pending_review");
    assert_eq!(visitor.get(&format!("/ar/casting-calls/{}", ids[0])).await.0, StatusCode::NOT_FOUND, "not public");
    let (_, html) = hirer.get(&format!("/ar/casting-calls/{}", ids[0])).await;
    assert_eq!(texts(&html, ".notice-warning").len(), 1, "the hirer is told it is in review");
    // Pressing publish again does not get past the review.
    let res = hirer.post_owned("/api/fn/save_call", &call_form(&ids[0], "أول إعلان", "publish")).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let status: String =
        sqlx::query_scalar("SELECT status FROM casting_calls WHERE id = $1::uuid").bind(&ids[0]).fetch_one(&app.db).await.unwrap();
    assert_eq!(status, "pending_review");

    let mut admin = admin(&app, "admin@takeone.sa").await;
    let (_, queue) = admin.get("/ar/admin/review").await;
    assert_eq!(texts(&queue, "li[data-call]").len(), 2);
    let res = admin
        .post_form("/api/fn/review_call", &[("lang_code", "ar"), ("call_id", &ids[0]), ("form[decision]", "approve"), ("form[note]", "")])
        .await;
    assert!(res.status().is_redirection());
    let res = admin
        .post_form(
            "/api/fn/review_call",
            &[("lang_code", "ar"), ("call_id", &ids[1]), ("form[decision]", "reject"), ("form[note]", "ينقصها الأجر")],
        )
        .await;
    assert!(res.status().is_redirection());
    let res = admin
        .post_form("/api/fn/review_call", &[("lang_code", "ar"), ("call_id", &ids[1]), ("form[decision]", "approve"), ("form[note]", "")])
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "a rejected call goes back to its hirer, not straight to the public");
    let (status, _) = visitor.get(&format!("/ar/casting-calls/{}", ids[0])).await;
    assert_eq!(status, StatusCode::OK, "approved: public");
    let audit: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_events WHERE event_type = 'CastingCallReviewed'").fetch_one(&app.db).await.unwrap();
    assert_eq!(audit, 2);
    let res = hirer
        .post_form("/api/fn/review_call", &[("lang_code", "ar"), ("call_id", &ids[1]), ("form[decision]", "approve"), ("form[note]", "")])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a hirer cannot approve their own call");

    // After two approvals the organization is trusted.
    let res = hirer.post_owned("/api/fn/save_call", &call_form("", "ثالث إعلان", "publish")).await;
    let third = id_from(&location(&res));
    admin
        .post_form("/api/fn/review_call", &[("lang_code", "ar"), ("call_id", &third), ("form[decision]", "approve"), ("form[note]", "")])
        .await;
    let res = hirer.post_owned("/api/fn/save_call", &call_form("", "رابع إعلان", "publish")).await;
    let fourth = id_from(&location(&res));
    let status: String =
        sqlx::query_scalar("SELECT status FROM casting_calls WHERE id = $1::uuid").bind(&fourth).fetch_one(&app.db).await.unwrap();
    assert_eq!(status, "active", "trusted after {} approved calls", takeone::organization::TRUSTED_AFTER_APPROVED_CALLS);
}

#[tokio::test]
async fn the_scheduler_closes_calls_after_their_deadline_and_reminds_hirers_before() {
    // Every second, so the test sees the real schedule run.
    let app =
        TestApp::spawn_configured(&[("TAKEONE_CRON_EXPIRE_CALLS", "* * * * * *"), ("TAKEONE_CRON_EXPIRY_REMINDERS", "* * * * * *")]).await;
    let w = World::build(&app).await;
    sqlx::query("UPDATE casting_calls SET deadline = now() + interval '30 hours' WHERE id = $1::uuid")
        .bind(&w.call)
        .execute(&app.db)
        .await
        .unwrap();
    let mail = wait_for_mail(&app, "hirer@nakhla.sa", "تُغلق قريباً").await;
    assert!(mail.mail.text.contains(&format!("/ar/hirer/calls/{}/edit", w.call)));
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let reminders: i64 =
        sqlx::query_scalar("SELECT count(*) FROM email_deliveries WHERE kind = 'call_expiring'").fetch_one(&app.db).await.unwrap();
    assert_eq!(reminders, 1, "reminded once, however often the schedule runs");

    sqlx::query("UPDATE casting_calls SET deadline = now() - interval '1 second' WHERE id = $1::uuid")
        .bind(&w.call)
        .execute(&app.db)
        .await
        .unwrap();
    let mut closed = false;
    for _ in 0..50 {
        let (status, reason): (String, Option<String>) =
            sqlx::query_as("SELECT status, closed_reason FROM casting_calls WHERE id = $1::uuid")
                .bind(&w.call)
                .fetch_one(&app.db)
                .await
                .unwrap();
        if status == "closed" {
            assert_eq!(reason.as_deref(), Some("expired"));
            closed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(closed, "the expiry job closed the call");
    let mut visitor = app.browser();
    let (status, html) = visitor.get(&format!("/ar/casting-calls/{}", w.call)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(plain(&html).contains(&app::i18n::translate(takeone::Locale::Ar, "call-expired-notice", &[])), "it says it expired");
    let audit: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_events WHERE event_type = 'CastingCallExpired'").fetch_one(&app.db).await.unwrap();
    assert_eq!(audit, 1);
    // Running the job again (another node, the next tick) changes nothing.
    let again = CastingCalls::new(app.db.clone()).expire_due(time::OffsetDateTime::now_utc()).await.unwrap();
    assert!(again.is_empty());
}

#[tokio::test]
async fn a_reported_call_is_suspended_and_leaves_lists_and_the_sitemap_at_once() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let (mut talent, mut other, mut hirer, mut admin) = (w.talent, w.other_talent, w.hirer, w.admin);
    let report = |reason: &'static str, details: &'static str| -> Vec<(String, String)> {
        vec![
            ("lang_code".into(), "ar".into()),
            ("call_id".into(), w.call.clone()),
            ("form[reason]".into(), reason.into()),
            ("form[details]".into(), details.into()),
        ]
    };
    let res = talent.post_owned("/api/fn/report_call", &report("asks_payment", "short")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "a reason needs a few words");
    assert_eq!(
        talent.post_owned("/api/fn/report_call", &report("asks_payment", "يطلبون ٥٠٠ ريال رسوم تسجيل")).await.status(),
        StatusCode::FOUND
    );
    assert_eq!(talent.post_owned("/api/fn/report_call", &report("fake", "مرة أخرى للتأكيد")).await.status(), StatusCode::FOUND);
    assert_eq!(other.post_owned("/api/fn/report_call", &report("fake", "الشركة غير موجودة")).await.status(), StatusCode::FOUND);
    assert_eq!(hirer.post_owned("/api/fn/report_call", &report("fake", "تجربة بلاغ ذاتي")).await.status(), StatusCode::CONFLICT);
    let mut visitor = app.browser();
    assert_eq!(visitor.post_owned("/api/fn/report_call", &report("fake", "زائر بلا حساب")).await.status(), StatusCode::UNAUTHORIZED);
    let reports: i64 = sqlx::query_scalar("SELECT count(*) FROM reports").fetch_one(&app.db).await.unwrap();
    assert_eq!(reports, 2, "one report per person and call");

    let (_, queue) = admin.get("/ar/admin/reports").await;
    assert_eq!(texts(&queue, "li.report-group").len(), 1);
    assert_eq!(texts(&queue, "li.report").len(), 2);
    let (_, list) = visitor.get("/ar/casting-calls").await;
    assert!(in_list(&list, &w.call));
    let res = admin.post_form("/api/fn/suspend_call", &[("lang_code", "ar"), ("call_id", &w.call)]).await;
    assert!(res.status().is_redirection());
    let (_, list) = visitor.get("/ar/casting-calls").await;
    assert!(!in_list(&list, &w.call), "gone from the list at once");
    let sitemap = visitor.client.get(visitor.url("/sitemap.xml")).send().await.unwrap().text().await.unwrap();
    assert!(!sitemap.contains(&w.call), "and from the sitemap");
    assert_eq!(visitor.get(&format!("/ar/casting-calls/{}", w.call)).await.0, StatusCode::NOT_FOUND);
    let (_, page) = hirer.get(&format!("/ar/casting-calls/{}", w.call)).await;
    assert!(plain(&page).contains(&app::i18n::translate(takeone::Locale::Ar, "call-suspended-notice", &[])), "its hirer is told why");
    let res = hirer.post_owned("/api/fn/save_call", &call_form(&w.call, "محاولة", "publish")).await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "and cannot republish it");
    let (_, queue) = admin.get("/ar/admin/reports").await;
    assert!(texts(&queue, "li.report").is_empty(), "its reports are closed");
    let res = apply(&mut other, &w.call, &w.roles[1]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "and it takes no applications");

    // A report can also be dismissed.
    admin.post_form("/api/fn/reinstate_call", &[("lang_code", "ar"), ("call_id", &w.call)]).await;
    let (_, list) = visitor.get("/ar/casting-calls").await;
    assert!(in_list(&list, &w.call), "reinstated");
    let mut third = talent_with_profile(&app, "Noura", "noura@talent.sa", "1990-01-01", "hirers").await;
    third.post_owned("/api/fn/report_call", &report("expired", "انتهى التصوير منذ شهر")).await;
    let id: uuid::Uuid = sqlx::query_scalar("SELECT id FROM reports WHERE status = 'open'").fetch_one(&app.db).await.unwrap();
    let res = admin.post_form("/api/fn/dismiss_report", &[("lang_code", "ar"), ("report_id", &id.to_string())]).await;
    assert!(res.status().is_redirection());
    let events: Vec<String> = sqlx::query_scalar(
        "SELECT event_type FROM audit_events WHERE event_type IN ('CastingCallSuspended', 'CastingCallReinstated', 'ReportDismissed', 'CastingCallReported') ORDER BY created_at",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(
        events,
        [
            "CastingCallReported",
            "CastingCallReported",
            "CastingCallSuspended",
            "CastingCallReinstated",
            "CastingCallReported",
            "ReportDismissed"
        ]
    );
}

#[tokio::test]
async fn a_role_with_applications_cannot_be_removed_from_its_call() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let mut hirer = w.hirer;
    let mut form = call_form(&w.call, "إعلان رمضان في جدة", "save");
    form.retain(|(k, _)| !k.starts_with("form[roles][1]"));
    let res = hirer.post_owned("/api/fn/save_call", &form).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = res.text().await.unwrap();
    assert_eq!(texts(&html, ".form-error").len(), 1, "the hirer is told why");
    assert_eq!(role_ids(&app, &w.call).await.len(), 2, "and nothing was removed");
}
