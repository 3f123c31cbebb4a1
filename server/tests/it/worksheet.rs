//! The hirer's worksheet: filters, sorting, bulk moves, and shortlist links.

use crate::common::{world::*, *};
use reqwest::StatusCode;

/// A hirer's call and `talents` adult applicants to its first role, each with their own
/// age, city and dialect.
async fn sheet_with_applicants(app: &TestApp) -> (Browser, String, String, Vec<String>) {
    let mut hirer = signed_up(app, "hirer", "ريم", "hirer@nakhla.sa", "استوديو نخلة").await;
    app.verify_organization_of("hirer@nakhla.sa").await;
    let res = hirer.post_owned("/api/fn/save_call", &call_form("", "مسلسل الحي", "publish")).await;
    let call = id_from(&location(&res));
    let roles = role_ids(app, &call).await;
    let mut apps = vec![];
    for (i, (born, city, dialect)) in [
        ("2000-01-01", "riyadh", "najdi"),
        ("1990-01-01", "jeddah", "hijazi"),
        ("1985-06-01", "riyadh", "najdi"),
        ("2003-03-03", "abha", "southern"),
    ]
    .iter()
    .enumerate()
    {
        let email = format!("t{i}@talent.sa");
        let mut t = signed_up(app, "talent", &format!("Talent {i}"), &email, "").await;
        let mut form = profile_form(&format!("Talent {i}"), born, if i % 2 == 0 { "female" } else { "male" }, "hirers");
        for (k, v) in form.iter_mut() {
            if k == "form[city]" {
                *v = city.to_string();
            }
        }
        form.retain(|(k, _)| !k.starts_with("form[dialects]"));
        form.push(("form[dialects][0]".into(), dialect.to_string()));
        assert_eq!(t.post_owned("/api/fn/save_profile", &form).await.status(), StatusCode::FOUND);
        let res = apply(&mut t, &call, &roles[0]).await;
        apps.push(id_from(&location(&res)));
    }
    (hirer, call, roles[0].clone(), apps)
}

fn names(html: &str) -> Vec<String> {
    texts(html, "table.worksheet tbody tr .applicant-cell a")
}

#[tokio::test]
async fn filters_and_sorting_live_in_the_query_string() {
    let app = TestApp::spawn().await;
    let (mut hirer, call, role, _) = sheet_with_applicants(&app).await;
    let base = format!("/ar/hirer/calls/{call}/roles/{role}");
    let (status, html) = hirer.get(&base).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(names(&html), ["Talent 3", "Talent 2", "Talent 1", "Talent 0"], "newest first");
    let (_, html) = hirer.get(&format!("{base}?sort=age_asc")).await;
    assert_eq!(names(&html), ["Talent 3", "Talent 0", "Talent 1", "Talent 2"]);
    let (_, html) = hirer.get(&format!("{base}?city=riyadh&dialect=najdi&sort=name")).await;
    assert_eq!(names(&html), ["Talent 0", "Talent 2"]);
    let (_, html) = hirer.get(&format!("{base}?age_min=٢٥&age_max=40&sort=age_desc")).await;
    assert_eq!(names(&html), ["Talent 1", "Talent 0"], "ages typed in Arabic digits: 36 and 26, not 41 or 23");
    let (_, html) = hirer.get(&format!("{base}?gender=male")).await;
    assert_eq!(names(&html), ["Talent 3", "Talent 1"]);
    let (_, html) = hirer.get(&format!("{base}?language=ar&skill=acting")).await;
    assert_eq!(names(&html).len(), 4);
    let (_, html) = hirer.get(&format!("{base}?city=riyadh")).await;
    assert_eq!(attr(&html, "a[data-tab=submitted] .count", "class").as_deref(), Some("count"));
    assert_eq!(texts(&html, "a[data-tab=submitted] .count"), ["4"], "tab counts ignore the other filters");

    let (status, html) = hirer.get(&format!("{base}?status=awaiting_guardian&sort=shuffle&page=-1&age_min=old")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "unknown values are a 400 page, not a 500");
    assert_eq!(names(&html).len(), 4, "and the good part of the query still applies");
    let (status, html) = hirer.get(&format!("{base}?dialect=najdi&page=9")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(names(&html).is_empty());
    assert_eq!(texts(&html, ".empty-state a").len(), 1, "an empty page suggests clearing the filters");
}

#[tokio::test]
async fn many_applicants_move_at_once_and_stale_rows_are_counted_not_lost() {
    let app = TestApp::spawn().await;
    let (mut hirer, call, role, apps) = sheet_with_applicants(&app).await;
    let base = format!("/ar/hirer/calls/{call}/roles/{role}");
    let (_, html) = hirer.get(&base).await;
    let items: Vec<String> = {
        let doc = scraper::Html::parse_document(&html);
        let sel = scraper::Selector::parse("input[type=checkbox][name^='form[items]']").unwrap();
        doc.select(&sel).map(|e| e.value().attr("value").unwrap().to_string()).collect()
    };
    assert_eq!(items.len(), 4);
    // Meanwhile a colleague (here: the admin) shortlists one of them.
    let mut admin = admin(&app, "admin@takeone.sa").await;
    move_to(&app, &mut admin, &apps[0], "rejected").await;

    let mut fields: Vec<(String, String)> = vec![
        ("lang_code".into(), "ar".into()),
        ("call_id".into(), call.clone()),
        ("role_id".into(), role.clone()),
        ("form[to]".into(), "shortlisted".into()),
        ("form[back]".into(), "?sort=name".into()),
    ];
    for (i, item) in items.iter().enumerate() {
        fields.push((format!("form[items][{}]", i * 2), item.clone()));
    }
    let res = hirer.post_owned("/api/fn/bulk_move", &fields).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(location(&res), format!("{base}?sort=name&changed=3&conflicts=1&refused=0"));
    let shortlisted: i64 = sqlx::query_scalar("SELECT count(*) FROM applications WHERE role_id = $1::uuid AND status = 'shortlisted'")
        .bind(&role)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(shortlisted, 3);
    assert_eq!(status_of(&app, &apps[0]).await, "rejected", "the colleague's move is not overwritten");
    let (_, html) = hirer.get(&location(&res)).await;
    assert_eq!(texts(&html, "[data-testid=bulk-outcome]").len(), 1, "the outcome is shown without JavaScript");

    // With JavaScript the outcome is the answer.
    let (_, html) = hirer.get(&base).await;
    let fresh: Vec<String> = {
        let doc = scraper::Html::parse_document(&html);
        let sel = scraper::Selector::parse("tr[data-status=shortlisted] input[type=checkbox]").unwrap();
        doc.select(&sel).map(|e| e.value().attr("value").unwrap().to_string()).collect()
    };
    let mut f: Vec<(&str, &str)> = vec![("lang_code", "ar"), ("call_id", &call), ("role_id", &role), ("form[to]", "booked")];
    let keys: Vec<String> = (0..fresh.len()).map(|i| format!("form[items][{i}]")).collect();
    for (k, v) in keys.iter().zip(&fresh) {
        f.push((k, v));
    }
    let res = hirer.post_fn("bulk_move", &f).await;
    assert_eq!(res.status(), StatusCode::OK);
    let out: serde_json::Value = res.json().await.unwrap();
    assert_eq!(out["changed"], 3);

    let res =
        hirer.post_form("/api/fn/bulk_move", &[("lang_code", "ar"), ("call_id", &call), ("role_id", &role), ("form[to]", "booked")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "nothing selected is said so");
    let mut other = signed_up(&app, "hirer", "Omar", "omar@other.sa", "Other").await;
    assert_eq!(other.get(&base).await.0, StatusCode::NOT_FOUND, "another organization's worksheet does not exist for them");
    let res = other.post_owned("/api/fn/bulk_move", &fields).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "and its rows cannot be moved by them");
}

#[tokio::test]
async fn a_shortlist_link_shows_the_selects_read_only_until_it_expires_or_is_revoked() {
    let app = TestApp::spawn().await;
    let mut w = World::build(&app).await;
    move_to(&app, &mut w.hirer, &w.application, "shortlisted").await;
    move_to(&app, &mut w.hirer, &w.minor_application, "shortlisted").await;
    let (call, role) = (w.call.clone(), w.roles[0].clone());
    let res = w.hirer.post_fn("create_shortlist_link", &[("lang_code", "ar"), ("call_id", &call), ("role_id", &role), ("days", "٧")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let token: String = res.json().await.unwrap();
    let mut director = app.browser();
    let (status, html) = director.get(&format!("/en/shortlist/{token}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("سارة العتيبي"), "the shortlisted talent is there");
    assert!(!html.contains("sara@talent.sa") && !html.contains("+966"), "without contact details");
    assert_eq!(attr(&html, "meta[name=robots]", "content").as_deref(), Some("noindex, nofollow"));

    // The minor is on the second role's shortlist, hidden from the link.
    let res =
        w.hirer.post_fn("create_shortlist_link", &[("lang_code", "ar"), ("call_id", &call), ("role_id", &w.roles[1]), ("days", "3")]).await;
    let minor_token: String = res.json().await.unwrap();
    let (_, html) = director.get(&format!("/ar/shortlist/{minor_token}")).await;
    assert!(!html.contains("يوسف"), "no minor on a link anyone may open");
    assert_eq!(texts(&html, ".notice").len(), 1, "only their number");

    let forged = format!("{}x", &token[..token.len() - 1]);
    assert_eq!(director.get(&format!("/ar/shortlist/{forged}")).await.0, StatusCode::NOT_FOUND);
    let (payload, _) = token.rsplit_once('.').unwrap();
    let (id, _) = payload.split_once('.').unwrap();
    let longer = format!("{id}.{}", time::OffsetDateTime::now_utc().unix_timestamp() + 86400 * 365);
    assert_eq!(
        director.get(&format!("/ar/shortlist/{longer}.{}", token.rsplit_once('.').unwrap().1)).await.0,
        StatusCode::NOT_FOUND,
        "the expiry cannot be changed"
    );

    let res =
        w.hirer.post_fn("create_shortlist_link", &[("lang_code", "ar"), ("call_id", &call), ("role_id", &role), ("days", "90")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "at most 30 days");
    let res =
        w.other_hirer.post_fn("create_shortlist_link", &[("lang_code", "ar"), ("call_id", &call), ("role_id", &role), ("days", "3")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "only the organization shares its shortlist");

    let link: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM shortlist_links WHERE role_id = $1::uuid").bind(&role).fetch_one(&app.db).await.unwrap();
    sqlx::query("UPDATE shortlist_links SET expires_at = now() - interval '1 second' WHERE id = $1")
        .bind(link)
        .execute(&app.db)
        .await
        .unwrap();
    assert_eq!(director.get(&format!("/ar/shortlist/{token}")).await.0, StatusCode::NOT_FOUND, "expired");
    sqlx::query("UPDATE shortlist_links SET expires_at = now() + interval '1 day' WHERE id = $1")
        .bind(link)
        .execute(&app.db)
        .await
        .unwrap();
    let res = w
        .hirer
        .post_form(
            "/api/fn/revoke_shortlist_link",
            &[("lang_code", "ar"), ("call_id", &call), ("role_id", &role), ("link_id", &link.to_string())],
        )
        .await;
    assert!(res.status().is_redirection());
    assert_eq!(director.get(&format!("/ar/shortlist/{token}")).await.0, StatusCode::NOT_FOUND, "revoked");
}
