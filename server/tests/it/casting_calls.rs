use crate::common::*;
use reqwest::StatusCode;
use time::{Duration, OffsetDateTime};

fn day(offset: i64) -> String {
    (OffsetDateTime::now_utc() + Duration::days(offset)).date().to_string()
}

/// A valid call with two roles, as the form posts it.
fn call_form(title: &str, intent: &'static str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![
        ("lang_code".into(), "ar".into()),
        ("call_id".into(), String::new()),
        ("form[title]".into(), title.into()),
        ("form[description]".into(), "نبحث عن ممثلين لإعلان رمضان يصور في جدة خلال ثلاثة أيام".into()),
        ("form[city]".into(), "jeddah".into()),
        ("form[project_type]".into(), "commercial".into()),
        ("form[deadline]".into(), day(10)),
        ("form[shoot_starts_on]".into(), day(20)),
        ("form[shoot_ends_on]".into(), day(22)),
        ("form[requirements]".into(), String::new()),
        ("form[intent]".into(), intent.into()),
    ];
    for (i, (name, gender, min, max, paid, amount)) in
        [("الأم", "female", "٣٥", "45", "paid", "2,500"), ("الابن", "male", "8", "12", "unpaid", "")].iter().enumerate()
    {
        for (k, v) in [
            ("name", *name),
            ("gender", gender),
            ("age_min", min),
            ("age_max", max),
            ("paid", paid),
            ("compensation", amount),
            ("description", ""),
        ] {
            f.push((format!("form[roles][{i}][{k}]"), v.to_string()));
        }
    }
    f
}

async fn post(b: &mut Browser, fields: &[(String, String)]) -> reqwest::Response {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    b.post_form("/api/fn/save_call", &refs).await
}

/// A hirer of a verified organization on Studio (calls without a limit on how many are open).
async fn hirer(app: &TestApp, email: &str) -> Browser {
    let mut b = app.browser();
    let res = b.register("hirer", "ريم", email, "استوديو نخلة").await;
    assert_eq!(res.status(), StatusCode::FOUND);
    app.verify_email_of(email).await;
    app.verify_organization_of(email).await;
    app.grant(email, takeone::billing::PlanId::HirerStudio).await;
    b
}

fn id_from(location: &str) -> String {
    location.rsplit('/').next().unwrap().to_string()
}

#[tokio::test]
async fn a_hirer_posts_a_call_with_two_roles_and_it_is_public_with_structured_data() {
    let app = TestApp::spawn().await;
    let mut b = hirer(&app, "hirer@example.sa").await;
    let res = post(&mut b, &call_form("إعلان رمضان في جدة <b>", "publish")).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let loc = location(&res);
    assert!(loc.starts_with("/ar/casting-calls/"), "{loc}");
    let id = id_from(&loc);

    let mut visitor = app.browser();
    let (status, html) = visitor.get(&loc).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&html, "h1"), ["إعلان رمضان في جدة <b>"], "markup in text is shown as text");
    assert_eq!(texts(&html, ".role-name"), ["الأم", "الابن"]);
    assert!(plain(&html).contains("2,500 ر.س"));
    let ld: serde_json::Value = serde_json::from_str(&texts(&html, "script[type='application/ld+json']")[0]).unwrap();
    assert_eq!(ld["@type"], "JobPosting");
    assert_eq!(ld["title"], "إعلان رمضان في جدة <b>");
    assert_eq!(ld["jobLocation"]["address"]["addressLocality"], "Jeddah");
    assert_eq!(ld["baseSalary"]["currency"], "SAR");
    assert_eq!(ld["baseSalary"]["value"]["maxValue"], 2500.0);
    assert!(ld["validThrough"].as_str().unwrap().starts_with(&day(10)));
    assert_eq!(ld["hiringOrganization"]["name"], "استوديو نخلة");
    assert!(ld["datePosted"].is_string() && ld["employmentType"].is_string() && ld["description"].is_string());
    assert!(!html.contains("جدة <b>\""), "JSON-LD escapes markup");
    assert_eq!(attr(&html, "link[rel=canonical]", "href").unwrap(), app.url(&format!("/ar/casting-calls/{id}")));
    assert_eq!(attr(&html, "link[hreflang=en]", "href").unwrap(), app.url(&format!("/en/casting-calls/{id}")));
    assert_eq!(attr(&html, "link[hreflang=x-default]", "href").unwrap(), app.url(&format!("/ar/casting-calls/{id}")));
    assert_eq!(attr(&html, "meta[property='og:title']", "content").unwrap(), "إعلان رمضان في جدة <b>");

    let (_, list) = visitor.get("/ar/casting-calls?city=jeddah&gender=female&paid=paid").await;
    assert_eq!(texts(&list, ".call-card-title"), ["إعلان رمضان في جدة <b>"]);
    let (_, list) = visitor.get("/ar/casting-calls?city=riyadh").await;
    assert!(texts(&list, ".call-card-title").is_empty());
    let (_, sitemap) = visitor.get("/sitemap.xml").await;
    assert!(sitemap.contains(&format!("/ar/casting-calls/{id}</loc>")));
    assert!(sitemap.contains(&format!("hreflang=\"en\" href=\"{}\"", app.url(&format!("/en/casting-calls/{id}")))));

    // Closing the call drops the structured data and the sitemap entry.
    let mut fields = call_form("إعلان رمضان في جدة <b>", "close");
    fields[1].1 = id.clone();
    let res = post(&mut b, &fields).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let (status, html) = visitor.get(&loc).await;
    assert_eq!(status, StatusCode::OK);
    assert!(texts(&html, "script[type='application/ld+json']").is_empty());
    assert!(html.contains("notice"));
    let (_, sitemap) = visitor.get("/sitemap.xml").await;
    assert!(!sitemap.contains(&id));
    let (_, list) = visitor.get("/ar/casting-calls?city=jeddah").await;
    assert!(texts(&list, ".call-card-title").is_empty(), "closed calls leave the open list");
}

#[tokio::test]
async fn expired_calls_lose_structured_data_and_leave_the_sitemap() {
    let app = TestApp::spawn().await;
    let mut b = hirer(&app, "hirer@example.sa").await;
    let id = id_from(&location(&post(&mut b, &call_form("Extras for a football film", "publish")).await));
    sqlx::query("UPDATE casting_calls SET deadline = now() - interval '1 day' WHERE id = $1::uuid")
        .bind(&id)
        .execute(&app.db)
        .await
        .unwrap();
    let mut v = app.browser();
    let (status, html) = v.get(&format!("/en/casting-calls/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(texts(&html, "script[type='application/ld+json']").is_empty());
    assert!(plain(&html).contains("The deadline for this casting call has passed"));
    assert!(!v.get("/sitemap.xml").await.1.contains(&id));
}

#[tokio::test]
async fn drafts_are_private_and_only_the_owner_may_edit() {
    let app = TestApp::spawn().await;
    let mut owner = hirer(&app, "owner@example.sa").await;
    let id = id_from(&location(&post(&mut owner, &call_form("Draft call", "draft")).await));

    assert_eq!(app.browser().get(&format!("/ar/casting-calls/{id}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(owner.get(&format!("/ar/casting-calls/{id}")).await.0, StatusCode::OK, "the owner sees the draft");
    assert_eq!(owner.get(&format!("/ar/hirer/calls/{id}/edit")).await.0, StatusCode::OK);
    let (_, mine) = owner.get("/ar/hirer/calls").await;
    assert_eq!(texts(&mine, "tbody a").first().map(String::as_str), Some("Draft call"));

    let mut other = hirer(&app, "other@example.sa").await;
    assert_eq!(other.get(&format!("/ar/hirer/calls/{id}/edit")).await.0, StatusCode::FORBIDDEN);
    let mut fields = call_form("Hijacked", "publish");
    fields[1].1 = id.clone();
    let res = post(&mut other, &fields).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let title: String =
        sqlx::query_scalar("SELECT title FROM casting_calls WHERE id = $1::uuid").bind(&id).fetch_one(&app.db).await.unwrap();
    assert_eq!(title, "Draft call");

    let mut talent = app.browser();
    talent.register("talent", "Talent", "t@example.sa", "").await;
    assert_eq!(talent.get("/ar/hirer/calls/new").await.0, StatusCode::FORBIDDEN);
    let res = post(&mut talent, &call_form("Talent call", "publish")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let mut anon = app.browser();
    assert_eq!(anon.get("/ar/hirer/calls/new").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(post(&mut anon, &call_form("Anon", "publish")).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_published_call_cannot_go_back_to_draft() {
    let app = TestApp::spawn().await;
    let mut b = hirer(&app, "hirer@example.sa").await;
    let id = id_from(&location(&post(&mut b, &call_form("Published", "publish")).await));
    let mut fields = call_form("Published", "draft");
    fields[1].1 = id.clone();
    let res = post(&mut b, &fields).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(plain(&res.text().await.unwrap()).contains("لا يمكن تغيير تجربة الأداء بهذه الطريقة"));
}

#[tokio::test]
async fn bad_call_input_is_422_at_each_field_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let mut b = hirer(&app, "hirer@example.sa").await;
    let mut fields = call_form("", "publish");
    let set = |f: &mut Vec<(String, String)>, k: &str, v: &str| f.iter_mut().find(|(n, _)| n == k).unwrap().1 = v.to_string();
    set(&mut fields, "form[deadline]", &day(-1));
    set(&mut fields, "form[city]", "atlantis");
    set(&mut fields, "form[roles][0][age_min]", "50");
    set(&mut fields, "form[roles][1][compensation]", "300");
    set(&mut fields, "form[description]", &"ط".repeat(6000));
    let res = post(&mut b, &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = plain(&res.text().await.unwrap());
    let err = |id: &str| texts(&html, &format!("#{id}-error")).join("");
    assert_eq!(err("title"), "هذا الحقل مطلوب.");
    assert_eq!(err("deadline"), "هذا التاريخ مضى.");
    assert_eq!(err("city"), "اختر أحد الخيارات المتاحة.");
    assert_eq!(err("description"), "استخدم 5000 حرفاً على الأكثر.");
    assert_eq!(err("roles-0-age_max"), "يجب ألا يكون أكبر عمر أقل من أصغر عمر.");
    assert!(err("roles-1-compensation").contains("الدور غير المدفوع"));
    assert_eq!(attr(&html, "input[name='form[roles][0][name]']", "value").as_deref(), Some("الأم"), "typed values are kept");
    assert_eq!(attr(&html, "input[name='form[roles][0][age_max]']", "value").as_deref(), Some("45"));
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM casting_calls").fetch_one(&app.db).await.unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn without_javascript_add_role_returns_the_form_with_one_more_role() {
    let app = TestApp::spawn().await;
    let mut b = hirer(&app, "hirer@example.sa").await;
    let res = post(&mut b, &call_form("Growing", "add_role")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert_eq!(texts(&html, "fieldset.role-fieldset").len(), 3);
    assert_eq!(attr(&html, "input[name='form[title]']", "value").as_deref(), Some("Growing"));
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM casting_calls").fetch_one(&app.db).await.unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn non_uuid_ids_and_unknown_filters_are_4xx_not_500() {
    let app = TestApp::spawn().await;
    let mut v = app.browser();
    assert_eq!(v.get("/ar/casting-calls/not-a-uuid").await.0, StatusCode::NOT_FOUND);
    assert_eq!(v.get("/en/casting-calls/00000000-0000-0000-0000-000000000000").await.0, StatusCode::NOT_FOUND);
    let (status, html) = v.get("/en/casting-calls?city=mars&paid=maybe&page=-3").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(plain(&html).contains("Some filter values were not recognised"));
    assert_eq!(v.get("/ar/casting-calls?page=999999").await.0, StatusCode::BAD_REQUEST);
    let api = v.client.get(app.url("/api/v1/casting-calls?gender=robot")).header("accept-language", "en").send().await.unwrap();
    assert_eq!(api.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_filter");
    assert_eq!(body["error"]["fields"]["gender"], "Choose one of the options.");
    assert_eq!(v.client.get(app.url("/api/v1/casting-calls/nope")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_list_paginates_in_the_query_string() {
    let app = TestApp::spawn().await;
    let mut b = hirer(&app, "hirer@example.sa").await;
    for i in 0..14 {
        let res = post(&mut b, &call_form(&format!("Call number {i:02}"), "publish")).await;
        assert_eq!(res.status(), StatusCode::FOUND);
    }
    let mut v = app.browser();
    let (_, page1) = v.get("/en/casting-calls").await;
    assert_eq!(texts(&page1, ".call-card-title").len(), 12);
    assert_eq!(texts(&page1, ".call-card-title")[0], "Call number 13", "newest first");
    assert_eq!(attr(&page1, "a[rel=next]", "href").as_deref(), Some("/en/casting-calls?page=2"));
    let (_, page2) = v.get("/en/casting-calls?page=٢").await;
    assert_eq!(texts(&page2, ".call-card-title"), ["Call number 01", "Call number 00"]);
    let (_, api) = v.get("/api/v1/casting-calls?page=2").await;
    let api: serde_json::Value = serde_json::from_str(&api).unwrap();
    assert_eq!(api["total"], 14);
    assert_eq!(api["items"].as_array().unwrap().len(), 2);
}
