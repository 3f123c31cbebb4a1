//! Talent profiles in PostgreSQL, and who may see which.

use super::{
    Credit, Dialect, ExperienceLevel, Language, LanguageLevel, LanguageSkill, Nationality, ProfileUpdate, ProfileView, Skill,
    TalentProfile, Visibility, may_view,
};
use crate::{
    account::{User, UserRole},
    audit::{self, RequestMeta},
    casting::{Gender, ProjectType},
    city::City,
    phone::PhoneNumber,
};
use serde_json::json;
use sqlx::{PgExecutor, PgPool, Row, postgres::PgRow};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("only talent have a profile")]
    NotTalent,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(crate::FieldErrors),
    #[error("only administrators may do this")]
    Forbidden,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl crate::DomainError for ProfileError {
    fn failure(&self) -> crate::Failure {
        use crate::Failure;
        match self {
            ProfileError::Invalid(e) => Failure::Invalid(e.clone()),
            ProfileError::NotTalent | ProfileError::Forbidden => Failure::Forbidden,
            ProfileError::NotFound => Failure::NotFound,
            ProfileError::Database(_) => Failure::Internal,
        }
    }
}

const SELECT: &str = "SELECT id, user_id, stage_name, legal_name, bio_ar, bio_en, gender, date_of_birth, playing_age_min,
    playing_age_max, height_cm, city, nationality, phone, dialects, skills, experience_level, visibility, guardian_user_id,
    verified, updated_at FROM talent_profiles";

fn parse_list<T>(values: Vec<String>, parse: impl Fn(&str) -> Option<T>) -> Vec<T> {
    values.iter().filter_map(|v| parse(v)).collect()
}

fn profile_from_row(r: &PgRow) -> Result<TalentProfile, sqlx::Error> {
    let opt = |name: &str| r.try_get::<Option<String>, _>(name);
    let visibility: String = r.try_get("visibility")?;
    Ok(TalentProfile {
        id: r.try_get("id")?,
        user_id: r.try_get("user_id")?,
        stage_name: r.try_get("stage_name")?,
        legal_name: opt("legal_name")?,
        bio_ar: opt("bio_ar")?,
        bio_en: opt("bio_en")?,
        gender: opt("gender")?.and_then(|g| Gender::parse(&g).ok()),
        date_of_birth: r.try_get("date_of_birth")?,
        playing_age_min: r.try_get("playing_age_min")?,
        playing_age_max: r.try_get("playing_age_max")?,
        height_cm: r.try_get("height_cm")?,
        city: opt("city")?.and_then(|c| City::parse(&c).ok()),
        nationality: opt("nationality")?.and_then(|n| Nationality::from_db(&n)),
        phone: opt("phone")?.map(PhoneNumber::from_db),
        languages: Vec::new(),
        dialects: parse_list(r.try_get("dialects")?, Dialect::from_db),
        skills: parse_list(r.try_get("skills")?, Skill::from_db),
        experience: opt("experience_level")?.and_then(|e| ExperienceLevel::from_db(&e)),
        credits: Vec::new(),
        visibility: Visibility::from_db(&visibility).unwrap_or(Visibility::Hidden),
        guardian_user_id: r.try_get("guardian_user_id")?,
        verified: r.try_get("verified")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// Loads the languages and credits of `profiles`.
pub(crate) async fn complete<'e>(db: impl PgExecutor<'e> + Copy, profiles: &mut [TalentProfile]) -> Result<(), sqlx::Error> {
    if profiles.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = profiles.iter().map(|p| p.id).collect();
    let langs =
        sqlx::query("SELECT talent_profile_id, language, level FROM talent_languages WHERE talent_profile_id = ANY($1) ORDER BY position")
            .bind(&ids)
            .fetch_all(db)
            .await?;
    let credits = sqlx::query(
        "SELECT talent_profile_id, title, role_name, year, kind FROM talent_credits WHERE talent_profile_id = ANY($1)
         ORDER BY year DESC, position",
    )
    .bind(&ids)
    .fetch_all(db)
    .await?;
    for p in profiles.iter_mut() {
        p.languages = langs
            .iter()
            .filter(|r| r.get::<Uuid, _>("talent_profile_id") == p.id)
            .filter_map(|r| {
                Some(LanguageSkill { language: Language::from_db(r.get("language"))?, level: LanguageLevel::from_db(r.get("level"))? })
            })
            .collect();
        p.credits = credits
            .iter()
            .filter(|r| r.get::<Uuid, _>("talent_profile_id") == p.id)
            .filter_map(|r| {
                Some(Credit {
                    title: r.get("title"),
                    role: r.get("role_name"),
                    year: r.get("year"),
                    kind: ProjectType::parse(r.get("kind")).ok()?,
                })
            })
            .collect();
    }
    Ok(())
}

#[derive(Clone)]
pub struct Talents {
    db: PgPool,
}

impl Talents {
    pub fn new(db: PgPool) -> Self {
        Self { db }
    }

    pub async fn get(&self, id: Uuid) -> Result<Option<TalentProfile>, sqlx::Error> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1"))).bind(id).fetch_optional(&self.db).await?;
        let Some(mut p) = row.as_ref().map(profile_from_row).transpose()? else { return Ok(None) };
        complete(&self.db, std::slice::from_mut(&mut p)).await?;
        Ok(Some(p))
    }

    pub async fn for_user(&self, user: Uuid) -> Result<Option<TalentProfile>, sqlx::Error> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE user_id = $1"))).bind(user).fetch_optional(&self.db).await?;
        let Some(mut p) = row.as_ref().map(profile_from_row).transpose()? else { return Ok(None) };
        complete(&self.db, std::slice::from_mut(&mut p)).await?;
        Ok(Some(p))
    }

    /// The profiles a guardian looks after.
    pub async fn wards(&self, guardian: Uuid) -> Result<Vec<TalentProfile>, sqlx::Error> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE guardian_user_id = $1 ORDER BY stage_name")))
            .bind(guardian)
            .fetch_all(&self.db)
            .await?;
        let mut out = rows.iter().map(profile_from_row).collect::<Result<Vec<_>, _>>()?;
        complete(&self.db, &mut out).await?;
        Ok(out)
    }

    /// A profile as `viewer` may see it; `None` hides whether it exists.
    pub async fn view(&self, id: Uuid, viewer: Option<&User>, now: OffsetDateTime) -> Result<Option<ProfileView>, sqlx::Error> {
        let Some(p) = self.get(id).await? else { return Ok(None) };
        let context = match viewer {
            Some(u) if u.role == UserRole::Hirer => match u.organization_id {
                Some(org) => {
                    sqlx::query_scalar(
                        "SELECT EXISTS (SELECT 1 FROM applications a JOIN casting_calls c ON c.id = a.casting_call_id
                     WHERE a.talent_profile_id = $1 AND c.organization_id = $2 AND a.submitted_at IS NOT NULL)",
                    )
                    .bind(id)
                    .bind(org)
                    .fetch_one(&self.db)
                    .await?
                }
                None => false,
            },
            _ => false,
        };
        let today = super::today(now);
        Ok(may_view(&p, viewer, context, today).then(|| ProfileView::new(p, viewer, today)))
    }

    /// The signed-in talent saves their own profile.
    pub async fn save(&self, user: &User, update: &ProfileUpdate, now: OffsetDateTime, meta: &RequestMeta) -> Result<Uuid, ProfileError> {
        if user.role != UserRole::Talent {
            return Err(ProfileError::NotTalent);
        }
        let mut tx = self.db.begin().await?;
        let current: Option<Option<time::Date>> =
            sqlx::query_scalar("SELECT date_of_birth FROM talent_profiles WHERE user_id = $1 FOR UPDATE")
                .bind(user.id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(born) = current else { return Err(ProfileError::NotFound) };
        let locked = born.is_some_and(|b| super::is_minor(b, super::today(now)));
        if locked && Some(update.date_of_birth) != born {
            let mut e = crate::FieldErrors::new();
            e.add("date_of_birth", crate::Msg::new("error-birth-date-locked"));
            return Err(ProfileError::Invalid(e));
        }
        let id: Option<Uuid> = sqlx::query_scalar(
            "UPDATE talent_profiles SET stage_name = $2, legal_name = $3, bio_ar = $4, bio_en = $5, gender = $6, date_of_birth = $7,
                playing_age_min = $8, playing_age_max = $9, height_cm = $10, city = $11, nationality = $12, phone = $13,
                dialects = $14, skills = $15, experience_level = $16, visibility = $17, updated_at = now()
             WHERE user_id = $1 RETURNING id",
        )
        .bind(user.id)
        .bind(&update.stage_name)
        .bind(&update.legal_name)
        .bind(&update.bio_ar)
        .bind(&update.bio_en)
        .bind(update.gender.as_str())
        .bind(update.date_of_birth)
        .bind(update.playing_age.map(|a| a.0))
        .bind(update.playing_age.map(|a| a.1))
        .bind(update.height_cm)
        .bind(update.city.slug())
        .bind(update.nationality.map(|n| n.as_str()))
        .bind(update.phone.as_ref().map(|p| p.as_str()))
        .bind(update.dialects.iter().map(|d| d.as_str()).collect::<Vec<_>>())
        .bind(update.skills.iter().map(|s| s.as_str()).collect::<Vec<_>>())
        .bind(update.experience.map(|e| e.as_str()))
        .bind(update.visibility.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else { return Err(ProfileError::NotFound) };
        sqlx::query("DELETE FROM talent_languages WHERE talent_profile_id = $1").bind(id).execute(&mut *tx).await?;
        for (i, l) in update.languages.iter().enumerate() {
            sqlx::query("INSERT INTO talent_languages (talent_profile_id, position, language, level) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(i as i32)
                .bind(l.language.as_str())
                .bind(l.level.as_str())
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM talent_credits WHERE talent_profile_id = $1").bind(id).execute(&mut *tx).await?;
        for (i, c) in update.credits.iter().enumerate() {
            sqlx::query(
                "INSERT INTO talent_credits (talent_profile_id, position, title, role_name, year, kind) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(i as i32)
            .bind(&c.title)
            .bind(&c.role)
            .bind(c.year)
            .bind(c.kind.as_str())
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE users SET display_name = $2, updated_at = now() WHERE id = $1")
            .bind(user.id)
            .bind(&update.stage_name)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut *tx,
            "TalentProfileUpdated",
            Some(user.id),
            Some(&id.to_string()),
            meta,
            json!({ "visibility": update.visibility.as_str() }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// An administrator corrects a profile's date of birth (the only way a minor's changes):
    /// audited with the old and new dates, and the guardian is told by mail.
    pub async fn correct_birth_date(
        &self,
        admin: &User,
        profile: Uuid,
        input: &str,
        now: OffsetDateTime,
        meta: &RequestMeta,
    ) -> Result<(), ProfileError> {
        if admin.role != UserRole::Admin {
            return Err(ProfileError::Forbidden);
        }
        let date = crate::text::parse_date(input).and_then(|d| d.ok_or(crate::Msg::new("error-required"))).map_err(|m| {
            let mut e = crate::FieldErrors::new();
            e.add("date_of_birth", m);
            ProfileError::Invalid(e)
        })?;
        if date > super::today(now) {
            let mut e = crate::FieldErrors::new();
            e.add("date_of_birth", crate::Msg::new("error-birth-date-future"));
            return Err(ProfileError::Invalid(e));
        }
        let mut tx = self.db.begin().await?;
        let row: Option<(Option<time::Date>, Option<Uuid>, String)> =
            sqlx::query_as("SELECT date_of_birth, guardian_user_id, stage_name FROM talent_profiles WHERE id = $1 FOR UPDATE")
                .bind(profile)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((before, guardian, stage_name)) = row else { return Err(ProfileError::NotFound) };
        sqlx::query("UPDATE talent_profiles SET date_of_birth = $2, updated_at = now() WHERE id = $1")
            .bind(profile)
            .bind(date)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut *tx,
            "TalentBirthDateCorrected",
            Some(admin.id),
            Some(&profile.to_string()),
            meta,
            json!({ "before": before.map(|d| d.to_string()), "after": date.to_string() }),
        )
        .await?;
        if let Some(guardian) = guardian {
            let params = crate::notify::params_object(&[("talent", stage_name), ("date", date.to_string())]);
            let key = format!("birth-date-corrected:{profile}:{}", now.unix_timestamp_nanos());
            crate::notify::outbox_mail_user(
                &mut tx,
                guardian,
                crate::notify::MailKind::BirthDateCorrected,
                &params,
                &crate::routes::Page::Talent { id: profile }.path(),
                &key,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
