//! A small marketplace for tests that need one: two hirers of two organizations, a call with
//! two roles and a question, an adult talent who applied, another talent, a minor who applied
//! with their guardian's approval, and an administrator, each signed in in their own browser.

use super::*;
use time::{Duration, OffsetDateTime};

pub const PASSWORD: &str = "nakhla-riyadh-2026";

pub fn day(offset: i64) -> String {
    (OffsetDateTime::now_utc() + Duration::days(offset)).date().to_string()
}

/// A valid call as the hirer's form posts it: two roles, one question.
pub fn call_form(call_id: &str, title: &str, intent: &str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![
        ("lang_code".into(), "ar".into()),
        ("call_id".into(), call_id.into()),
        ("form[title]".into(), title.into()),
        ("form[description]".into(), "نبحث عن ممثلين لإعلان رمضان يصور في جدة خلال ثلاثة أيام".into()),
        ("form[city]".into(), "jeddah".into()),
        ("form[project_type]".into(), "commercial".into()),
        ("form[deadline]".into(), day(10)),
        ("form[shoot_starts_on]".into(), day(20)),
        ("form[shoot_ends_on]".into(), day(22)),
        ("form[intent]".into(), intent.into()),
        ("form[questions][0]".into(), "هل سبق لك التمثيل في إعلان؟".into()),
    ];
    for (i, (name, gender, min, max)) in [("الأم", "female", "10", "45"), ("الابن", "male", "8", "30")].iter().enumerate() {
        for (k, v) in [("name", *name), ("gender", gender), ("age_min", min), ("age_max", max), ("paid", "paid"), ("compensation", "2500")]
        {
            f.push((format!("form[roles][{i}][{k}]"), v.to_string()));
        }
    }
    f
}

/// A profile as the form posts it.
pub fn profile_form(name: &str, born: &str, gender: &str, visibility: &str) -> Vec<(String, String)> {
    [
        ("lang_code", "ar"),
        ("form[stage_name]", name),
        ("form[gender]", gender),
        ("form[date_of_birth]", born),
        ("form[city]", "riyadh"),
        ("form[nationality]", "sa"),
        ("form[visibility]", visibility),
        ("form[phone]", "0501234567"),
        ("form[legal_name]", "الاسم الرسمي"),
        ("form[dialects][0]", "najdi"),
        ("form[dialects][1]", "hijazi"),
        ("form[skills][0]", "acting"),
        ("form[languages][0][language]", "ar"),
        ("form[languages][0][level]", "native"),
        ("form[intent]", "save"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// A verified account of `role`, signed in. Hirers' organizations are put on Studio, so tests
/// of other things are not stopped by a plan's limits; billing.rs signs hirers up on the free
/// plan with [`signed_up_free`].
pub async fn signed_up(app: &TestApp, role: &str, name: &str, email: &str, org: &str) -> Browser {
    let b = signed_up_free(app, role, name, email, org).await;
    if role == "hirer" {
        app.grant(email, takeone::billing::PlanId::HirerStudio).await;
    }
    b
}

/// A verified account of `role`, signed in, on the free plan.
pub async fn signed_up_free(app: &TestApp, role: &str, name: &str, email: &str, org: &str) -> Browser {
    let mut b = app.browser();
    let res = b.register(role, name, email, org).await;
    assert_eq!(res.status(), StatusCode::FOUND, "{role} {email} signs up");
    app.verify_email_of(email).await;
    b
}

pub async fn talent_with_profile(app: &TestApp, name: &str, email: &str, born: &str, visibility: &str) -> Browser {
    let mut b = signed_up(app, "talent", name, email, "").await;
    let res = b.post_owned("/api/fn/save_profile", &profile_form(name, born, "female", visibility)).await;
    assert_eq!(res.status(), StatusCode::FOUND, "{email} saves a profile");
    b
}

pub async fn apply(b: &mut Browser, call: &str, role: &str) -> reqwest::Response {
    b.post_form(
        "/api/fn/apply",
        &[
            ("lang_code", "ar"),
            ("call_id", call),
            ("role_id", role),
            ("form[cover_note]", "جاهزة للتصوير"),
            ("form[answers][0]", "نعم، مرتين"),
        ],
    )
    .await
}

pub async fn admin(app: &TestApp, email: &str) -> Browser {
    use takeone::account::{Accounts, Email, Password, PasswordHasher};
    let accounts = Accounts::new(app.db.clone(), PasswordHasher::new(1), takeone::token::TokenKey::new(b"test"));
    accounts.create_admin(&Email::parse(email).unwrap(), &Password::parse(PASSWORD).unwrap(), "مشرف").await.unwrap();
    let mut b = app.browser();
    assert_eq!(b.login(email, PASSWORD).await.status(), StatusCode::FOUND);
    b
}

pub async fn role_ids(app: &TestApp, call: &str) -> Vec<String> {
    sqlx::query_scalar::<_, uuid::Uuid>("SELECT id FROM casting_roles WHERE casting_call_id = $1::uuid ORDER BY position")
        .bind(call)
        .fetch_all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.to_string())
        .collect()
}

pub async fn version_of(app: &TestApp, application: &str) -> String {
    sqlx::query_scalar::<_, i32>("SELECT version FROM applications WHERE id = $1::uuid")
        .bind(application)
        .fetch_one(&app.db)
        .await
        .unwrap()
        .to_string()
}

pub async fn status_of(app: &TestApp, application: &str) -> String {
    sqlx::query_scalar("SELECT status FROM applications WHERE id = $1::uuid").bind(application).fetch_one(&app.db).await.unwrap()
}

/// Moves an application as `b` does from its page, with the version it reads now.
pub async fn move_to(app: &TestApp, b: &mut Browser, application: &str, to: &str) -> reqwest::Response {
    let version = version_of(app, application).await;
    b.post_form("/api/fn/move_application", &[("lang_code", "ar"), ("id", application), ("version", &version), ("to", to)]).await
}

pub fn id_from(location: &str) -> String {
    location.rsplit('/').next().unwrap().split('?').next().unwrap().to_string()
}

pub struct World {
    pub hirer: Browser,
    pub other_hirer: Browser,
    pub talent: Browser,
    pub other_talent: Browser,
    pub minor: Browser,
    pub guardian: Browser,
    pub admin: Browser,
    pub call: String,
    pub roles: Vec<String>,
    pub application: String,
    pub minor_application: String,
    pub talent_profile: String,
    pub minor_profile: String,
}

impl World {
    pub async fn build(app: &TestApp) -> World {
        let mut hirer = signed_up(app, "hirer", "ريم القحطاني", "hirer@nakhla.sa", "استوديو نخلة").await;
        app.verify_organization_of("hirer@nakhla.sa").await;
        let res = hirer.post_owned("/api/fn/save_call", &call_form("", "إعلان رمضان في جدة", "publish")).await;
        assert_eq!(res.status(), StatusCode::FOUND);
        let call = id_from(&location(&res));
        let roles = role_ids(app, &call).await;
        let other_hirer = signed_up(app, "hirer", "Omar", "omar@other.sa", "Other Films").await;

        let mut talent = talent_with_profile(app, "سارة العتيبي", "sara@talent.sa", "1998-05-14", "hirers").await;
        let res = apply(&mut talent, &call, &roles[0]).await;
        assert_eq!(res.status(), StatusCode::FOUND, "the talent applies");
        let application = id_from(&location(&res));
        let other_talent = talent_with_profile(app, "Lina", "lina@talent.sa", "1995-01-01", "public").await;

        let mut minor = talent_with_profile(app, "يوسف", "yousef@talent.sa", "2012-03-01", "hirers").await;
        let res = minor.post_form("/api/fn/invite_guardian", &[("lang_code", "ar"), ("form[email]", "mother@family.sa")]).await;
        assert!(res.status().is_redirection(), "the minor invites a guardian: {}", res.status());
        let invitation = wait_for_mail(app, "mother@family.sa", "guardian/accept?token=").await;
        let token = link_token(&invitation.mail.text);
        let mut guardian = signed_up(app, "guardian", "أم يوسف", "mother@family.sa", "").await;
        let res = guardian.post_form("/api/fn/accept_guardian", &[("lang_code", "ar"), ("token", &token)]).await;
        assert_eq!(res.status(), StatusCode::FOUND, "the guardian accepts");
        let res = apply(&mut minor, &call, &roles[1]).await;
        assert_eq!(res.status(), StatusCode::FOUND, "the minor applies once a guardian is linked");
        let minor_application = id_from(&location(&res));
        let res = move_to(app, &mut guardian, &minor_application, "submitted").await;
        assert!(res.status().is_redirection(), "the guardian approves: {}", res.status());

        let admin = admin(app, "admin@takeone.sa").await;
        let profile = |email: &'static str| async move {
            sqlx::query_scalar::<_, uuid::Uuid>("SELECT p.id FROM talent_profiles p JOIN users u ON u.id = p.user_id WHERE u.email = $1")
                .bind(email)
                .fetch_one(&app.db)
                .await
                .unwrap()
                .to_string()
        };
        World {
            talent_profile: profile("sara@talent.sa").await,
            minor_profile: profile("yousef@talent.sa").await,
            hirer,
            other_hirer,
            talent,
            other_talent,
            minor,
            guardian,
            admin,
            call,
            roles,
            application,
            minor_application,
        }
    }
}
