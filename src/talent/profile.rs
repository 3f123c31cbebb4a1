//! A talent's profile: what hirers cast from. Validated from the form in one place, for the
//! browser and the server alike.

use super::{Dialect, ExperienceLevel, Language, LanguageLevel, Nationality, Skill, Visibility, age};
use crate::{
    FieldErrors, Msg,
    casting::{Gender, ProjectType},
    city::City,
    phone::PhoneNumber,
    text,
};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

pub const MAX_LANGUAGES: usize = 10;
pub const MAX_CREDITS: usize = 30;
pub const MIN_HEIGHT_CM: i64 = 40;
pub const MAX_HEIGHT_CM: i64 = 250;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageSkill {
    pub language: Language,
    pub level: LanguageLevel,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    pub title: String,
    pub role: String,
    pub year: i32,
    pub kind: ProjectType,
}

/// A talent profile as stored. Age and minority are methods, computed on the day asked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TalentProfile {
    pub id: Uuid,
    pub user_id: Uuid,
    pub stage_name: String,
    pub legal_name: Option<String>,
    pub bio_ar: Option<String>,
    pub bio_en: Option<String>,
    pub gender: Option<Gender>,
    pub date_of_birth: Option<Date>,
    pub playing_age_min: Option<i32>,
    pub playing_age_max: Option<i32>,
    pub height_cm: Option<i32>,
    pub city: Option<City>,
    pub nationality: Option<Nationality>,
    pub phone: Option<PhoneNumber>,
    pub languages: Vec<LanguageSkill>,
    pub dialects: Vec<Dialect>,
    pub skills: Vec<Skill>,
    pub experience: Option<ExperienceLevel>,
    pub credits: Vec<Credit>,
    pub visibility: Visibility,
    pub guardian_user_id: Option<Uuid>,
    pub verified: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// The one rule for a guardian's authority, wherever it is checked: the linked guardian acts
/// for the ward while the ward is a minor, and not a day longer.
pub fn guardian_acts(guardian_user_id: Option<Uuid>, ward_is_minor: bool, user: Uuid) -> bool {
    ward_is_minor && guardian_user_id == Some(user)
}

/// How complete a profile is (0-100) and what would make it more so (locale keys).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completeness {
    pub score: u8,
    pub missing: Vec<String>,
}

impl TalentProfile {
    pub fn age(&self, today: Date) -> Option<i32> {
        self.date_of_birth.map(|d| age::age_on(d, today))
    }

    /// A profile without a date of birth is treated as a minor's: protection by default.
    pub fn is_minor(&self, today: Date) -> bool {
        self.date_of_birth.is_none_or(|d| age::is_minor(d, today))
    }

    pub fn has_guardian(&self) -> bool {
        self.guardian_user_id.is_some()
    }

    /// Whether `user` acts for this profile as its guardian today.
    pub fn guarded_by(&self, user: Uuid, today: Date) -> bool {
        guardian_acts(self.guardian_user_id, self.is_minor(today), user)
    }

    /// The date of birth a minor's profile shows is theirs to set once: after that only an
    /// administrator changes it, or a minor could make themselves an adult.
    pub fn birth_date_locked(&self, today: Date) -> bool {
        self.date_of_birth.is_some() && self.is_minor(today)
    }

    /// Who may see this profile, whatever its owner chose: a minor's is never public.
    pub fn effective_visibility(&self, today: Date) -> Visibility {
        match self.visibility {
            Visibility::Public if self.is_minor(today) => Visibility::Hirers,
            v => v,
        }
    }

    pub fn completeness(&self) -> Completeness {
        let checks: [(bool, u8, &str); 13] = [
            (self.bio_ar.is_some() || self.bio_en.is_some(), 15, "profile-missing-bio"),
            (self.gender.is_some(), 5, "profile-missing-gender"),
            (self.date_of_birth.is_some(), 10, "profile-missing-birth-date"),
            (self.playing_age_min.is_some(), 10, "profile-missing-playing-age"),
            (self.height_cm.is_some(), 5, "profile-missing-height"),
            (self.city.is_some(), 5, "profile-missing-city"),
            (self.nationality.is_some(), 5, "profile-missing-nationality"),
            (!self.languages.is_empty(), 10, "profile-missing-languages"),
            (!self.dialects.is_empty(), 10, "profile-missing-dialects"),
            (!self.skills.is_empty(), 10, "profile-missing-skills"),
            (self.experience.is_some(), 5, "profile-missing-experience"),
            (!self.credits.is_empty(), 5, "profile-missing-credits"),
            (self.phone.is_some(), 5, "profile-missing-phone"),
        ];
        let score = checks.iter().filter(|c| c.0).map(|c| c.1).sum();
        let missing = checks.iter().filter(|c| !c.0).map(|c| c.2.to_string()).collect();
        Completeness { score, missing }
    }

    /// What a hirer needs before an application makes sense: locale keys of what is missing.
    pub fn missing_for_applying(&self) -> Vec<String> {
        let mut missing = vec![];
        if self.gender.is_none() {
            missing.push("profile-missing-gender".to_string());
        }
        if self.date_of_birth.is_none() {
            missing.push("profile-missing-birth-date".to_string());
        }
        if self.city.is_none() {
            missing.push("profile-missing-city".to_string());
        }
        missing
    }

    /// The form's view of this profile, for editing.
    pub fn to_input(&self) -> ProfileInput {
        let num = |n: Option<i32>| n.map(|n| n.to_string()).unwrap_or_default();
        ProfileInput {
            stage_name: self.stage_name.clone(),
            legal_name: self.legal_name.clone().unwrap_or_default(),
            bio_ar: self.bio_ar.clone().unwrap_or_default(),
            bio_en: self.bio_en.clone().unwrap_or_default(),
            gender: self.gender.map(|g| g.as_str().to_string()).unwrap_or_default(),
            date_of_birth: self.date_of_birth.map(|d| d.to_string()).unwrap_or_default(),
            playing_age_min: num(self.playing_age_min),
            playing_age_max: num(self.playing_age_max),
            height_cm: num(self.height_cm),
            city: self.city.map(|c| c.slug().to_string()).unwrap_or_default(),
            nationality: self.nationality.map(|n| n.as_str().to_string()).unwrap_or_default(),
            phone: self.phone.as_ref().map(|p| p.as_str().to_string()).unwrap_or_default(),
            experience: self.experience.map(|e| e.as_str().to_string()).unwrap_or_default(),
            visibility: self.visibility.as_str().to_string(),
            dialects: self.dialects.iter().map(|d| d.as_str().to_string()).collect(),
            skills: self.skills.iter().map(|s| s.as_str().to_string()).collect(),
            languages: self
                .languages
                .iter()
                .map(|l| LanguageInput { language: l.language.as_str().into(), level: l.level.as_str().into() })
                .collect(),
            credits: self
                .credits
                .iter()
                .map(|c| CreditInput {
                    title: c.title.clone(),
                    role: c.role.clone(),
                    year: c.year.to_string(),
                    kind: c.kind.as_str().into(),
                })
                .collect(),
            intent: String::new(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageInput {
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub level: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub kind: String,
}

/// The profile form as typed. Check boxes arrive as lists of the ticked values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileInput {
    #[serde(default)]
    pub stage_name: String,
    #[serde(default)]
    pub legal_name: String,
    #[serde(default)]
    pub bio_ar: String,
    #[serde(default)]
    pub bio_en: String,
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub date_of_birth: String,
    #[serde(default)]
    pub playing_age_min: String,
    #[serde(default)]
    pub playing_age_max: String,
    #[serde(default)]
    pub height_cm: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub nationality: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub experience: String,
    #[serde(default)]
    pub visibility: String,
    #[serde(default)]
    pub dialects: Vec<String>,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub languages: Vec<LanguageInput>,
    #[serde(default)]
    pub credits: Vec<CreditInput>,
    /// "save", or "add_language" / "add_credit" to get one more row back (without JavaScript).
    #[serde(default)]
    pub intent: String,
}

/// A profile change that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileUpdate {
    pub stage_name: String,
    pub legal_name: Option<String>,
    pub bio_ar: Option<String>,
    pub bio_en: Option<String>,
    pub gender: Gender,
    pub date_of_birth: Date,
    pub playing_age: Option<(i32, i32)>,
    pub height_cm: Option<i32>,
    pub city: City,
    pub nationality: Option<Nationality>,
    pub phone: Option<PhoneNumber>,
    pub experience: Option<ExperienceLevel>,
    pub visibility: Visibility,
    pub dialects: Vec<Dialect>,
    pub skills: Vec<Skill>,
    pub languages: Vec<LanguageSkill>,
    pub credits: Vec<Credit>,
}

fn optional_number(input: &str, min: i64, max: i64) -> Result<Option<i32>, Msg> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    match text::parse_integer(input) {
        Some(n) if (min..=max).contains(&n) => Ok(Some(n as i32)),
        Some(_) => Err(Msg::new("error-number-range").with("min", min).with("max", max)),
        None => Err(Msg::new("error-number-invalid")),
    }
}

fn optional<T>(input: &str, parse: impl Fn(&str) -> Result<T, Msg>) -> Result<Option<T>, Msg> {
    if input.trim().is_empty() { Ok(None) } else { parse(input).map(Some) }
}

/// Ticked values of a check-box group, each known, none twice.
fn ticked<T: PartialEq>(values: &[String], parse: impl Fn(&str) -> Result<T, Msg>) -> Result<Vec<T>, Msg> {
    let mut out = Vec::new();
    for v in values.iter().filter(|v| !v.trim().is_empty()) {
        let item = parse(v)?;
        if !out.contains(&item) {
            out.push(item);
        }
    }
    Ok(out)
}

impl ProfileUpdate {
    pub fn parse(input: &ProfileInput, today: Date) -> Result<ProfileUpdate, FieldErrors> {
        let mut e = FieldErrors::new();
        let stage_name = e.take("stage_name", text::required_text(&input.stage_name, 2, 80, false));
        let legal_name = e.take("legal_name", text::optional_text(&input.legal_name, 120, false));
        let bio_ar = e.take("bio_ar", text::optional_text(&input.bio_ar, 2000, true));
        let bio_en = e.take("bio_en", text::optional_text(&input.bio_en, 2000, true));
        let gender = e.take(
            "gender",
            Gender::parse(&input.gender).and_then(|g| if g == Gender::Any { Err(Msg::new("error-unknown-choice")) } else { Ok(g) }),
        );
        let date_of_birth = e.take(
            "date_of_birth",
            text::parse_date(&input.date_of_birth).and_then(|d| match d {
                None => Err(Msg::new("error-required")),
                Some(d) if d > today => Err(Msg::new("error-birth-date-future")),
                Some(d) if age::age_on(d, today) > age::MAX_AGE => Err(Msg::new("error-birth-date-too-old")),
                Some(d) => Ok(d),
            }),
        );
        let age_min = e.take("playing_age_min", optional_number(&input.playing_age_min, 0, 100));
        let age_max = e.take("playing_age_max", optional_number(&input.playing_age_max, 0, 100));
        let playing_age = match (age_min, age_max) {
            (Some(Some(lo)), Some(Some(hi))) if lo > hi => {
                e.add("playing_age_max", Msg::new("error-age-order"));
                None
            }
            (Some(Some(lo)), Some(Some(hi))) => Some(Some((lo, hi))),
            (Some(None), Some(None)) => Some(None),
            (Some(Some(_)), Some(None)) => {
                e.add("playing_age_max", Msg::new("error-required"));
                None
            }
            (Some(None), Some(Some(_))) => {
                e.add("playing_age_min", Msg::new("error-required"));
                None
            }
            _ => None,
        };
        let height_cm = e.take("height_cm", optional_number(&input.height_cm, MIN_HEIGHT_CM, MAX_HEIGHT_CM));
        let city = e.take("city", City::parse(&input.city));
        let nationality = e.take("nationality", optional(&input.nationality, Nationality::parse));
        let phone = e.take("phone", optional(&input.phone, PhoneNumber::parse));
        let experience = e.take("experience", optional(&input.experience, ExperienceLevel::parse));
        let visibility = e.take(
            "visibility",
            Visibility::parse(&input.visibility).and_then(|v| {
                let minor = date_of_birth.is_none_or(|d| age::is_minor(d, today));
                if v == Visibility::Public && minor { Err(Msg::new("error-minor-not-public")) } else { Ok(v) }
            }),
        );
        let dialects = e.take("dialects", ticked(&input.dialects, Dialect::parse));
        let skills = e.take("skills", ticked(&input.skills, Skill::parse));

        let mut languages = Vec::new();
        let filled: Vec<(usize, &LanguageInput)> =
            input.languages.iter().enumerate().filter(|(_, l)| !(l.language.trim().is_empty() && l.level.trim().is_empty())).collect();
        if filled.len() > MAX_LANGUAGES {
            e.add("languages", Msg::new("error-too-many").with("max", MAX_LANGUAGES));
        }
        for (i, l) in filled {
            let language = e.take(&format!("languages[{i}][language]"), Language::parse(&l.language));
            let level = e.take(&format!("languages[{i}][level]"), LanguageLevel::parse(&l.level));
            if let (Some(language), Some(level)) = (language, level) {
                if languages.iter().any(|x: &LanguageSkill| x.language == language) {
                    e.add(format!("languages[{i}][language]"), Msg::new("error-duplicate"));
                } else {
                    languages.push(LanguageSkill { language, level });
                }
            }
        }

        let mut credits = Vec::new();
        let this_year = today.year() as i64;
        let filled: Vec<(usize, &CreditInput)> = input
            .credits
            .iter()
            .enumerate()
            .filter(|(_, c)| ![&c.title, &c.role, &c.year, &c.kind].iter().all(|s| s.trim().is_empty()))
            .collect();
        if filled.len() > MAX_CREDITS {
            e.add("credits", Msg::new("error-too-many").with("max", MAX_CREDITS));
        }
        for (i, c) in filled {
            let f = |name: &str| format!("credits[{i}][{name}]");
            let title = e.take(&f("title"), text::required_text(&c.title, 1, 150, false));
            let role = e.take(&f("role"), text::required_text(&c.role, 1, 100, false));
            let year =
                e.take(&f("year"), optional_number(&c.year, 1950, this_year + 2).and_then(|y| y.ok_or_else(|| Msg::new("error-required"))));
            let kind = e.take(&f("kind"), ProjectType::parse(&c.kind));
            if let (Some(title), Some(role), Some(year), Some(kind)) = (title, role, year, kind) {
                credits.push(Credit { title, role, year, kind });
            }
        }

        if !e.is_empty() {
            return Err(e);
        }
        let (
            Some(stage_name),
            Some(legal_name),
            Some(bio_ar),
            Some(bio_en),
            Some(gender),
            Some(date_of_birth),
            Some(playing_age),
            Some(height_cm),
        ) = (stage_name, legal_name, bio_ar, bio_en, gender, date_of_birth, playing_age, height_cm)
        else {
            return Err(e);
        };
        let (Some(city), Some(nationality), Some(phone), Some(experience), Some(visibility), Some(dialects), Some(skills)) =
            (city, nationality, phone, experience, visibility, dialects, skills)
        else {
            return Err(e);
        };
        Ok(ProfileUpdate {
            stage_name,
            legal_name,
            bio_ar,
            bio_en,
            gender,
            date_of_birth,
            playing_age,
            height_cm,
            city,
            nationality,
            phone,
            experience,
            visibility,
            dialects,
            skills,
            languages,
            credits,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::talent::tests_support::sample;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 01);

    pub(crate) fn input() -> ProfileInput {
        ProfileInput {
            stage_name: "سارة العتيبي".into(),
            gender: "female".into(),
            date_of_birth: "١٩٩٨-٠٥-١٤".into(),
            playing_age_min: "22".into(),
            playing_age_max: "٣٠".into(),
            height_cm: "165".into(),
            city: "riyadh".into(),
            nationality: "sa".into(),
            phone: "050 123 4567".into(),
            visibility: "public".into(),
            dialects: vec!["najdi".into(), "hijazi".into(), "najdi".into()],
            skills: vec!["acting".into(), "voice_over".into()],
            languages: vec![
                LanguageInput { language: "ar".into(), level: "native".into() },
                LanguageInput::default(),
                LanguageInput { language: "en".into(), level: "fluent".into() },
            ],
            credits: vec![CreditInput {
                title: "رحلة ٤٠".into(), role: "نورة".into(), year: "2024".into(), kind: "feature_film".into()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_adult_profile() {
        let p = ProfileUpdate::parse(&input(), TODAY).unwrap();
        assert_eq!(p.date_of_birth, date!(1998 - 05 - 14));
        assert_eq!(p.playing_age, Some((22, 30)));
        assert_eq!(p.dialects, vec![Dialect::Najdi, Dialect::Hijazi], "ticked twice counts once");
        assert_eq!(p.languages.len(), 2, "blank rows are ignored");
        assert_eq!(p.phone.unwrap().as_str(), "+966501234567");
    }

    #[test]
    fn errors_name_their_fields() {
        let mut i = input();
        i.date_of_birth = "2030-01-01".into();
        i.playing_age_min = "40".into();
        i.height_cm = "12".into();
        i.gender = "any".into();
        i.dialects.push("klingon".into());
        i.languages[2].language = "ar".into();
        i.credits[0].year = "1900".into();
        i.phone = "12345".into();
        let e = ProfileUpdate::parse(&i, TODAY).unwrap_err();
        assert_eq!(e.get("date_of_birth").unwrap().key, "error-birth-date-future");
        assert_eq!(e.get("playing_age_max").unwrap().key, "error-age-order");
        assert_eq!(e.get("height_cm").unwrap().key, "error-number-range");
        assert_eq!(e.get("gender").unwrap().key, "error-unknown-choice");
        assert_eq!(e.get("dialects").unwrap().key, "error-unknown-choice");
        assert_eq!(e.get("languages[2][language]").unwrap().key, "error-duplicate");
        assert_eq!(e.get("credits[0][year]").unwrap().key, "error-number-range");
        assert_eq!(e.get("phone").unwrap().key, "error-phone-invalid");
    }

    #[test]
    fn a_minor_cannot_choose_a_public_profile() {
        let mut i = input();
        i.date_of_birth = "2012-03-01".into();
        let e = ProfileUpdate::parse(&i, TODAY).unwrap_err();
        assert_eq!(e.get("visibility").unwrap().key, "error-minor-not-public");
        i.visibility = "hirers".into();
        assert!(ProfileUpdate::parse(&i, TODAY).is_ok());
    }

    #[test]
    fn minors_are_never_public_even_if_stored_so() {
        let mut p = sample();
        p.visibility = Visibility::Public;
        p.date_of_birth = Some(date!(2010 - 01 - 01));
        assert!(p.is_minor(TODAY));
        assert_eq!(p.effective_visibility(TODAY), Visibility::Hirers);
        p.date_of_birth = None;
        assert!(p.is_minor(TODAY), "no birth date: protected as a minor");
        p.date_of_birth = Some(date!(2000 - 01 - 01));
        assert_eq!(p.effective_visibility(TODAY), Visibility::Public);
        assert_eq!(p.age(TODAY), Some(26));
    }

    #[test]
    fn completeness_counts_what_is_there() {
        let mut p = sample();
        assert_eq!(p.completeness().score, 0);
        assert_eq!(p.completeness().missing.len(), 13);
        let u = ProfileUpdate::parse(&input(), TODAY).unwrap();
        p.gender = Some(u.gender);
        p.date_of_birth = Some(u.date_of_birth);
        p.city = Some(u.city);
        p.skills = u.skills;
        assert_eq!(p.completeness().score, 30);
        assert!(p.missing_for_applying().is_empty());
        p.bio_en = Some("Actor".into());
        assert_eq!(p.completeness().score, 45);
    }
}
