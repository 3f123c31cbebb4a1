//! Hirer organizations: their profile with validated fields, members invited by e-mail, and
//! the dashboard of calls and applications per status.

use crate::common::{world::*, *};
use reqwest::StatusCode;

fn org_form(name_ar: &str, cr: &str, website: &str) -> Vec<(String, String)> {
    [
        ("lang_code", "ar"),
        ("form[name_ar]", name_ar),
        ("form[name_en]", "Nakhla Studio"),
        ("form[kind]", "production_company"),
        ("form[city]", "riyadh"),
        ("form[website]", website),
        ("form[commercial_registration]", cr),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

#[tokio::test]
async fn the_owner_edits_the_organization_and_bad_fields_are_named() {
    let app = TestApp::spawn().await;
    let mut owner = signed_up(&app, "hirer", "ريم", "reem@nakhla.sa", "استوديو نخلة").await;
    let res = owner.post_owned("/api/fn/save_organization", &org_form("Nakhla", "12345", "javascript:alert(1)")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    for field in ["name_ar", "commercial_registration", "website"] {
        assert_eq!(texts(&html, &format!("#{field}-error")).len(), 1, "{field} is named");
    }
    assert_eq!(attr(&html, "input[name='form[commercial_registration]']", "value").as_deref(), Some("12345"), "typed values stay");
    let res = owner.post_owned("/api/fn/save_organization", &org_form("استوديو نخلة", "١٠١٠ ١٢٣ ٤٥٦", "nakhla.sa")).await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let (cr, site): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT commercial_registration, website FROM organizations WHERE name_en = 'Nakhla Studio'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!((cr.as_deref(), site.as_deref()), (Some("1010123456"), Some("https://nakhla.sa")));

    let mut rival = signed_up(&app, "hirer", "Omar", "omar@other.sa", "Other Films").await;
    let res = rival.post_owned("/api/fn/save_organization", &org_form("شركة أخرى", "1010123456", "")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "a registration number belongs to one organization");
    assert_eq!(texts(&res.text().await.unwrap(), "#commercial_registration-error").len(), 1);
}

#[tokio::test]
async fn a_colleague_is_invited_signs_up_into_the_organization_and_can_be_removed() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let mut owner = w.hirer;
    let res = owner.post_form("/api/fn/invite_member", &[("lang_code", "ar"), ("form[email]", "nasser@nakhla.sa")]).await;
    assert!(res.status().is_redirection());
    let res = owner.post_form("/api/fn/invite_member", &[("lang_code", "ar"), ("form[email]", "hirer@nakhla.sa")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "already a member");
    let mail = wait_for_mail(&app, "nasser@nakhla.sa", "join?token=").await;
    assert!(mail.mail.subject.contains("استوديو نخلة"), "{}", mail.mail.subject);
    let token = link_token(&mail.mail.text);

    let mut colleague = app.browser();
    let (status, page) = colleague.get(&format!("/ar/join?token={token}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(attr(&page, "input[name='form[invitation]']", "value").as_deref(), Some(token.as_str()));
    let res = colleague
        .post_form(
            "/api/fn/register",
            &[
                ("lang_code", "ar"),
                ("form[name]", "ناصر"),
                ("form[email]", "someone.else@nakhla.sa"),
                ("form[password]", PASSWORD),
                ("form[role]", "hirer"),
                ("form[invitation]", &token),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "the invitation is for its address");
    let res = colleague
        .post_form(
            "/api/fn/register",
            &[
                ("lang_code", "ar"),
                ("form[name]", "ناصر"),
                ("form[email]", "nasser@nakhla.sa"),
                ("form[password]", PASSWORD),
                ("form[role]", "hirer"),
                ("form[invitation]", &token),
            ],
        )
        .await;
    assert_eq!(location(&res), "/ar/hirer");
    let orgs: i64 = sqlx::query_scalar("SELECT count(*) FROM organizations").fetch_one(&app.db).await.unwrap();
    assert_eq!(orgs, 2, "no new organization for an invited hirer");

    // A member sees the organization's work and may post, but not edit the organization.
    let (_, sheet) = colleague.get(&format!("/ar/hirer/calls/{}/roles/{}", w.call, w.roles[0])).await;
    assert_eq!(texts(&sheet, "table.worksheet tbody tr").len(), 1);
    let res = colleague.post_owned("/api/fn/save_organization", &org_form("اسم آخر", "", "")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "only the owner edits the organization");
    let (_, settings) = colleague.get("/ar/hirer/organization").await;
    assert!(texts(&settings, "form input[name='form[name_ar]']").is_empty(), "and is not offered the form");

    let member: uuid::Uuid = sqlx::query_scalar("SELECT id FROM users WHERE email = 'nasser@nakhla.sa'").fetch_one(&app.db).await.unwrap();
    let res = owner.post_form("/api/fn/remove_member", &[("lang_code", "ar"), ("member", &member.to_string())]).await;
    assert!(res.status().is_redirection());
    assert_eq!(
        colleague.get(&format!("/ar/hirer/calls/{}/roles/{}", w.call, w.roles[0])).await.0,
        StatusCode::NOT_FOUND,
        "a removed member sees nothing"
    );
    let audit: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_events WHERE event_type IN ('OrganizationMemberInvited', 'OrganizationMemberRemoved')",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(audit, 2);
}

#[tokio::test]
async fn the_dashboard_counts_calls_and_applications_per_status() {
    let app = TestApp::spawn().await;
    let mut w = World::build(&app).await;
    move_to(&app, &mut w.hirer, &w.application, "shortlisted").await;
    let res = w.hirer.post_owned("/api/fn/save_call", &call_form("", "مسودة", "draft")).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let (status, html) = w.hirer.get("/ar/hirer").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&html, "[data-call-status=active] .stat-n"), ["1"]);
    assert_eq!(texts(&html, "[data-call-status=draft] .stat-n"), ["1"]);
    assert_eq!(texts(&html, "[data-app-status=shortlisted] .stat-n"), ["1"]);
    assert_eq!(texts(&html, "[data-app-status=submitted] .stat-n"), ["1"], "the approved minor's application");
    assert_eq!(texts(&html, "table.dashboard-table tbody tr").len(), 2);
    let (_, json) = w.other_hirer.get_fn("hirer_dashboard", &[]).await;
    assert_eq!(json["calls"].as_array().map(|a| a.len()), Some(0), "another organization sees only its own");
}
