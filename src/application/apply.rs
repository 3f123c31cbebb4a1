//! Applying to a role: what the talent sends, and whether they may send it at all.

use super::ApplicationStatus;
use crate::{
    FieldErrors, Msg,
    casting::{CastingCall, PublicState},
    talent::TalentProfile,
    text,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

pub const MAX_COVER_NOTE: usize = 2000;
pub const MAX_ANSWER: usize = 1000;

/// The application form as typed: a cover note and one answer per question of the call.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationInput {
    #[serde(default)]
    pub cover_note: String,
    #[serde(default)]
    pub answers: Vec<String>,
    /// The profile files sent with the application (asset ids, ticked on the form).
    #[serde(default)]
    pub media: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub question: String,
    pub answer: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewApplication {
    pub cover_note: Option<String>,
    pub answers: Vec<Answer>,
}

impl NewApplication {
    /// Every question of the call needs an answer; the note is optional.
    pub fn parse(input: &ApplicationInput, questions: &[String]) -> Result<NewApplication, FieldErrors> {
        let mut e = FieldErrors::new();
        let cover_note = e.take("cover_note", text::optional_text(&input.cover_note, MAX_COVER_NOTE, true));
        let mut answers = Vec::new();
        for (i, q) in questions.iter().enumerate() {
            let typed = input.answers.get(i).map(String::as_str).unwrap_or("");
            if let Some(a) = e.take(&format!("answers[{i}]"), text::required_text(typed, 1, MAX_ANSWER, true)) {
                answers.push(Answer { question: q.clone(), answer: a });
            }
        }
        match cover_note {
            Some(cover_note) if e.is_empty() => Ok(NewApplication { cover_note, answers }),
            _ => Err(e),
        }
    }
}

/// Why an application cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApplyRefusal {
    #[error("the call is closed")]
    CallClosed,
    #[error("the call's deadline has passed")]
    CallExpired,
    #[error("the call is not public")]
    CallNotFound,
    #[error("the role is not part of the call")]
    RoleNotFound,
    #[error("the profile lacks {0:?}")]
    ProfileIncomplete(Vec<String>),
    #[error("a minor needs a linked guardian")]
    GuardianRequired,
}

impl ApplyRefusal {
    pub fn msg(&self) -> Msg {
        match self {
            ApplyRefusal::CallClosed => Msg::new("error-call-closed"),
            ApplyRefusal::CallExpired => Msg::new("error-call-expired"),
            ApplyRefusal::CallNotFound | ApplyRefusal::RoleNotFound => Msg::new("error-not-found"),
            ApplyRefusal::ProfileIncomplete(_) => Msg::new("error-profile-incomplete"),
            ApplyRefusal::GuardianRequired => Msg::new("error-guardian-required"),
        }
    }
}

/// Whether this talent may apply to this role of this call now, and the status the application
/// starts in: a minor's waits for the guardian.
pub fn initial_status(
    call: &CastingCall,
    role_id: Uuid,
    profile: &TalentProfile,
    now: OffsetDateTime,
) -> Result<ApplicationStatus, ApplyRefusal> {
    match call.public_state(now) {
        PublicState::Open => {}
        PublicState::Expired => return Err(ApplyRefusal::CallExpired),
        PublicState::Closed => return Err(ApplyRefusal::CallClosed),
        PublicState::Hidden => return Err(ApplyRefusal::CallNotFound),
    }
    if !call.roles.iter().any(|r| r.id == role_id) {
        return Err(ApplyRefusal::RoleNotFound);
    }
    let missing = profile.missing_for_applying();
    if !missing.is_empty() {
        return Err(ApplyRefusal::ProfileIncomplete(missing));
    }
    let today = crate::talent::today(now);
    if profile.is_minor(today) {
        if !profile.has_guardian() {
            return Err(ApplyRefusal::GuardianRequired);
        }
        return Ok(ApplicationStatus::AwaitingGuardian);
    }
    Ok(ApplicationStatus::Submitted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        casting::{CallStatus, Gender, ProjectType, Role},
        city::City,
        locale::Locale,
    };
    use time::macros::{date, datetime};

    const NOW: OffsetDateTime = datetime!(2026-12-01 09:00 UTC);

    fn call(status: CallStatus, deadline: OffsetDateTime) -> CastingCall {
        CastingCall {
            id: Uuid::new_v4(),
            organization_id: Some(Uuid::new_v4()),
            organization_name_ar: None,
            organization_name_en: Some("Nakhla".into()),
            company: None,
            title: "Ad".into(),
            description: "A commercial".into(),
            city: City::Riyadh,
            project_type: ProjectType::Commercial,
            language: Locale::En,
            requirements: None,
            deadline: Some(deadline),
            shoot_starts_on: None,
            shoot_ends_on: None,
            status,
            closed_reason: None,
            source_url: None,
            contact: None,
            is_aggregated: false,
            published_at: Some(NOW),
            created_at: NOW,
            updated_at: NOW,
            roles: vec![Role {
                id: Uuid::from_u128(7),
                name: "Lead".into(),
                description: None,
                gender: Gender::Any,
                age_min: 10,
                age_max: 40,
                is_paid: true,
                compensation: None,
                requires: vec![],
            }],
            questions: vec![],
        }
    }

    fn adult() -> TalentProfile {
        let mut p = crate::talent::tests_support::sample();
        p.gender = Some(Gender::Female);
        p.city = Some(City::Jeddah);
        p.date_of_birth = Some(date!(1995 - 01 - 01));
        p
    }

    #[test]
    fn open_calls_only() {
        let role = Uuid::from_u128(7);
        let later = datetime!(2026-12-10 20:59 UTC);
        assert_eq!(initial_status(&call(CallStatus::Active, later), role, &adult(), NOW), Ok(ApplicationStatus::Submitted));
        assert_eq!(initial_status(&call(CallStatus::Closed, later), role, &adult(), NOW), Err(ApplyRefusal::CallClosed));
        assert_eq!(
            initial_status(&call(CallStatus::Active, datetime!(2026-11-30 20:59 UTC)), role, &adult(), NOW),
            Err(ApplyRefusal::CallExpired)
        );
        assert_eq!(initial_status(&call(CallStatus::Draft, later), role, &adult(), NOW), Err(ApplyRefusal::CallNotFound));
        assert_eq!(initial_status(&call(CallStatus::Suspended, later), role, &adult(), NOW), Err(ApplyRefusal::CallNotFound));
        assert_eq!(initial_status(&call(CallStatus::Active, later), Uuid::from_u128(8), &adult(), NOW), Err(ApplyRefusal::RoleNotFound));
    }

    #[test]
    fn minors_need_a_guardian_and_wait_for_them() {
        let c = call(CallStatus::Active, datetime!(2026-12-10 20:59 UTC));
        let role = Uuid::from_u128(7);
        let mut minor = adult();
        minor.date_of_birth = Some(date!(2012 - 06 - 01));
        assert_eq!(initial_status(&c, role, &minor, NOW), Err(ApplyRefusal::GuardianRequired));
        minor.guardian_user_id = Some(Uuid::new_v4());
        assert_eq!(initial_status(&c, role, &minor, NOW), Ok(ApplicationStatus::AwaitingGuardian));
        let mut incomplete = adult();
        incomplete.city = None;
        incomplete.date_of_birth = None;
        assert_eq!(
            initial_status(&c, role, &incomplete, NOW),
            Err(ApplyRefusal::ProfileIncomplete(vec!["profile-missing-birth-date".into(), "profile-missing-city".into()]))
        );
    }

    #[test]
    fn answers_and_notes() {
        let questions = vec!["Do you drive?".to_string(), "Available in March?".to_string()];
        let ok = NewApplication::parse(
            &ApplicationInput { cover_note: " ".into(), answers: vec!["نعم".into(), "Yes".into()], media: vec![] },
            &questions,
        )
        .unwrap();
        assert_eq!(ok.cover_note, None);
        assert_eq!(ok.answers[1].question, "Available in March?");
        let e = NewApplication::parse(
            &ApplicationInput { cover_note: "x".repeat(2001), answers: vec!["yes".into()], media: vec![] },
            &questions,
        )
        .unwrap_err();
        assert_eq!(e.get("cover_note").unwrap().key, "error-too-long");
        assert_eq!(e.get("answers[1]").unwrap().key, "error-required");
    }
}
