//! Issue 14, plans and the gates they open, over real HTTP on a real database: the public plans
//! (API and page), each gate of the free plans with its localized message and link to the plans,
//! and the limit held under concurrent requests.

use crate::{
    common::{world::*, *},
    media_api::{announce, api},
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use takeone::billing::PlanId;

#[tokio::test]
async fn plans_are_public_json_in_halalas_with_the_vat_inside_each_price() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    let get = |lang: &'static str| {
        let client = client.clone();
        let url = app.url("/api/v1/billing/plans");
        async move {
            let res = client.get(url).header("accept-language", lang).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK, "no session needed");
            res.json::<Value>().await.unwrap()
        }
    };
    let body = get("en").await;
    let plans = body["plans"].as_array().unwrap();
    let ids: Vec<&str> = plans.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["talent_free", "talent_pro", "hirer_starter", "hirer_studio"]);
    for p in plans {
        assert_eq!(p["currency"], "SAR");
        assert_eq!(p["price"], p["prices"]["month"]["price"], "`price` is the monthly price");
        for interval in ["month", "year"] {
            let x = &p["prices"][interval];
            let (price, vat, net) = (x["price"].as_i64().unwrap(), x["vat"].as_i64().unwrap(), x["net"].as_i64().unwrap());
            assert_eq!(net + vat, price, "{}: VAT inside the price", p["id"]);
            assert!((vat * 100 - net * 15).abs() <= 100, "{}: 15% of the net, to the halala", p["id"]);
        }
    }
    let pro = &plans[1];
    assert_eq!((pro["price"].as_i64(), pro["vat"].as_i64()), (Some(4_900), Some(639)), "49.00 SAR a month, 6.39 of it VAT");
    assert_eq!(pro["prices"]["year"]["price"], 49_000);
    assert_eq!(pro["name"], "Talent Pro");
    assert_eq!(pro["trialDays"], 7);
    let free = &plans[0];
    assert_eq!(free["price"], 0);
    assert_eq!((free["entitlements"]["applicationsPerMonth"].as_i64(), free["entitlements"]["photos"].as_i64()), (Some(5), Some(3)));
    assert_eq!(free["entitlements"]["reels"], false);
    assert_eq!(plans[2]["entitlements"]["openCalls"], 1);
    assert_eq!(plans[2]["entitlements"]["talentSearch"], false);
    assert_eq!(plans[3]["entitlements"]["openCalls"], Value::Null, "Studio: unlimited calls");
    assert_eq!(plans[3]["entitlements"]["selfTapeRequests"], true);
    let ar = get("ar").await;
    assert_eq!(ar["plans"][1]["name"], "الموهبة الاحترافية");
}

#[tokio::test]
async fn the_plans_page_shows_prices_with_vat_and_the_accounts_own_plan_and_usage() {
    let app = TestApp::spawn().await;
    let mut visitor = app.browser();
    let (status, html) = visitor.get("/ar/plans").await;
    assert_eq!(status, StatusCode::OK);
    let text = plain(&html);
    assert!(text.contains("49 ر.س شهرياً"), "the monthly price in Arabic");
    assert!(text.contains("تشمل ضريبة القيمة المضافة (١٥٪) بقيمة 6.39 ر.س"), "the VAT inside it");
    assert!(text.contains("للمواهب") && text.contains("لجهات التوظيف"), "a visitor sees both kinds of plan");
    let (_, html) = visitor.get("/en/plans").await;
    let text = plain(&html);
    assert!(text.contains("SAR 49 a month") && text.contains("or SAR 490 a year") && text.contains("save 16%"), "{text}");
    assert!(text.contains("SAR 999 a month"), "Studio's price");

    // A talent on the free plan sees only talent plans, theirs marked, and what they used.
    let mut talent = talent_with_profile(&app, "سارة", "sara@talent.sa", "1998-05-14", "hirers").await;
    let (_, html) = talent.get("/en/plans").await;
    assert_eq!(attr(&html, "[data-testid=current-plan]", "data-testid").as_deref(), Some("current-plan"));
    assert_eq!(attr(&html, ".plan-current", "data-plan").as_deref(), Some("talent_free"));
    assert!(attr(&html, "[data-plan=hirer_studio]", "data-plan").is_none(), "no hirer plans for a talent");
    assert!(plain(&html).contains("0 of 5 applications this month"), "usage against the plan's limits");
}

/// A hirer on Studio with three published calls of two roles each: six roles to apply to.
async fn six_roles(app: &TestApp) -> Vec<(String, String)> {
    let mut hirer = signed_up(app, "hirer", "ريم", "reem@nakhla.sa", "استوديو نخلة").await;
    app.verify_organization_of("reem@nakhla.sa").await;
    let mut roles = vec![];
    for title in ["إعلان رمضان في جدة", "مسلسل الواحة في الرياض", "فيلم قصير في أبها"] {
        let res = hirer.post_owned("/api/fn/save_call", &call_form("", title, "publish")).await;
        assert_eq!(res.status(), StatusCode::FOUND, "Studio publishes as many calls as it likes");
        let call = id_from(&location(&res));
        for role in role_ids(app, &call).await {
            roles.push((call.clone(), role));
        }
    }
    roles
}

#[tokio::test]
async fn a_free_talent_sends_five_applications_a_month_and_the_sixth_is_refused_with_a_link_to_the_plans() {
    let app = TestApp::spawn().await;
    let roles = six_roles(&app).await;
    let mut talent = talent_with_profile(&app, "سارة العتيبي", "sara@talent.sa", "1998-05-14", "hirers").await;
    for (call, role) in &roles[..5] {
        assert_eq!(apply(&mut talent, call, role).await.status(), StatusCode::FOUND);
    }
    let (call, role) = &roles[5];
    let res = apply(&mut talent, call, role).await;
    assert_eq!(res.status(), StatusCode::PAYMENT_REQUIRED, "the form again, with the plan's limit");
    let html = res.text().await.unwrap();
    assert!(plain(&html).contains("تتيح باقتك 5 طلبات تقديم شهرياً"), "said in the page's language");
    assert_eq!(attr(&html, ".form-error [data-testid=upgrade-link]", "href").as_deref(), Some("/ar/plans"));
    assert!(html.contains("جاهزة للتصوير"), "what the talent typed is kept");
    let sent: i64 = sqlx::query_scalar("SELECT count(*) FROM applications").fetch_one(&app.db).await.unwrap();
    assert_eq!(sent, 5);
    // Applying again where they applied is not a new application: it still answers.
    assert_eq!(apply(&mut talent, &roles[0].0, &roles[0].1).await.status(), StatusCode::FOUND);
    // Applications of an earlier month do not count.
    sqlx::query("UPDATE applications SET created_at = created_at - interval '40 days'").execute(&app.db).await.unwrap();
    assert_eq!(apply(&mut talent, call, role).await.status(), StatusCode::FOUND);
}

#[tokio::test]
async fn talent_pro_applies_without_limit_and_two_submits_at_once_cannot_both_take_the_last_place() {
    let app = TestApp::spawn().await;
    let roles = six_roles(&app).await;
    let mut talent = talent_with_profile(&app, "سارة العتيبي", "sara@talent.sa", "1998-05-14", "hirers").await;
    for (call, role) in &roles[..4] {
        assert_eq!(apply(&mut talent, call, role).await.status(), StatusCode::FOUND);
    }
    // The fifth place, asked for twice at the same moment from two tabs.
    let mut tab = talent.tab();
    let (a, b) = tokio::join!(apply(&mut talent, &roles[4].0, &roles[4].1), apply(&mut tab, &roles[5].0, &roles[5].1));
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::FOUND, StatusCode::PAYMENT_REQUIRED]);
    app.grant("sara@talent.sa", PlanId::TalentPro).await;
    let last = if a.status() == StatusCode::FOUND { &roles[5] } else { &roles[4] };
    assert_eq!(apply(&mut talent, &last.0, &last.1).await.status(), StatusCode::FOUND, "Pro has no monthly limit");
    let sent: i64 = sqlx::query_scalar("SELECT count(*) FROM applications").fetch_one(&app.db).await.unwrap();
    assert_eq!(sent, 6);
}

#[tokio::test]
async fn a_starter_hirer_keeps_one_call_open_and_studio_opens_the_rest() {
    let app = TestApp::spawn().await;
    let mut hirer = signed_up_free(&app, "hirer", "ريم", "reem@nakhla.sa", "استوديو نخلة").await;
    app.verify_organization_of("reem@nakhla.sa").await;
    let res = hirer.post_owned("/api/fn/save_call", &call_form("", "إعلان رمضان في جدة", "publish")).await;
    assert_eq!(res.status(), StatusCode::FOUND, "the first open call");
    let first = id_from(&location(&res));
    let res = hirer.post_owned("/api/fn/save_call", &call_form("", "مسلسل الواحة", "publish")).await;
    assert_eq!(res.status(), StatusCode::PAYMENT_REQUIRED);
    let html = res.text().await.unwrap();
    assert!(plain(&html).contains("تتيح باقتك إعلان اختيار مفتوحاً واحداً في كل مرة"), "{}", plain(&html));
    assert_eq!(attr(&html, ".form-error [data-testid=upgrade-link]", "href").as_deref(), Some("/ar/plans"));
    assert!(html.contains("مسلسل الواحة"), "the form keeps what was typed");
    // A draft is not open: it may wait.
    let res = hirer.post_owned("/api/fn/save_call", &call_form("", "مسلسل الواحة", "save")).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let draft = id_from(&location(&res));
    assert_eq!(
        hirer.post_owned("/api/fn/save_call", &call_form(&draft, "مسلسل الواحة", "publish")).await.status(),
        StatusCode::PAYMENT_REQUIRED
    );
    // Editing the open call keeps it open.
    assert_eq!(
        hirer.post_owned("/api/fn/save_call", &call_form(&first, "إعلان رمضان في جدة ٢", "publish")).await.status(),
        StatusCode::FOUND
    );
    let open: i64 = sqlx::query_scalar("SELECT count(*) FROM casting_calls WHERE status IN ('active', 'pending_review')")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(open, 1);
    app.grant("reem@nakhla.sa", PlanId::HirerStudio).await;
    assert_eq!(hirer.post_owned("/api/fn/save_call", &call_form(&draft, "مسلسل الواحة", "publish")).await.status(), StatusCode::FOUND);
}

#[tokio::test]
async fn talent_search_and_self_tapes_are_studios() {
    let app = TestApp::spawn().await;
    let mut hirer = signed_up_free(&app, "hirer", "ريم", "reem@nakhla.sa", "استوديو نخلة").await;
    app.verify_organization_of("reem@nakhla.sa").await;
    // Talent search: the page says why and links to the plans; the function answers 402.
    let (status, html) = hirer.get("/en/talent-search?q=actor").await;
    assert_eq!(status, StatusCode::PAYMENT_REQUIRED);
    assert!(plain(&html).contains("Talent search is part of the Hirer Studio plan."));
    assert_eq!(attr(&html, "[data-testid=upgrade-link]", "href").as_deref(), Some("/en/plans"));
    let (status, _) = hirer.get_fn("search", &[("target", "talents"), ("query", "q=actor")]).await;
    assert_eq!(status, StatusCode::PAYMENT_REQUIRED);
    // A role that asks every applicant for a self-tape.
    let mut form = call_form("", "إعلان رمضان في جدة", "publish");
    form.push(("form[roles][0][requires][0]".into(), "self_tape".into()));
    let res = hirer.post_owned("/api/fn/save_call", &form).await;
    assert_eq!(res.status(), StatusCode::PAYMENT_REQUIRED);
    assert!(plain(&res.text().await.unwrap()).contains("طلب التسجيلات الذاتية متاح في باقة الاستوديو"));
    // Asking applicants for tapes from the worksheet.
    let res = hirer.post_owned("/api/fn/save_call", &call_form("", "إعلان رمضان في جدة", "publish")).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let call = id_from(&location(&res));
    let roles = role_ids(&app, &call).await;
    let mut talent = talent_with_profile(&app, "سارة", "sara@talent.sa", "1998-05-14", "hirers").await;
    let application = id_from(&location(&apply(&mut talent, &call, &roles[0]).await));
    let version = version_of(&app, &application).await;
    let ask: Vec<(String, String)> = [
        ("lang_code", "en".to_string()),
        ("call_id", call.clone()),
        ("role_id", roles[0].clone()),
        ("form[items][0]", format!("{application}:{version}")),
        ("form[intent]", "self_tape".to_string()),
        ("form[instructions]", "Read scene 2".to_string()),
        ("form[deadline]", day(3)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let res = hirer.post_owned("/api/fn/bulk_move", &ask).await;
    assert_eq!(res.status(), StatusCode::PAYMENT_REQUIRED);
    assert!(plain(&res.text().await.unwrap()).contains("Self-tape requests are part of the Hirer Studio plan."));
    let asked: i64 = sqlx::query_scalar("SELECT count(*) FROM self_tape_requests").fetch_one(&app.db).await.unwrap();
    assert_eq!(asked, 0);
    app.grant("reem@nakhla.sa", PlanId::HirerStudio).await;
    assert_eq!(hirer.post_owned("/api/fn/bulk_move", &ask).await.status(), StatusCode::FOUND);
    let (status, _) = hirer.get("/en/talent-search?q=actor").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_free_talent_keeps_three_photos_and_no_reel_and_the_api_says_where_the_plans_are() {
    let app = TestApp::spawn().await;
    let mut talent = talent_with_profile(&app, "سارة", "sara@talent.sa", "1998-05-14", "hirers").await;
    let photo =
        |n: usize| json!({ "filename": format!("headshot-{n}.jpg"), "mimetype": "image/jpeg", "size": 50_000, "purpose": "headshot" });
    for n in 0..3 {
        let (status, body) = announce(&mut talent, photo(n)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (status, body) = announce(&mut talent, photo(3)).await;
    assert_eq!(status, StatusCode::PAYMENT_REQUIRED, "{body}");
    assert_eq!(body["error"]["code"], "plan_limit");
    // Fluent isolates the number with FSI/PDI marks, for right-to-left text around it.
    let message = body["error"]["message"].as_str().unwrap().replace(['\u{2068}', '\u{2069}'], "");
    assert_eq!(message, "Your plan keeps up to 3 photos. Delete one, or upgrade to Talent Pro for more.");
    assert_eq!(body["error"]["plansUrl"], "/en/plans");
    let reel = json!({ "filename": "reel.mp4", "mimetype": "video/mp4", "size": 5_000_000, "purpose": "showreel" });
    let (status, body) = announce(&mut talent, reel.clone()).await;
    assert_eq!(status, StatusCode::PAYMENT_REQUIRED, "{body}");
    assert_eq!(body["error"]["message"], "Showreels and voice reels are part of the Talent Pro plan.");
    // Deleting a photo frees its place.
    let first: uuid::Uuid = sqlx::query_scalar("SELECT id FROM media_assets ORDER BY created_at LIMIT 1").fetch_one(&app.db).await.unwrap();
    let (status, _) = api(&mut talent, reqwest::Method::DELETE, &format!("/api/v1/media/{first}"), None).await;
    assert!(status.is_success(), "{status}");
    let (status, body) = announce(&mut talent, photo(4)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    app.grant("sara@talent.sa", PlanId::TalentPro).await;
    let (status, body) = announce(&mut talent, photo(5)).await;
    assert_eq!(status, StatusCode::CREATED, "Pro keeps more photos: {body}");
    let (status, body) = announce(&mut talent, reel).await;
    assert_eq!(status, StatusCode::CREATED, "and a showreel: {body}");
}

#[tokio::test]
async fn a_grant_is_audited_and_replaces_the_live_subscription() {
    let app = TestApp::spawn().await;
    let _talent = talent_with_profile(&app, "سارة", "sara@talent.sa", "1998-05-14", "hirers").await;
    app.grant("sara@talent.sa", PlanId::TalentPro).await;
    app.grant("sara@talent.sa", PlanId::TalentPro).await;
    let rows: Vec<(String, bool)> =
        sqlx::query_as("SELECT status, complimentary FROM subscriptions ORDER BY created_at").fetch_all(&app.db).await.unwrap();
    assert_eq!(rows, [("canceled".to_string(), true), ("active".to_string(), true)], "one live subscription at a time");
    let events: Vec<String> =
        sqlx::query_scalar("SELECT reason FROM subscription_events ORDER BY created_at, reason").fetch_all(&app.db).await.unwrap();
    assert_eq!(events.iter().filter(|r| *r == "granted").count(), 2);
    assert!(events.contains(&"replaced_by_grant".to_string()));
    let audited: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_events WHERE event_type = 'SubscriptionGranted'").fetch_one(&app.db).await.unwrap();
    assert_eq!(audited, 2);
    // A talent plan is not for a hirer.
    let _hirer = signed_up_free(&app, "hirer", "ريم", "reem@nakhla.sa", "استوديو نخلة").await;
    let billing = takeone::billing::Billing::new(app.db.clone());
    let r = billing.grant(None, "reem@nakhla.sa", PlanId::TalentPro, 30, time::OffsetDateTime::now_utc(), &Default::default()).await;
    assert!(matches!(r, Err(takeone::billing::BillingError::Refused(_))), "{r:?}");
}

#[tokio::test]
async fn starter_has_the_owners_seat_alone_and_studio_invites_up_to_ten_members_and_open_invitations() {
    let app = TestApp::spawn().await;
    let mut hirer = signed_up_free(&app, "hirer", "ريم", "reem@nakhla.sa", "استوديو نخلة").await;
    let invite = |email: String| [("lang_code".to_string(), "en".to_string()), ("form[email]".to_string(), email)];
    let res = hirer.post_owned("/api/fn/invite_member", &invite("sami@nakhla.sa".into())).await;
    assert_eq!(res.status(), StatusCode::PAYMENT_REQUIRED);
    let html = res.text().await.unwrap();
    assert!(plain(&html).contains("Your plan has one team seat"), "{}", plain(&html));
    assert_eq!(attr(&html, ".form-error [data-testid=upgrade-link]", "href").as_deref(), Some("/en/plans"));
    assert!(html.contains("sami@nakhla.sa"), "the form keeps what was typed");
    assert_eq!(count_rows(&app, "organization_invitations").await, 0);
    app.grant("reem@nakhla.sa", PlanId::HirerStudio).await;
    for i in 1..10 {
        let res = hirer.post_owned("/api/fn/invite_member", &invite(format!("member{i}@nakhla.sa"))).await;
        assert_eq!(res.status(), StatusCode::FOUND, "seat {} of 10", i + 1);
    }
    // Inviting the same address again takes no new seat; an eleventh person does not fit.
    assert_eq!(hirer.post_owned("/api/fn/invite_member", &invite("member1@nakhla.sa".into())).await.status(), StatusCode::FOUND);
    let res = hirer.post_owned("/api/fn/invite_member", &invite("member10@nakhla.sa".into())).await;
    assert_eq!(res.status(), StatusCode::PAYMENT_REQUIRED);
    assert_eq!(count_rows(&app, "organization_invitations").await, 9);
}

async fn count_rows(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}"))).fetch_one(&app.db).await.unwrap()
}

#[tokio::test]
async fn bulk_messages_are_studios_and_reach_each_ticked_applicant_in_their_own_thread() {
    let app = TestApp::spawn().await;
    let mut hirer = signed_up_free(&app, "hirer", "ريم", "reem@nakhla.sa", "استوديو نخلة").await;
    app.verify_organization_of("reem@nakhla.sa").await;
    let res = hirer.post_owned("/api/fn/save_call", &call_form("", "إعلان رمضان في جدة", "publish")).await;
    let call = id_from(&location(&res));
    let roles = role_ids(&app, &call).await;
    let mut items = vec![];
    for (name, email) in [("سارة", "sara@talent.sa"), ("نور", "noor@talent.sa")] {
        let mut talent = talent_with_profile(&app, name, email, "1998-05-14", "hirers").await;
        let application = id_from(&location(&apply(&mut talent, &call, &roles[0]).await));
        items.push(format!("{application}:{}", version_of(&app, &application).await));
    }
    let form = |body: &str| -> Vec<(String, String)> {
        let mut f: Vec<(String, String)> = vec![
            ("lang_code".into(), "en".into()),
            ("call_id".into(), call.clone()),
            ("role_id".into(), roles[0].clone()),
            ("form[intent]".into(), "message".into()),
            ("form[message]".into(), body.into()),
        ];
        f.extend(items.iter().enumerate().map(|(i, v)| (format!("form[items][{i}]"), v.clone())));
        f
    };
    let res = hirer.post_owned("/api/fn/bulk_move", &form("التصوير يوم الخميس في جدة")).await;
    assert_eq!(res.status(), StatusCode::PAYMENT_REQUIRED);
    let html = res.text().await.unwrap();
    assert!(plain(&html).contains("Bulk messages are part of the Hirer Studio plan."), "{}", plain(&html));
    assert!(html.contains("التصوير يوم الخميس في جدة"), "the message is kept");
    app.grant("reem@nakhla.sa", PlanId::HirerStudio).await;
    // An empty message is named at its field; a real one reaches both threads.
    let res = hirer.post_owned("/api/fn/bulk_move", &form("  ")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = hirer.post_owned("/api/fn/bulk_move", &form("التصوير يوم الخميس في جدة")).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert!(location(&res).contains("messaged=2"), "{}", location(&res));
    let sent: Vec<(i64, i64)> =
        sqlx::query_as("SELECT count(*), count(DISTINCT application_id) FROM messages WHERE body = 'التصوير يوم الخميس في جدة'")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(sent, [(2, 2)]);
    let (_, html) = hirer.get(&location(&res)).await;
    assert!(plain(&html).contains("Message sent: 2. Could not send: 0."), "{}", plain(&html));
}
