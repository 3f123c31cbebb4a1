//! Demo data: organizations, about forty casting calls across Saudi cities, and one demo
//! account per role. Running it twice changes nothing.

pub mod applicants;

use crate::{
    account::{Accounts, Email, Password, Registration, UserRole},
    audit::RequestMeta,
    billing::PlanId,
    casting::deadline_end_of_day,
    city::City,
    locale::Locale,
};
use serde::Deserialize;
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

const DATA: &str = include_str!("casting_calls.json");

#[derive(Deserialize)]
struct SeedFile {
    organizations: Vec<SeedOrg>,
    calls: Vec<SeedCall>,
}

#[derive(Deserialize)]
struct SeedOrg {
    key: String,
    name_ar: String,
    name_en: String,
    city: City,
    kind: String,
}

#[derive(Deserialize)]
struct SeedCall {
    org: String,
    lang: Locale,
    title: String,
    description: String,
    city: City,
    project_type: String,
    posted_days_ago: i64,
    deadline_in_days: i64,
    status: String,
    aggregated: bool,
    source_url: Option<String>,
    roles: Vec<SeedRole>,
}

#[derive(Deserialize)]
struct SeedRole {
    name: String,
    description: String,
    gender: String,
    age_min: i32,
    age_max: i32,
    paid: bool,
    compensation_halalas: Option<i64>,
}

/// A demo account and the password the run command prints.
pub struct DemoAccount {
    pub role: UserRole,
    pub email: &'static str,
    pub password: &'static str,
    /// The paid plan the demo gives it without charge, so every feature can be tried.
    pub plan: Option<PlanId>,
}

pub const DEMO_ACCOUNTS: [DemoAccount; 5] = [
    DemoAccount { role: UserRole::Admin, email: "admin@demo.takeone.sa", password: "kafd-noir-admin-2026", plan: None },
    DemoAccount {
        role: UserRole::Hirer,
        email: "hirer@demo.takeone.sa",
        password: "kafd-noir-hirer-2026",
        plan: Some(PlanId::HirerStudio),
    },
    DemoAccount {
        role: UserRole::Talent,
        email: "talent@demo.takeone.sa",
        password: "kafd-noir-talent-2026",
        plan: Some(PlanId::TalentPro),
    },
    DemoAccount { role: UserRole::Guardian, email: "guardian@demo.takeone.sa", password: "kafd-noir-guardian-2026", plan: None },
    // A 14-year-old talent, linked to the demo guardian, on the free plan.
    DemoAccount { role: UserRole::Talent, email: "junior@demo.takeone.sa", password: "kafd-noir-junior-2026", plan: None },
];

/// Applicants the demo hirer finds on their latest call.
pub const DEMO_APPLICANTS: usize = 24;

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("seed data is malformed: {0}")]
    Data(#[from] serde_json::Error),
    #[error("seed data refers to unknown organization {0}")]
    UnknownOrganization(String),
    #[error("demo data breaks a rule: {0}")]
    Demo(String),
    #[error(transparent)]
    Account(#[from] crate::account::AccountError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

pub struct SeedReport {
    pub calls_created: usize,
    pub already_seeded: bool,
}

pub async fn run(db: &PgPool, accounts: &Accounts) -> Result<SeedReport, SeedError> {
    let file: SeedFile = serde_json::from_str(DATA)?;
    let hirer_email = Email::parse(DEMO_ACCOUNTS[1].email).map_err(|_| SeedError::UnknownOrganization("demo".into()))?;
    if accounts.find_by_email(&hirer_email).await?.is_some() {
        return Ok(SeedReport { calls_created: 0, already_seeded: true });
    }
    let meta = RequestMeta { ip: None, user_agent: Some("takeone-seed".into()) };
    let mut hirer_org = None;
    for demo in &DEMO_ACCOUNTS {
        let email = Email::parse(demo.email).map_err(|_| SeedError::UnknownOrganization(demo.email.into()))?;
        let password = Password::parse(demo.password).map_err(|_| SeedError::UnknownOrganization(demo.email.into()))?;
        let user = match demo.role {
            UserRole::Admin => accounts.create_admin(&email, &password, "مدير تيك ون").await?,
            role => {
                let name = match (role, demo.email) {
                    (UserRole::Hirer, _) => "ريم القحطاني",
                    (UserRole::Guardian, _) => "منى الحربي",
                    (_, "junior@demo.takeone.sa") => "يوسف الحربي",
                    _ => "سارة العتيبي",
                };
                let reg = Registration {
                    name: name.into(),
                    email,
                    password,
                    role,
                    organization: (role == UserRole::Hirer).then(|| file.organizations[0].name_ar.clone()),
                    invitation: None,
                    locale: Locale::Ar,
                };
                accounts.register(reg, &meta).await?
            }
        };
        if demo.role == UserRole::Hirer {
            hirer_org = user.organization_id;
        }
    }

    let mut tx = db.begin().await?;
    let mut orgs = std::collections::HashMap::new();
    for (i, org) in file.organizations.iter().enumerate() {
        let id = match (i, hirer_org) {
            (0, Some(id)) => {
                sqlx::query("UPDATE organizations SET name_ar = $2, name_en = $3, kind = $4, city = $5, verified = true WHERE id = $1")
                    .bind(id)
                    .bind(&org.name_ar)
                    .bind(&org.name_en)
                    .bind(&org.kind)
                    .bind(org.city.slug())
                    .execute(&mut *tx)
                    .await?;
                id
            }
            _ => {
                let id = Uuid::new_v4();
                sqlx::query("INSERT INTO organizations (id, name_ar, name_en, kind, city, verified) VALUES ($1, $2, $3, $4, $5, true)")
                    .bind(id)
                    .bind(&org.name_ar)
                    .bind(&org.name_en)
                    .bind(&org.kind)
                    .bind(org.city.slug())
                    .execute(&mut *tx)
                    .await?;
                id
            }
        };
        orgs.insert(org.key.clone(), (id, org));
    }

    let now = OffsetDateTime::now_utc();
    for call in &file.calls {
        let (org_id, org) = orgs.get(&call.org).ok_or_else(|| SeedError::UnknownOrganization(call.org.clone()))?;
        let id = Uuid::new_v4();
        let posted = now - Duration::days(call.posted_days_ago) - Duration::minutes(7 * (id.as_u128() % 97) as i64);
        let deadline = deadline_end_of_day((now + Duration::days(call.deadline_in_days)).date());
        let company = if call.lang == Locale::Ar { &org.name_ar } else { &org.name_en };
        sqlx::query(
            "INSERT INTO casting_calls (id, organization_id, company, title, description, city, project_type, language,
                deadline, status, source_url, is_aggregated, published_at, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $13)",
        )
        .bind(id)
        .bind((!call.aggregated).then_some(*org_id))
        .bind(company)
        .bind(&call.title)
        .bind(&call.description)
        .bind(call.city.slug())
        .bind(&call.project_type)
        .bind(call.lang.code())
        .bind(deadline)
        .bind(&call.status)
        .bind(&call.source_url)
        .bind(call.aggregated)
        .bind(posted)
        .execute(&mut *tx)
        .await?;
        for (position, role) in call.roles.iter().enumerate() {
            sqlx::query(
                "INSERT INTO casting_roles (id, casting_call_id, position, name, description, gender, age_min, age_max, is_paid, compensation_halalas)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(Uuid::new_v4())
            .bind(id)
            .bind(position as i32)
            .bind(&role.name)
            .bind(&role.description)
            .bind(&role.gender)
            .bind(role.age_min)
            .bind(role.age_max)
            .bind(role.paid)
            .bind(role.compensation_halalas)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    let billing = crate::billing::Billing::new(db.clone());
    for demo in &DEMO_ACCOUNTS {
        if let Some(plan) = demo.plan {
            billing
                .grant(None, demo.email, plan, 365, now, &meta)
                .await
                .map_err(|e| SeedError::Demo(format!("the plan of {}: {e}", demo.email)))?;
        }
    }
    marketplace(db, accounts, hirer_org).await?;
    digital_twin(db).await?;
    Ok(SeedReport { calls_created: file.calls.len(), already_seeded: false })
}

/// A demo WhatsApp group with a chat export already imported, so the validation queue has work
/// as soon as the workers start (a web source is left for the admin to add: it needs the network).
async fn digital_twin(db: &PgPool) -> Result<(), SeedError> {
    const EXPORT: &str = include_str!("../ingest/whatsapp/fixtures/android-ar.txt");
    let messages = crate::ingest::whatsapp::parse_export(EXPORT.as_bytes()).map_err(|e| SeedError::Demo(e.to_string()))?;
    let source = Uuid::new_v4();
    sqlx::query("INSERT INTO ingestion_sources (id, kind, name, group_id) VALUES ($1, 'whatsapp', 'كاستنج جدة (تجريبي)', '120363000000000001@g.us')")
        .bind(source)
        .execute(db)
        .await?;
    let items: Vec<crate::ingest::items::NewItem> =
        messages.iter().filter(|m| !m.is_system && !m.is_placeholder()).map(crate::ingest::items::NewItem::from_export).collect();
    crate::ingest::items::Items::new(db.clone()).add(source, &items).await?;
    Ok(())
}

/// The demo talent's complete profile, the minor and their guardian, and applicants on the
/// demo hirer's latest call, so every page has something to show.
async fn marketplace(db: &PgPool, accounts: &Accounts, hirer_org: Option<Uuid>) -> Result<(), SeedError> {
    use crate::talent::{LanguageInput, ProfileInput, ProfileUpdate, Talents};
    let find = |email: &'static str| async move {
        let e = Email::parse(email).map_err(|_| SeedError::Demo(email.into()))?;
        accounts.find_by_email(&e).await?.ok_or_else(|| SeedError::Demo(format!("no account {email}")))
    };
    let today = OffsetDateTime::now_utc().date();
    let talents = Talents::new(db.clone());
    let meta = RequestMeta { ip: None, user_agent: Some("takeone-seed".into()) };
    let profile = |name: &str, born: &str, visibility: &str, dialects: &[&str]| ProfileInput {
        stage_name: name.into(),
        gender: if name.starts_with("سارة") { "female".into() } else { "male".into() },
        date_of_birth: born.into(),
        city: "riyadh".into(),
        nationality: "sa".into(),
        visibility: visibility.into(),
        bio_ar: "ممثلة وموهبة تعليق صوتي من الرياض، شاركت في إعلانات رمضانية ومسلسلات محلية.".into(),
        playing_age_min: "22".into(),
        playing_age_max: "32".into(),
        height_cm: "164".into(),
        experience: "intermediate".into(),
        dialects: dialects.iter().map(|d| d.to_string()).collect(),
        skills: vec!["acting".into(), "voice_over".into()],
        languages: vec![
            LanguageInput { language: "ar".into(), level: "native".into() },
            LanguageInput { language: "en".into(), level: "fluent".into() },
        ],
        ..Default::default()
    };
    let sara = find(DEMO_ACCOUNTS[2].email).await?;
    let update = ProfileUpdate::parse(&profile("سارة العتيبي", "1997-03-12", "public", &["najdi", "hijazi"]), today)
        .map_err(|_| SeedError::Demo("the demo talent's profile".into()))?;
    talents.save(&sara, &update, time::OffsetDateTime::now_utc(), &meta).await.map_err(|e| SeedError::Demo(e.to_string()))?;
    let junior = find(DEMO_ACCOUNTS[4].email).await?;
    let mut minor = profile("يوسف الحربي", &(today.year() - 14).to_string(), "hirers", &["najdi"]);
    minor.date_of_birth = format!("{}-02-01", today.year() - 14);
    minor.bio_ar = String::new();
    let update = ProfileUpdate::parse(&minor, today).map_err(|_| SeedError::Demo("the demo minor's profile".into()))?;
    talents.save(&junior, &update, time::OffsetDateTime::now_utc(), &meta).await.map_err(|e| SeedError::Demo(e.to_string()))?;
    let guardian = find(DEMO_ACCOUNTS[3].email).await?;
    sqlx::query("UPDATE talent_profiles SET guardian_user_id = $2, guardian_linked_at = now() WHERE user_id = $1")
        .bind(junior.id)
        .bind(guardian.id)
        .execute(db)
        .await?;

    // Demo addresses are taken as verified; their welcome mails are not sent.
    let emails: Vec<&str> = DEMO_ACCOUNTS.iter().map(|a| a.email).collect();
    sqlx::query("UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE email = ANY($1)")
        .bind(&emails)
        .execute(db)
        .await?;
    sqlx::query("DELETE FROM email_deliveries WHERE kind = 'verify_email' AND to_address = ANY($1)").bind(&emails).execute(db).await?;

    if let Some(org) = hirer_org {
        let target: Option<(Uuid, Uuid)> = sqlx::query_as(
            "SELECT c.id, r.id FROM casting_calls c JOIN casting_roles r ON r.casting_call_id = c.id
             WHERE c.organization_id = $1 AND c.status = 'active' AND c.deadline > now() ORDER BY c.published_at DESC, r.position LIMIT 1",
        )
        .bind(org)
        .fetch_optional(db)
        .await?;
        if let Some((call, role)) = target {
            applicants::add(db, call, role, DEMO_APPLICANTS, 2026, &applicants::unusable_password_hash().await?, "demo").await?;
        }
    }
    Ok(())
}
