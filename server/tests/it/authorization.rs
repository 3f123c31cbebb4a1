//! One walk over every page, server function and API route, as each kind of person: who may
//! reach what. The routes are read from the application itself, so a new route without a rule
//! here fails this test.
//!
//! "Allowed" means the request got past authorization: any answer but 401, 403 or 404 (a 409
//! or 422 is a rule or form refusing, after the person was let in). "Denied" is 401, 403 or 404
//! (404 where saying "forbidden" would tell that the thing exists). Nobody ever gets a 5xx.

use crate::common::{world::*, *};
use reqwest::StatusCode;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum P {
    Anonymous,
    Talent,
    OtherTalent,
    Guardian,
    Hirer,
    OtherHirer,
    Admin,
}
use P::*;

const EVERYONE: &[P] = &[Anonymous, Talent, OtherTalent, Guardian, Hirer, OtherHirer, Admin];
const SIGNED_IN: &[P] = &[Talent, OtherTalent, Guardian, Hirer, OtherHirer, Admin];
const TALENT: &[P] = &[Talent, OtherTalent];
const HIRERS: &[P] = &[Hirer, OtherHirer];
const THE_HIRER: &[P] = &[Hirer, Admin];
const ADMIN: &[P] = &[Admin];
const TALENT_ONLY: &[P] = &[Talent];

/// (route as the router names it, method, concrete request, who is allowed)
type Rule = (&'static str, &'static str, &'static str, &'static [P]);

/// Placeholders in braces are filled from the fixtures. For POST, the request's query string
/// is the form body.
const RULES: &[Rule] = &[
    // Pages.
    ("/{lang}", "GET", "/ar", EVERYONE),
    ("/{lang}/", "GET", "/ar/", EVERYONE),
    ("/{lang}/casting-calls", "GET", "/ar/casting-calls", EVERYONE),
    ("/{lang}/casting-calls/{id}", "GET", "/ar/casting-calls/{call}", EVERYONE),
    ("/{lang}/register", "GET", "/ar/register", EVERYONE),
    ("/{lang}/login", "GET", "/ar/login", EVERYONE),
    ("/{lang}/forgot-password", "GET", "/ar/forgot-password", EVERYONE),
    ("/{lang}/reset-password", "GET", "/ar/reset-password?token=unknown", EVERYONE),
    ("/{lang}/verify-email", "GET", "/ar/verify-email?token=unknown", EVERYONE),
    ("/{lang}/account", "GET", "/ar/account", SIGNED_IN),
    ("/{lang}/notifications", "GET", "/ar/notifications", SIGNED_IN),
    ("/{lang}/profile", "GET", "/ar/profile", TALENT),
    ("/{lang}/profile/media", "GET", "/ar/profile/media", TALENT),
    ("/{lang}/admin/media", "GET", "/ar/admin/media", ADMIN),
    ("/{lang}/plans", "GET", "/ar/plans", EVERYONE),
    ("/{lang}/account/billing", "GET", "/ar/account/billing", SIGNED_IN),
    // A checkout and an invoice are their payer's alone (payments.rs); nobody here has one.
    ("/{lang}/billing/return", "GET", "/ar/billing/return?checkout=00000000-0000-4000-8000-000000000000", &[]),
    ("/{lang}/account/billing/invoices/{id}", "GET", "/ar/account/billing/invoices/00000000-0000-4000-8000-000000000000", &[]),
    ("/{lang}/talent/{id}", "GET", "/ar/talent/{talent_profile}", &[Talent, Hirer, OtherHirer, Admin]),
    ("/{lang}/casting-calls/{id}/roles/{role_id}/apply", "GET", "/ar/casting-calls/{call}/roles/{role}/apply", TALENT),
    ("/{lang}/applications", "GET", "/ar/applications", &[Talent, OtherTalent, Guardian]),
    ("/{lang}/applications/{id}", "GET", "/ar/applications/{application}", &[Talent, Hirer, Admin]),
    ("/{lang}/guardian/accept", "GET", "/ar/guardian/accept?token={guardian_token}", EVERYONE),
    ("/{lang}/search", "GET", "/ar/search?q=%D9%85%D9%85%D8%AB%D9%84", EVERYONE),
    ("/{lang}/talent-search", "GET", "/ar/talent-search?q=%D9%85%D9%85%D8%AB%D9%84", HIRERS),
    ("/{lang}/saved-searches", "GET", "/ar/saved-searches", SIGNED_IN),
    ("/{lang}/admin/search", "GET", "/ar/admin/search", ADMIN),
    ("/{lang}/admin/billing", "GET", "/ar/admin/billing?q=talent", ADMIN),
    ("/{lang}/hirer", "GET", "/ar/hirer", HIRERS),
    ("/{lang}/hirer/calls", "GET", "/ar/hirer/calls", HIRERS),
    ("/{lang}/hirer/calls/new", "GET", "/ar/hirer/calls/new", HIRERS),
    ("/{lang}/hirer/calls/{id}/edit", "GET", "/ar/hirer/calls/{call}/edit", THE_HIRER),
    ("/{lang}/hirer/calls/{id}/roles/{role_id}", "GET", "/ar/hirer/calls/{call}/roles/{role}", THE_HIRER),
    ("/{lang}/hirer/organization", "GET", "/ar/hirer/organization", HIRERS),
    ("/{lang}/join", "GET", "/ar/join?token={org_token}", EVERYONE),
    ("/{lang}/shortlist/{token}", "GET", "/ar/shortlist/{shortlist}", EVERYONE),
    ("/{lang}/admin", "GET", "/ar/admin", ADMIN),
    ("/{lang}/admin/reports", "GET", "/ar/admin/reports", ADMIN),
    ("/{lang}/admin/review", "GET", "/ar/admin/review", ADMIN),
    ("/{lang}/admin/organizations", "GET", "/ar/admin/organizations", ADMIN),
    ("/{lang}/admin/mail", "GET", "/ar/admin/mail", ADMIN),
    ("/{lang}/admin/twin/sources", "GET", "/ar/admin/twin/sources", ADMIN),
    ("/{lang}/admin/twin/queue", "GET", "/ar/admin/twin/queue", ADMIN),
    ("/{lang}/admin/twin/queue/{id}", "GET", "/ar/admin/twin/queue/{candidate}", ADMIN),
    // The REST API.
    ("/api/v1/casting-calls", "GET", "/api/v1/casting-calls", EVERYONE),
    ("/api/v1/casting-calls/{id}", "GET", "/api/v1/casting-calls/{call}", EVERYONE),
    ("/api/v1/admin/digital-twin/sources", "GET", "/api/v1/admin/digital-twin/sources", ADMIN),
    ("/api/v1/admin/digital-twin/sources", "POST", "/api/v1/admin/digital-twin/sources?type=WEB", ADMIN),
    ("/api/v1/admin/digital-twin/sources/{id}", "GET", "/api/v1/admin/digital-twin/sources/{source}", ADMIN),
    ("/api/v1/admin/digital-twin/sources/{id}", "PUT", "/api/v1/admin/digital-twin/sources/{source}?name=x", ADMIN),
    ("/api/v1/admin/digital-twin/sources/{id}", "DELETE", "/api/v1/admin/digital-twin/sources/{source_to_delete}", ADMIN),
    ("/api/v1/admin/digital-twin/sources/{id}/run", "POST", "/api/v1/admin/digital-twin/sources/{source}/run?", ADMIN),
    ("/api/v1/admin/digital-twin/sources/{id}/import", "POST", "/api/v1/admin/digital-twin/sources/{source}/import?not-an-export", ADMIN),
    // Media: the talent's ready headshot on a profile for hirers; the body of an upload is JSON,
    // so a form body is a 400 for whoever gets past authorization.
    ("/api/v1/media/uploads", "POST", "/api/v1/media/uploads?not-json", SIGNED_IN),
    ("/api/v1/media/{id}", "GET", "/api/v1/media/{asset}", &[Talent, Hirer, OtherHirer, Admin]),
    // An administrator may delete too; the owner's delete went first.
    ("/api/v1/media/{id}", "DELETE", "/api/v1/media/{asset_to_delete}", TALENT_ONLY),
    ("/api/v1/media/{id}/complete", "POST", "/api/v1/media/{asset}/complete?", TALENT_ONLY),
    // A photo has no playback and an unsigned stream address opens nothing, for anyone.
    ("/api/v1/media/{id}/playback", "GET", "/api/v1/media/{asset}/playback", &[]),
    ("/api/v1/media/{id}/stream/{segment}", "GET", "/api/v1/media/{asset}/stream/master.m3u8?v=anon&e=9999999999&s=x", &[]),
    ("/api/v1/media/{id}/renditions/{name}", "GET", "/api/v1/media/{asset}/renditions/thumb", &[Talent, Hirer, OtherHirer, Admin]),
    ("/api/v1/media/{id}/original", "GET", "/api/v1/media/{asset}/original", &[Talent, Admin]),
    // Signed by the transcoder, whoever sends it; without a configured secret there is none.
    ("/api/v1/media/callbacks/transcode", "POST", "/api/v1/media/callbacks/transcode?{}", &[]),
    ("/api/v1/billing/plans", "GET", "/api/v1/billing/plans", EVERYONE),
    ("/api/v1/billing/payment-intents", "POST", "/api/v1/billing/payment-intents?{}", SIGNED_IN),
    ("/api/v1/billing/subscriptions", "GET", "/api/v1/billing/subscriptions", SIGNED_IN),
    // The gateway's: its secret_token, not a session (no secret here: refused for everyone).
    ("/api/v1/billing/invoices/{id}/pdf", "GET", "/api/v1/billing/invoices/{invoice}/pdf", &[Talent, Admin]),
    ("/api/v1/billing/moyasar/webhooks", "POST", "/api/v1/billing/moyasar/webhooks?{}", &[]),
    // Carries no secret and changes nothing by itself: it only prompts a read-back.
    ("/api/v1/billing/moyasar/invoice-callback", "POST", "/api/v1/billing/moyasar/invoice-callback?{}", EVERYONE),
    // Server functions that read.
    ("/api/fn/get_current_user", "GET", "/api/fn/get_current_user", EVERYONE),
    ("/api/fn/latest_calls", "GET", "/api/fn/latest_calls", EVERYONE),
    ("/api/fn/list_calls", "GET", "/api/fn/list_calls?city=&gender=&paid=&page=", EVERYONE),
    ("/api/fn/get_call", "GET", "/api/fn/get_call?id={call}", EVERYONE),
    ("/api/fn/call_for_edit", "GET", "/api/fn/call_for_edit?id={call}", THE_HIRER),
    ("/api/fn/reset_link_valid", "GET", "/api/fn/reset_link_valid?token=unknown", EVERYONE),
    ("/api/fn/unread_count", "GET", "/api/fn/unread_count", EVERYONE),
    ("/api/fn/notifications", "GET", "/api/fn/notifications", SIGNED_IN),
    ("/api/fn/my_profile", "GET", "/api/fn/my_profile", TALENT),
    ("/api/fn/get_talent", "GET", "/api/fn/get_talent?id={talent_profile}", &[Talent, Hirer, OtherHirer, Admin]),
    ("/api/fn/guardian_invitation", "GET", "/api/fn/guardian_invitation?token={guardian_token}", EVERYONE),
    ("/api/fn/apply_form", "GET", "/api/fn/apply_form?call_id={call}&role_id={role}", TALENT),
    ("/api/fn/my_applications", "GET", "/api/fn/my_applications", &[Talent, OtherTalent, Guardian]),
    ("/api/fn/get_application", "GET", "/api/fn/get_application?id={application}", &[Talent, Hirer, Admin]),
    ("/api/fn/hirer_dashboard", "GET", "/api/fn/hirer_dashboard", HIRERS),
    ("/api/fn/organization_settings", "GET", "/api/fn/organization_settings", HIRERS),
    ("/api/fn/organization_invitation", "GET", "/api/fn/organization_invitation?token={org_token}", EVERYONE),
    ("/api/fn/role_worksheet", "GET", "/api/fn/role_worksheet?call_id={call}&role_id={role}", THE_HIRER),
    ("/api/fn/shortlist", "GET", "/api/fn/shortlist?token={shortlist}", EVERYONE),
    ("/api/fn/admin_reports", "GET", "/api/fn/admin_reports", ADMIN),
    ("/api/fn/review_queue", "GET", "/api/fn/review_queue", ADMIN),
    ("/api/fn/admin_organizations", "GET", "/api/fn/admin_organizations", ADMIN),
    ("/api/fn/admin_mail", "GET", "/api/fn/admin_mail", ADMIN),
    ("/api/fn/twin_sources", "GET", "/api/fn/twin_sources", ADMIN),
    ("/api/fn/twin_queue", "GET", "/api/fn/twin_queue", ADMIN),
    ("/api/fn/search", "GET", "/api/fn/search?target=calls&query=q%3D%D8%A5%D8%B9%D9%84%D8%A7%D9%86", EVERYONE),
    ("/api/fn/saved_searches", "GET", "/api/fn/saved_searches", SIGNED_IN),
    ("/api/fn/search_history", "GET", "/api/fn/search_history", SIGNED_IN),
    ("/api/fn/search_analytics", "GET", "/api/fn/search_analytics", ADMIN),
    ("/api/fn/twin_candidate", "GET", "/api/fn/twin_candidate?id={candidate}", ADMIN),
    // Server functions that change things.
    ("/api/fn/resend_verification", "POST", "lang_code=ar", SIGNED_IN),
    ("/api/fn/forgot_password", "POST", "lang_code=ar&form[email]=nobody@nowhere.sa", EVERYONE),
    ("/api/fn/mark_notifications_read", "POST", "lang_code=ar", SIGNED_IN),
    ("/api/fn/save_profile", "POST", "{profile_form}", TALENT),
    ("/api/fn/invite_guardian", "POST", "lang_code=ar&form[email]=someone@family.sa", TALENT),
    ("/api/fn/accept_guardian", "POST", "lang_code=ar&token={guardian_token}", SIGNED_IN),
    ("/api/fn/correct_birth_date", "POST", "lang_code=ar&profile_id={talent_profile}&form[date_of_birth]=2011-01-01", ADMIN),
    ("/api/fn/apply", "POST", "lang_code=ar&call_id={call}&role_id={role}&form[answers][0]=yes", TALENT),
    ("/api/fn/move_application", "POST", "lang_code=ar&id={application}&version={version}&to=shortlisted", &[Talent, Hirer, Admin]),
    ("/api/fn/add_note", "POST", "lang_code=ar&id={application}&form[body]=note", THE_HIRER),
    ("/api/fn/send_message", "POST", "lang_code=ar&id={application}&form[body]=hello", &[Talent, Hirer, Admin]),
    ("/api/fn/save_call", "POST", "{call_form}", THE_HIRER),
    ("/api/fn/report_call", "POST", "lang_code=ar&call_id={call}&form[reason]=fake&form[details]=looks+fake+to+me", SIGNED_IN),
    ("/api/fn/save_organization", "POST", "lang_code=ar&form[name_ar]=منشأة&form[kind]=agency", HIRERS),
    ("/api/fn/invite_member", "POST", "lang_code=ar&form[email]=colleague@studio.sa", HIRERS),
    ("/api/fn/accept_organization_invitation", "POST", "lang_code=ar&token={org_token}", SIGNED_IN),
    (
        "/api/fn/bulk_move",
        "POST",
        "lang_code=ar&call_id={call}&role_id={role}&form[to]=viewed&form[items][0]={application}:{version}",
        THE_HIRER,
    ),
    ("/api/fn/create_shortlist_link", "POST", "lang_code=ar&call_id={call}&role_id={role}&days=3", THE_HIRER),
    ("/api/fn/revoke_shortlist_link", "POST", "lang_code=ar&call_id={call}&role_id={role}&link_id={link}", THE_HIRER),
    ("/api/fn/remove_member", "POST", "lang_code=ar&member={member}", &[Hirer]),
    ("/api/fn/dismiss_report", "POST", "lang_code=ar&report_id={report}", ADMIN),
    ("/api/fn/retry_mail", "POST", "lang_code=ar&delivery_id={delivery}", ADMIN),
    ("/api/fn/verify_organization", "POST", "lang_code=ar&org_id={other_org}&verified=true", ADMIN),
    ("/api/fn/review_call", "POST", "lang_code=ar&call_id={call_in_review}&form[decision]=approve", ADMIN),
    ("/api/fn/suspend_call", "POST", "lang_code=ar&call_id={call_to_suspend}", ADMIN),
    ("/api/fn/reinstate_call", "POST", "lang_code=ar&call_id={call_to_suspend}", ADMIN),
    (
        "/api/fn/save_source",
        "POST",
        "lang_code=ar&source_id={source}&form[kind]=whatsapp&form[name]=Group&form[target]=120363000000000077@g.us&form[is_active]=true",
        ADMIN,
    ),
    ("/api/fn/run_source", "POST", "lang_code=ar&source_id={source}", ADMIN),
    ("/api/fn/retry_item", "POST", "lang_code=ar&item_id={failed_item}", ADMIN),
    ("/api/fn/delete_source", "POST", "lang_code=ar&source_id={source_to_delete_too}", ADMIN),
    ("/api/fn/reject_candidate", "POST", "lang_code=ar&id={candidate}&next=&form[reason]=not+a+call", ADMIN),
    ("/api/fn/merge_candidate", "POST", "lang_code=ar&id={candidate}&next=&form[into]={call}", ADMIN),
    ("/api/fn/approve_candidate", "POST", "lang_code=ar&id={candidate}&next=&form[title]=x", ADMIN),
    ("/api/fn/save_search", "POST", "lang_code=ar&target=calls&query=%3Fq%3Dx&form[name]=mine&form[frequency]=daily", SIGNED_IN),
    ("/api/fn/delete_saved_search", "POST", "lang_code=ar&id={saved_search}", TALENT_ONLY),
    ("/api/fn/my_media", "GET", "/api/fn/my_media", TALENT),
    ("/api/fn/plans_page", "GET", "/api/fn/plans_page", EVERYONE),
    ("/api/fn/billing_page", "GET", "/api/fn/billing_page", SIGNED_IN),
    ("/api/fn/confirm_checkout", "GET", "/api/fn/confirm_checkout?checkout=00000000-0000-4000-8000-000000000000", &[]),
    // The talent's own invoice: its buyer and admins.
    ("/api/fn/tax_invoice", "GET", "/api/fn/tax_invoice?id={invoice}", &[Talent, Admin]),
    // Nobody here pays: there is no subscription to stop renewing.
    ("/api/fn/set_auto_renew", "POST", "lang_code=ar&renew=false", &[]),
    ("/api/fn/start_trial", "POST", "lang_code=ar&plan=gold", SIGNED_IN),
    ("/api/fn/start_checkout", "POST", "lang_code=ar&form[plan]=gold&form[interval]=month&form[method]=mada", SIGNED_IN),
    ("/api/fn/application_tapes", "GET", "/api/fn/application_tapes?id={application}", &[Talent, Hirer, Admin]),
    ("/api/fn/talent_media", "GET", "/api/fn/talent_media?id={talent_profile}", EVERYONE),
    ("/api/fn/application_media", "GET", "/api/fn/application_media?id={application}", &[Talent, Hirer, Admin]),
    ("/api/fn/similar_photos", "GET", "/api/fn/similar_photos", ADMIN),
    ("/api/fn/admin_billing", "GET", "/api/fn/admin_billing?q=talent", ADMIN),
    // An invoice with no payment behind it: refused for the admin too, after the check.
    ("/api/fn/refund_invoice", "POST", "lang_code=ar&q=&form[invoice]=&form[amount]=", ADMIN),
    ("/api/fn/set_primary_media", "POST", "lang_code=ar&id={asset}", TALENT_ONLY),
    ("/api/fn/move_media", "POST", "lang_code=ar&id={asset}&up=true", TALENT_ONLY),
    ("/api/fn/delete_media", "POST", "lang_code=ar&id={asset_to_delete_too}", TALENT_ONLY),
    ("/api/fn/decide_similar_photo", "POST", "lang_code=ar&asset={asset}&similar={asset}&remove=false", ADMIN),
    ("/api/fn/bulk_decide", "POST", "lang_code=ar&form[decision]=reject&form[reason]=dup&form[ids][0]={candidate}", ADMIN),
    // Last: these change who the browser is signed in as.
    ("/api/fn/verify_email", "POST", "lang_code=ar&token=unknown", EVERYONE),
    ("/api/fn/reset_password", "POST", "lang_code=ar&form[token]=unknown&form[password]=long-enough-2026", EVERYONE),
    (
        "/api/fn/register",
        "POST",
        "lang_code=ar&form[name]=New&form[email]={fresh_email}&form[password]=long-enough-2026&form[role]=talent",
        EVERYONE,
    ),
    ("/api/fn/login", "POST", "lang_code=ar&form[email]=sara@talent.sa&form[password]=nakhla-riyadh-2026", EVERYONE),
    ("/api/fn/logout", "POST", "lang_code=ar", EVERYONE),
];

/// Every route the application serves, as its router names it.
fn discovered() -> BTreeSet<String> {
    let mut out: BTreeSet<String> = server::http::route_list().iter().map(|r| r.path().to_string()).collect();
    out.insert("/{lang}/".into()); // the home page's own route (see server::http::router)
    for (path, _) in server_fn::axum::server_fn_paths() {
        out.insert(path.to_string());
    }
    for r in takeone::routes::api::ALL {
        out.insert(format!("{}{r}", takeone::routes::api::PREFIX));
    }
    out
}

/// The router mounts every page `takeone::routes` names, and nothing else under a language.
#[test]
fn the_router_serves_exactly_the_named_pages() {
    let served: BTreeSet<String> =
        server::http::route_list().iter().map(|r| r.path().to_string()).filter(|p| p.starts_with("/{lang}")).collect();
    let named: BTreeSet<String> = takeone::routes::PATTERNS
        .iter()
        .map(|p| {
            // Leptos's `:id` as the route list writes it, `{id}`.
            let axum: Vec<String> =
                p.split('/').filter(|s| !s.is_empty()).map(|s| s.strip_prefix(':').map_or(s.to_string(), |n| format!("{{{n}}}"))).collect();
            std::iter::once("/{lang}".to_string()).chain(axum).collect::<Vec<_>>().join("/")
        })
        .collect();
    assert_eq!(served, named);
}

#[test]
fn every_route_has_a_rule() {
    let ruled: BTreeSet<String> = RULES.iter().map(|r| r.0.to_string()).collect();
    let found = discovered();
    let missing: Vec<_> = found.difference(&ruled).collect();
    let stale: Vec<_> = ruled.difference(&found).collect();
    assert!(missing.is_empty(), "routes without an authorization rule: {missing:?}");
    assert!(stale.is_empty(), "rules for routes that do not exist: {stale:?}");
}

#[tokio::test]
async fn everyone_reaches_exactly_what_they_may() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let mut fill: BTreeMap<&str, String> = BTreeMap::new();
    fill.insert("call", w.call.clone());
    fill.insert("role", w.roles[0].clone());
    fill.insert("application", w.application.clone());
    fill.insert("talent_profile", w.talent_profile.clone());
    let World { hirer, other_hirer, talent, other_talent, guardian, admin, .. } = w;
    let mut browsers: BTreeMap<P, Browser> = BTreeMap::from([
        (Anonymous, app.browser()),
        (Talent, talent),
        (OtherTalent, other_talent),
        (Guardian, guardian),
        (Hirer, hirer),
        (OtherHirer, other_hirer),
        (Admin, admin),
    ]);

    // Fixtures for the rules that change or need something of their own.
    let hirer = browsers.get_mut(&Hirer).unwrap();
    let res = hirer.post_owned("/api/fn/save_call", &call_form("", "يُوقف في الاختبار", "publish")).await;
    fill.insert("call_to_suspend", id_from(&location(&res)));
    let res = hirer
        .post_fn("create_shortlist_link", &[("lang_code", "ar"), ("call_id", &fill["call"]), ("role_id", &fill["role"]), ("days", "5")])
        .await;
    fill.insert("shortlist", res.json::<String>().await.unwrap());
    let talent = browsers.get_mut(&Talent).unwrap();
    let res = talent
        .post_form(
            "/api/fn/save_search",
            &[("lang_code", "ar"), ("target", "calls"), ("query", "?q=x"), ("form[name]", "mine"), ("form[frequency]", "daily")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FOUND, "the talent saves a search");
    let saved: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM saved_searches ORDER BY created_at LIMIT 1").fetch_one(&app.db).await.unwrap();
    // An invoice the talent was issued.
    let buyer: uuid::Uuid = sqlx::query_scalar("SELECT user_id FROM talent_profiles WHERE id = $1::uuid")
        .bind(&fill["talent_profile"])
        .fetch_one(&app.db)
        .await
        .unwrap();
    let seller =
        takeone::billing::invoice::Seller {
            name_ar: "تيك ون".into(), name_en: "TakeOne".into(), vat_number: "300000000000003".into()
        };
    let draft = takeone::billing::invoice::Draft {
        kind: takeone::billing::invoice::InvoiceKind::Invoice,
        refers_to: None,
        checkout: None,
        payment: None,
        buyer_user_id: Some(buyer),
        buyer_name: "Talent",
        plan: Some(takeone::billing::PlanId::TalentPro),
        description_ar: "برو".into(),
        description_en: "Pro".into(),
        total: takeone::money::Halalas(4_900),
    };
    let mut conn = app.db.acquire().await.unwrap();
    let invoice = takeone::billing::invoice::issue(&mut conn, &seller, draft, time::OffsetDateTime::now_utc()).await.unwrap();
    drop(conn);
    fill.insert("invoice", invoice.id.to_string());
    fill.insert("saved_search", saved.to_string());
    let hirer = browsers.get_mut(&Hirer).unwrap();
    let link: uuid::Uuid = sqlx::query_scalar("SELECT id FROM shortlist_links LIMIT 1").fetch_one(&app.db).await.unwrap();
    fill.insert("link", link.to_string());
    hirer.post_form("/api/fn/invite_member", &[("lang_code", "ar"), ("form[email]", "newbie@nakhla.sa")]).await;
    let invitation = wait_for_mail(&app, "newbie@nakhla.sa", "join?token=").await;
    fill.insert("org_token", link_token(&invitation.mail.text));
    let other = browsers.get_mut(&OtherHirer).unwrap();
    let res = other.post_owned("/api/fn/save_call", &call_form("", "Waiting for review", "publish")).await;
    fill.insert("call_in_review", id_from(&location(&res)));
    let other_org: uuid::Uuid = sqlx::query_scalar(
        "SELECT m.organization_id FROM organization_members m JOIN users u ON u.id = m.user_id WHERE u.email = 'omar@other.sa'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    fill.insert("other_org", other_org.to_string());
    // A member of the hirer's organization, for the owner to remove.
    let member = signed_up(&app, "hirer", "Member", "member@nakhla.sa", "Temporary").await;
    drop(member);
    let member: uuid::Uuid = sqlx::query_scalar("SELECT id FROM users WHERE email = 'member@nakhla.sa'").fetch_one(&app.db).await.unwrap();
    sqlx::query("DELETE FROM organizations WHERE id IN (SELECT organization_id FROM organization_members WHERE user_id = $1)")
        .bind(member)
        .execute(&app.db)
        .await
        .unwrap();
    sqlx::query("INSERT INTO organization_members (organization_id, user_id, member_role) SELECT organization_id, $1, 'member' FROM organization_members m JOIN users u ON u.id = m.user_id WHERE u.email = 'hirer@nakhla.sa'")
        .bind(member)
        .execute(&app.db)
        .await
        .unwrap();
    fill.insert("member", member.to_string());
    let reporter = browsers.get_mut(&OtherTalent).unwrap();
    reporter
        .post_form(
            "/api/fn/report_call",
            &[("lang_code", "ar"), ("call_id", &fill["call"]), ("form[reason]", "expired"), ("form[details]", "the shoot was last month")],
        )
        .await;
    let report: uuid::Uuid = sqlx::query_scalar("SELECT id FROM reports LIMIT 1").fetch_one(&app.db).await.unwrap();
    fill.insert("report", report.to_string());
    let delivery: uuid::Uuid = sqlx::query_scalar("UPDATE email_deliveries SET status = 'failed' WHERE id = (SELECT id FROM email_deliveries WHERE status = 'sent' LIMIT 1) RETURNING id")
        .fetch_one(&app.db)
        .await
        .unwrap();
    fill.insert("delivery", delivery.to_string());
    // A guardian invitation nobody here can accept (it is for another address).
    let token = "matrix-guardian-token-that-is-long-enough-00000";
    sqlx::query("INSERT INTO guardian_invitations (id, talent_profile_id, email, token_hash, expires_at) SELECT $1, id, 'aunt@family.sa', sha256(convert_to($2, 'UTF8')), now() + interval '1 day' FROM talent_profiles WHERE stage_name = 'يوسف'")
        .bind(uuid::Uuid::new_v4())
        .bind(token)
        .execute(&app.db)
        .await
        .unwrap();
    fill.insert("guardian_token", token.into());
    let profile: String = profile_form("سارة العتيبي", "1998-05-14", "female", "hirers")
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    fill.insert("profile_form", profile);
    let call: String = call_form(&fill["call"], "إعلان رمضان في جدة", "save")
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    fill.insert("call_form", call);

    // The Digital Twin: a WhatsApp source with a candidate and a failed item, two to delete.
    for (key, group) in [
        ("source", "120363000000000071@g.us"),
        ("source_to_delete", "120363000000000072@g.us"),
        ("source_to_delete_too", "120363000000000073@g.us"),
    ] {
        let id = uuid::Uuid::new_v4();
        sqlx::query("INSERT INTO ingestion_sources (id, kind, name, group_id) VALUES ($1, 'whatsapp', 'Group', $2)")
            .bind(id)
            .bind(group)
            .execute(&app.db)
            .await
            .unwrap();
        fill.insert(key, id.to_string());
    }
    let (item, failed, candidate) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    sqlx::query("INSERT INTO ingestion_items (id, source_id, external_id, text, status) VALUES ($1, $2::uuid, 'a', 'مطلوب ممثلين', 'candidate'), ($3, $2::uuid, 'b', 'مطلوب', 'failed')")
        .bind(item)
        .bind(&fill["source"])
        .bind(failed)
        .execute(&app.db)
        .await
        .unwrap();
    let extraction =
        serde_json::to_value(takeone::ingest::extraction::Extraction::not_a_call(takeone::ingest::extraction::Language::Ar)).unwrap();
    sqlx::query("INSERT INTO ingestion_candidates (id, item_id, source_id, extraction, content_hash, simhash) VALUES ($1, $2, $3::uuid, $4, 'h', 0)")
        .bind(candidate)
        .bind(item)
        .bind(&fill["source"])
        .bind(extraction)
        .execute(&app.db)
        .await
        .unwrap();
    fill.insert("candidate", candidate.to_string());
    fill.insert("failed_item", failed.to_string());

    // Media: the talent's headshot, made ready by hand (no scanner here), and one to delete.
    let talent = browsers.get_mut(&Talent).unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0".to_vec();
    png.resize(2048, 0);
    for key in ["asset", "asset_to_delete", "asset_to_delete_too"] {
        let body = serde_json::json!({ "filename": "me.png", "mimetype": "image/png", "size": png.len(), "purpose": "headshot" });
        let (status, t) = crate::media_api::announce(talent, body).await;
        assert_eq!(status, StatusCode::CREATED, "{t}");
        let id = t["assetId"].as_str().unwrap().to_string();
        assert_eq!(crate::media_api::put(t["uploadUrl"].as_str().unwrap(), &t["fields"], png.clone()).await, StatusCode::OK);
        fill.insert(key, id);
    }
    let (status, _) =
        crate::media_api::api(talent, reqwest::Method::POST, &format!("/api/v1/media/{}/complete", fill["asset"]), None).await;
    assert_eq!(status, StatusCode::OK);
    for _ in 0..300 {
        let s: String = sqlx::query_scalar("SELECT status FROM media_assets WHERE id = $1::uuid")
            .bind(&fill["asset"])
            .fetch_one(&app.db)
            .await
            .unwrap();
        if s == "unscanned" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    sqlx::query(
        "UPDATE media_assets SET status = 'ready', renditions = jsonb_build_object('thumb', 'assets/' || id || '/original') WHERE id = $1::uuid",
    )
    .bind(&fill["asset"])
    .execute(&app.db)
    .await
    .unwrap();
    sqlx::query("INSERT INTO media_similar_photos (asset_id, similar_id, distance) VALUES ($1::uuid, $1::uuid, 0)")
        .bind(&fill["asset"])
        .execute(&app.db)
        .await
        .unwrap();

    let mut wrong = vec![];
    for (route, method, request, allowed) in RULES {
        for (who, b) in browsers.iter_mut() {
            let mut concrete = request.to_string();
            fill.insert("version", version_of(&app, &fill["application"]).await);
            fill.insert("fresh_email", format!("fresh-{}@x.sa", uuid::Uuid::new_v4().simple()));
            for (k, v) in &fill {
                concrete = concrete.replace(&format!("{{{k}}}"), v);
            }
            let status = match *method {
                "GET" => {
                    let accept = if route.starts_with("/api/") { "application/json" } else { "text/html" };
                    b.client.get(b.url(&concrete)).header("accept", accept).send().await.unwrap().status()
                }
                _ => {
                    if b.csrf.is_empty() {
                        b.get("/ar/").await;
                    }
                    // A request that names its own path (the REST API) carries its body after `?`.
                    let (path, body) = match concrete.strip_prefix('/') {
                        Some(_) => {
                            let (p, q) = concrete.split_once('?').unwrap_or((concrete.as_str(), ""));
                            (p.to_string(), q.to_string())
                        }
                        None => (route.to_string(), format!("csrf_token={}&{concrete}", b.csrf)),
                    };
                    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
                    b.client
                        .request(method, b.url(&path))
                        .header("x-csrf-token", b.csrf.clone())
                        .header("accept", "application/json")
                        .header("content-type", "application/x-www-form-urlencoded")
                        .body(body)
                        .send()
                        .await
                        .unwrap()
                        .status()
                }
            };
            let denied = matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND);
            let should = allowed.contains(who);
            if status.is_server_error() || denied == should {
                wrong.push(format!("{method} {concrete} as {who:?}: {status} (should be {})", if should { "allowed" } else { "denied" }));
            }
        }
    }
    assert!(wrong.is_empty(), "{} wrong answers:\n{}", wrong.len(), wrong.join("\n"));
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
