//! Applicants in bulk, for the demo data and the worksheet benchmark: talent with varied,
//! realistic profiles applying to one role, written straight to the tables.

use crate::{
    application::ApplicationStatus,
    city::City,
    talent::{Dialect, Skill},
};
use sqlx::PgPool;
use time::{Date, Duration, Month, OffsetDateTime};
use uuid::Uuid;

const FIRST_FEMALE: &[&str] = &["سارة", "نورة", "ريم", "لمى", "هيا", "جود", "دانة", "غلا", "رهف", "شهد", "مها", "العنود"];
const FIRST_MALE: &[&str] = &["محمد", "عبدالله", "فهد", "سلطان", "تركي", "خالد", "ناصر", "يزيد", "بدر", "فيصل", "عمر", "سعود"];
const FAMILY: &[&str] = &["العتيبي", "القحطاني", "الشمري", "الزهراني", "الغامدي", "الحربي", "المطيري", "الدوسري", "العنزي", "السبيعي"];

/// A small deterministic generator: the same seed gives the same applicants.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn status(r: &mut Rng) -> ApplicationStatus {
    match r.below(100) {
        0..=59 => ApplicationStatus::Submitted,
        60..=74 => ApplicationStatus::Viewed,
        75..=86 => ApplicationStatus::Shortlisted,
        87..=91 => ApplicationStatus::OnHold,
        92..=94 => ApplicationStatus::Booked,
        _ => ApplicationStatus::Rejected,
    }
}

/// The argon2id hash of a random password nobody is told: accounts with it cannot be signed into.
pub async fn unusable_password_hash() -> Result<String, super::SeedError> {
    let secret = format!("{:032x}", rand::random::<u128>());
    crate::account::PasswordHasher::new(1).hash(&secret).await.map_err(|e| super::SeedError::Demo(e.to_string()))
}

/// Creates `n` adult talent (who cannot sign in: `password_hash` is the hash of a password
/// nobody knows) and their applications to `role` of `call`. Returns how many were made.
pub async fn add(db: &PgPool, call: Uuid, role: Uuid, n: usize, seed: u64, password_hash: &str, tag: &str) -> Result<usize, sqlx::Error> {
    let mut r = Rng(seed.max(1));
    let now = OffsetDateTime::now_utc();
    let mut tx = db.begin().await?;
    for i in 0..n {
        let female = r.below(2) == 0;
        let name = format!("{} {}", if female { r.pick(FIRST_FEMALE) } else { r.pick(FIRST_MALE) }, r.pick(FAMILY));
        let user = Uuid::new_v4();
        let profile = Uuid::new_v4();
        let born = Date::from_calendar_date(
            1965 + r.below(42) as i32,
            Month::try_from(1 + r.below(12) as u8).unwrap_or(Month::January),
            1 + r.below(28) as u8,
        )
        .unwrap_or(Date::MIN);
        let city = [City::Riyadh, City::Jeddah, City::Dammam, City::Riyadh, City::Abha, City::Mecca, City::Khobar][r.below(7)];
        let mut dialects = vec![r.pick(Dialect::ALL).as_str()];
        if r.below(3) == 0 {
            dialects.push(Dialect::Msa.as_str());
        }
        dialects.dedup();
        let mut skills: Vec<&str> = (0..1 + r.below(3)).map(|_| r.pick(Skill::ALL).as_str()).collect();
        skills.sort();
        skills.dedup();
        sqlx::query(
            "INSERT INTO users (id, email, password_hash, role, display_name, locale, email_verified_at) VALUES ($1, $2, $3, 'talent', $4, 'ar', now())",
        )
        .bind(user)
        .bind(format!("{tag}-{i}-{}@seed.takeone.sa", user.simple()))
        .bind(password_hash)
        .bind(&name)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO talent_profiles (id, user_id, stage_name, gender, date_of_birth, city, nationality, dialects, skills, visibility,
                playing_age_min, playing_age_max, height_cm, experience_level)
             VALUES ($1, $2, $3, $4, $5, $6, 'sa', $7, $8, 'hirers', $9, $10, $11, $12)",
        )
        .bind(profile)
        .bind(user)
        .bind(&name)
        .bind(if female { "female" } else { "male" })
        .bind(born)
        .bind(city.slug())
        .bind(&dialects)
        .bind(&skills)
        .bind(crate::talent::age_on(born, now.date()) - 3)
        .bind(crate::talent::age_on(born, now.date()) + 3)
        .bind(150 + r.below(45) as i32)
        .bind(["beginner", "intermediate", "professional"][r.below(3)])
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO talent_languages (talent_profile_id, position, language, level) VALUES ($1, 0, 'ar', 'native')")
            .bind(profile)
            .execute(&mut *tx)
            .await?;
        if r.below(2) == 0 {
            sqlx::query("INSERT INTO talent_languages (talent_profile_id, position, language, level) VALUES ($1, 1, 'en', $2)")
                .bind(profile)
                .bind(["fluent", "conversational", "basic"][r.below(3)])
                .execute(&mut *tx)
                .await?;
        }
        let s = status(&mut r);
        let applied = now - Duration::minutes(r.below(60 * 24 * 14) as i64);
        let application = Uuid::new_v4();
        sqlx::query(
            "INSERT INTO applications (id, casting_call_id, role_id, talent_profile_id, status, cover_note, submitted_at, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7)",
        )
        .bind(application)
        .bind(call)
        .bind(role)
        .bind(profile)
        .bind(s.as_str())
        .bind("متحمسة للمشاركة، ومتاحة طوال أيام التصوير.")
        .bind(applied)
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO application_status_events (id, application_id, from_status, to_status, actor_user_id, at) VALUES ($1, $2, NULL, 'submitted', $3, $4)")
            .bind(Uuid::new_v4())
            .bind(application)
            .bind(user)
            .bind(applied)
            .execute(&mut *tx)
            .await?;
        if s != ApplicationStatus::Submitted {
            sqlx::query("INSERT INTO application_status_events (id, application_id, from_status, to_status, at) VALUES ($1, $2, 'submitted', $3, $4)")
                .bind(Uuid::new_v4())
                .bind(application)
                .bind(s.as_str())
                .bind(applied + Duration::hours(2))
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(n)
}
