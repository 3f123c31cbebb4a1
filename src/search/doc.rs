//! What the indexes hold: one document per talent profile and per casting call, in the shape of
//! the relevance collection's JSON lines (so `takeone search eval` loads them as they are), with
//! the few facts the product adds (visibility, birth date, completeness).

use serde::{Deserialize, Serialize};
use time::Date;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LanguageLevel {
    pub code: String,
    #[serde(default)]
    pub level: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TalentDoc {
    pub id: String,
    pub stage_name: String,
    #[serde(default)]
    pub name_ar: Option<String>,
    #[serde(default)]
    pub name_en: Option<String>,
    #[serde(default)]
    pub gender: Option<String>,
    #[serde(default)]
    pub birth_year: Option<i32>,
    /// The exact date when known (the product); otherwise 1 January of `birth_year`.
    #[serde(default)]
    pub birth_date: Option<Date>,
    #[serde(default)]
    pub playing_age_min: Option<i32>,
    #[serde(default)]
    pub playing_age_max: Option<i32>,
    /// A city slug (`riyadh`) or the collection's English name (`Khamis Mushait`).
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub languages: Vec<LanguageLevel>,
    #[serde(default)]
    pub dialects: Vec<String>,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub experience: Option<String>,
    #[serde(default)]
    pub height_cm: Option<i32>,
    #[serde(default)]
    pub bio_ar: Option<String>,
    #[serde(default)]
    pub bio_en: Option<String>,
    /// Credits as written (title, role, kind), searched like the bio.
    #[serde(default)]
    pub credits: Vec<String>,
    #[serde(default)]
    pub verified: bool,
    #[serde(default)]
    pub last_active_days: i64,
    /// `public`, `hirers` or `hidden`; the collection's profiles are all public.
    #[serde(default = "public")]
    pub visibility: String,
    /// 0 to 100: how much of the profile is filled in; computed when absent.
    #[serde(default)]
    pub completeness: Option<u8>,
}

fn public() -> String {
    "public".into()
}

impl TalentDoc {
    pub fn birth_date(&self) -> Option<Date> {
        self.birth_date.or_else(|| Date::from_calendar_date(self.birth_year?, time::Month::January, 1).ok())
    }

    /// The share of the profile a hirer would want filled in, when the product did not say.
    pub fn completeness(&self) -> u8 {
        if let Some(c) = self.completeness {
            return c.min(100);
        }
        let parts = [
            self.gender.is_some(),
            self.birth_date().is_some(),
            self.playing_age_min.is_some() && self.playing_age_max.is_some(),
            self.city.is_some(),
            !self.languages.is_empty(),
            !self.skills.is_empty(),
            !self.dialects.is_empty(),
            self.experience.is_some(),
            self.height_cm.is_some(),
            self.bio_ar.is_some() || self.bio_en.is_some(),
            self.bio_ar.is_some() && self.bio_en.is_some(),
            !self.credits.is_empty(),
        ];
        (parts.iter().filter(|p| **p).count() * 100 / parts.len()) as u8
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RoleDoc {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// `male`, `female` or `any`.
    pub gender: String,
    pub age_min: i32,
    pub age_max: i32,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub dialects: Vec<String>,
    #[serde(default)]
    pub paid: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CallDoc {
    pub id: String,
    pub title_ar: String,
    #[serde(default)]
    pub title_en: Option<String>,
    pub description_ar: String,
    #[serde(default)]
    pub description_en: Option<String>,
    pub city: String,
    #[serde(default)]
    pub company: Option<String>,
    #[serde(default)]
    pub roles: Vec<RoleDoc>,
    #[serde(default)]
    pub paid: bool,
    #[serde(default)]
    pub compensation_sar: Option<i64>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub deadline: Option<String>,
    /// `active` or `closed`.
    pub status: String,
    /// The product's project type slug (`tv_series`); the collection states it in the text only.
    #[serde(default)]
    pub project_type: Option<String>,
    /// When it was published (`YYYY-MM-DD`), for "newest" and alerts.
    #[serde(default)]
    pub published_on: Option<String>,
}

impl CallDoc {
    pub fn deadline(&self) -> Option<Date> {
        parse_day(self.deadline.as_deref()?)
    }
}

pub fn parse_day(s: &str) -> Option<Date> {
    Date::parse(s.get(..10)?, time::macros::format_description!("[year]-[month]-[day]")).ok()
}
