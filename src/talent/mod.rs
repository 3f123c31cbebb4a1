//! Talent: the people who apply. Profiles, their attributes, age, and minors' guardians.

mod age;
mod attributes;
mod profile;
mod view;

pub use age::{ADULT_AT, age_on, is_minor, today};
pub use attributes::{Dialect, ExperienceLevel, Language, LanguageLevel, Nationality, Skill, Visibility};
pub use profile::{
    Completeness, Credit, CreditInput, LanguageInput, LanguageSkill, MAX_CREDITS, MAX_LANGUAGES, ProfileInput, ProfileUpdate,
    TalentProfile, guardian_acts,
};
pub use view::{InvitationView, ProfileView, may_view};

#[cfg(feature = "ssr")]
mod guardians;
#[cfg(feature = "ssr")]
mod repo;
#[cfg(feature = "ssr")]
pub use guardians::{GuardianError, Guardians};
#[cfg(feature = "ssr")]
pub use repo::{ProfileError, Talents};

#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;
    use time::OffsetDateTime;
    use uuid::Uuid;

    pub fn sample() -> TalentProfile {
        TalentProfile {
            id: Uuid::nil(),
            user_id: Uuid::nil(),
            stage_name: "Sara".into(),
            legal_name: None,
            bio_ar: None,
            bio_en: None,
            gender: None,
            date_of_birth: None,
            playing_age_min: None,
            playing_age_max: None,
            height_cm: None,
            city: None,
            nationality: None,
            phone: None,
            languages: vec![],
            dialects: vec![],
            skills: vec![],
            experience: None,
            credits: vec![],
            visibility: Visibility::Hirers,
            guardian_user_id: None,
            verified: false,
            updated_at: OffsetDateTime::UNIX_EPOCH,
        }
    }
}
