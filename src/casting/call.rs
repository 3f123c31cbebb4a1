use super::{CallStatus, ProjectType, Role, RoleInput, RoleSpec};
use crate::{FieldErrors, Msg, city::City, locale::Locale, text};
use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime, Time, UtcOffset, macros::format_description};
use uuid::Uuid;

pub const MAX_ROLES: usize = 20;
/// A hirer may ask applicants up to this many questions.
pub const MAX_QUESTIONS: usize = 5;
pub const MAX_QUESTION_LEN: usize = 300;

/// Saudi Arabia keeps one offset all year (no daylight saving).
pub const RIYADH: UtcOffset = match UtcOffset::from_hms(3, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

/// A deadline given as a day means the end of that day in Riyadh.
pub fn deadline_end_of_day(day: Date) -> OffsetDateTime {
    day.with_time(Time::from_hms(23, 59, 59).unwrap_or(Time::MIDNIGHT)).assume_offset(RIYADH)
}

/// A casting call as stored and shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CastingCall {
    pub id: Uuid,
    pub organization_id: Option<Uuid>,
    pub organization_name_ar: Option<String>,
    pub organization_name_en: Option<String>,
    pub company: Option<String>,
    pub title: String,
    pub description: String,
    pub city: City,
    pub project_type: ProjectType,
    pub language: Locale,
    pub requirements: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub deadline: Option<OffsetDateTime>,
    pub shoot_starts_on: Option<Date>,
    pub shoot_ends_on: Option<Date>,
    pub status: CallStatus,
    /// Why a closed call is closed (`expired` after its deadline).
    #[serde(default)]
    pub closed_reason: Option<String>,
    pub source_url: Option<String>,
    /// How to apply to a gathered call, as the admin approved it for the public.
    #[serde(default)]
    pub contact: Option<String>,
    pub is_aggregated: bool,
    #[serde(with = "time::serde::rfc3339::option")]
    pub published_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub roles: Vec<Role>,
    /// What the hirer asks every applicant.
    #[serde(default)]
    pub questions: Vec<String>,
}

/// What a visitor is told about a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PublicState {
    Open,
    Expired,
    Closed,
    /// Not public at all (draft, in review, rejected).
    Hidden,
}

impl CastingCall {
    pub fn public_state(&self, now: OffsetDateTime) -> PublicState {
        match self.status {
            CallStatus::Active if self.deadline.is_some_and(|d| d < now) => PublicState::Expired,
            CallStatus::Active => PublicState::Open,
            CallStatus::Closed if self.closed_reason.as_deref() == Some("expired") => PublicState::Expired,
            CallStatus::Closed => PublicState::Closed,
            _ => PublicState::Hidden,
        }
    }

    /// The hiring company's name in the reader's language, falling back to the other one.
    pub fn company_name(&self, locale: Locale) -> Option<&str> {
        let (first, second) = match locale {
            Locale::Ar => (&self.organization_name_ar, &self.organization_name_en),
            Locale::En => (&self.organization_name_en, &self.organization_name_ar),
        };
        first.as_deref().or(second.as_deref()).or(self.company.as_deref())
    }

    pub fn is_paid(&self) -> bool {
        self.roles.iter().any(|r| r.is_paid)
    }

    /// The form's view of this call, for editing.
    pub fn to_input(&self) -> CallInput {
        let fmt = format_description!("[year]-[month]-[day]");
        let day = |d: Option<Date>| d.and_then(|d| d.format(&fmt).ok()).unwrap_or_default();
        CallInput {
            title: self.title.clone(),
            description: self.description.clone(),
            city: self.city.slug().into(),
            project_type: self.project_type.as_str().into(),
            deadline: day(self.deadline.map(|d| d.to_offset(RIYADH).date())),
            shoot_starts_on: day(self.shoot_starts_on),
            shoot_ends_on: day(self.shoot_ends_on),
            requirements: self.requirements.clone().unwrap_or_default(),
            intent: String::new(),
            roles: self.roles.iter().map(RoleInput::from).collect(),
            questions: self.questions.clone(),
            company: self.company.clone().unwrap_or_default(),
            contact: self.contact.clone().unwrap_or_default(),
            show_phone: String::new(),
        }
    }
}

/// What the hirer's casting call form sends, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub project_type: String,
    #[serde(default)]
    pub deadline: String,
    #[serde(default)]
    pub shoot_starts_on: String,
    #[serde(default)]
    pub shoot_ends_on: String,
    #[serde(default)]
    pub requirements: String,
    /// Which button was pressed: "draft", "publish", "save" or "close".
    #[serde(default)]
    pub intent: String,
    #[serde(default)]
    pub roles: Vec<RoleInput>,
    /// Questions for applicants, one per line of the form (blank ones ignored).
    #[serde(default)]
    pub questions: Vec<String>,
    /// Gathered calls only (the admin's approval form): the company named in the post, how to
    /// apply, and whether a personal phone number in it may be shown ("on" when ticked).
    #[serde(default)]
    pub company: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub show_phone: String,
}

/// What the hirer asked for when submitting the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallIntent {
    SaveDraft,
    Publish,
    /// Keep the current status.
    Save,
    Close,
}

impl CallIntent {
    pub fn parse(s: &str) -> Result<CallIntent, Msg> {
        match s {
            "draft" => Ok(CallIntent::SaveDraft),
            "publish" => Ok(CallIntent::Publish),
            "save" | "" => Ok(CallIntent::Save),
            "close" => Ok(CallIntent::Close),
            _ => Err(Msg::new("error-unknown-choice")),
        }
    }

    /// The status a call in `current` moves to (`None` for a new call). Publishing goes
    /// through review unless the organization is `trusted`; reopening a closed call does not.
    pub fn target(self, current: Option<CallStatus>, trusted: bool) -> CallStatus {
        match (self, current) {
            (CallIntent::SaveDraft, _) => CallStatus::Draft,
            (CallIntent::Publish, Some(CallStatus::Closed | CallStatus::Active)) => CallStatus::Active,
            (CallIntent::Publish, Some(CallStatus::PendingReview | CallStatus::Rejected)) => CallStatus::PendingReview,
            (CallIntent::Publish, _) if trusted => CallStatus::Active,
            (CallIntent::Publish, _) => CallStatus::PendingReview,
            (CallIntent::Close, _) => CallStatus::Closed,
            (CallIntent::Save, Some(s)) => s,
            (CallIntent::Save, None) => CallStatus::Draft,
        }
    }
}

/// A call that passed every rule, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCall {
    pub title: String,
    pub description: String,
    pub city: City,
    pub project_type: ProjectType,
    pub language: Locale,
    pub requirements: Option<String>,
    pub deadline: OffsetDateTime,
    pub shoot_starts_on: Option<Date>,
    pub shoot_ends_on: Option<Date>,
    pub intent: CallIntent,
    pub roles: Vec<RoleSpec>,
    pub questions: Vec<String>,
}

use text::parse_date as parse_day;

impl NewCall {
    /// The call with `f` applied to every text it publishes: title, description, requirements,
    /// each role's name and description, and the questions. One list, so a new text field is
    /// covered where the others are (phone masking of gathered calls).
    pub fn map_texts(self, f: impl Fn(&str) -> String) -> NewCall {
        NewCall {
            title: f(&self.title),
            description: f(&self.description),
            requirements: self.requirements.as_deref().map(&f),
            roles: self
                .roles
                .into_iter()
                .map(|r| RoleSpec { name: f(&r.name), description: r.description.as_deref().map(&f), ..r })
                .collect(),
            questions: self.questions.iter().map(|q| f(q)).collect(),
            ..self
        }
    }
}

/// Guesses the language a call is written in: Arabic if it has more Arabic letters than Latin.
pub fn detect_language(text: &str) -> Locale {
    let arabic = text.chars().filter(|c| ('\u{0600}'..='\u{06FF}').contains(c)).count();
    let latin = text.chars().filter(|c| c.is_ascii_alphabetic()).count();
    if arabic >= latin { Locale::Ar } else { Locale::En }
}

impl NewCall {
    pub fn parse(input: &CallInput, now: OffsetDateTime) -> Result<NewCall, FieldErrors> {
        let mut e = FieldErrors::new();
        let title = e.take("title", text::required_text(&input.title, 3, 150, false));
        let description = e.take("description", text::required_text(&input.description, 20, 5000, true));
        let city = e.take("city", City::parse(&input.city));
        let project_type = e.take("project_type", ProjectType::parse(&input.project_type));
        let requirements = e.take("requirements", text::optional_text(&input.requirements, 2000, true));
        let today = now.to_offset(RIYADH).date();
        let deadline = e.take(
            "deadline",
            parse_day(&input.deadline).and_then(|d| match d {
                None => Err(Msg::new("error-required")),
                Some(d) if d < today => Err(Msg::new("error-date-past")),
                Some(d) if d > today + Duration::days(366) => Err(Msg::new("error-date-too-far")),
                Some(d) => Ok(deadline_end_of_day(d)),
            }),
        );
        let starts = e.take("shoot_starts_on", parse_day(&input.shoot_starts_on));
        let ends = e.take("shoot_ends_on", parse_day(&input.shoot_ends_on));
        if let (Some(Some(s)), Some(Some(en))) = (starts, ends)
            && en < s
        {
            e.add("shoot_ends_on", Msg::new("error-date-order"));
        }
        let intent = e.take("intent", CallIntent::parse(input.intent.trim()));

        let filled: Vec<(usize, &RoleInput)> = input.roles.iter().enumerate().filter(|(_, r)| !r.is_blank()).collect();
        if filled.is_empty() {
            e.add("roles", Msg::new("error-roles-required"));
        } else if filled.len() > MAX_ROLES {
            e.add("roles", Msg::new("error-roles-too-many").with("max", MAX_ROLES));
        }
        let roles: Vec<Option<RoleSpec>> = filled.iter().map(|(i, r)| r.parse(*i, &mut e)).collect();

        let mut questions = Vec::new();
        for (i, q) in input.questions.iter().enumerate() {
            if i >= MAX_QUESTIONS {
                if !q.trim().is_empty() {
                    e.add("questions", Msg::new("error-questions-too-many").with("max", MAX_QUESTIONS));
                }
                continue;
            }
            if let Some(Some(q)) = e.take(&format!("questions[{i}]"), text::optional_text(q, MAX_QUESTION_LEN, false)) {
                questions.push(q);
            }
        }

        if !e.is_empty() {
            return Err(e);
        }
        let (
            Some(title),
            Some(description),
            Some(city),
            Some(project_type),
            Some(requirements),
            Some(deadline),
            Some(starts),
            Some(ends),
            Some(intent),
        ) = (title, description, city, project_type, requirements, deadline, starts, ends, intent)
        else {
            return Err(e);
        };
        let language = detect_language(&format!("{title} {description}"));
        Ok(NewCall {
            title,
            description,
            city,
            project_type,
            language,
            requirements,
            deadline,
            shoot_starts_on: starts,
            shoot_ends_on: ends,
            intent,
            roles: roles.into_iter().flatten().collect(),
            questions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn input() -> CallInput {
        CallInput {
            title: "إعلان رمضان".into(),
            description: "نبحث عن ممثلين لإعلان تلفزيوني يصور في الرياض".into(),
            city: "riyadh".into(),
            project_type: "commercial".into(),
            deadline: "٢٠٢٦-١٢-٠١".into(),
            shoot_starts_on: "2026-12-10".into(),
            shoot_ends_on: "2026-12-12".into(),
            requirements: String::new(),
            intent: "publish".into(),
            roles: vec![
                RoleInput {
                    name: "الأم".into(),
                    gender: "female".into(),
                    age_min: "35".into(),
                    age_max: "45".into(),
                    paid: "paid".into(),
                    compensation: "3000".into(),
                    ..Default::default()
                },
                RoleInput::default(),
                RoleInput {
                    name: "الابن".into(),
                    gender: "male".into(),
                    age_min: "8".into(),
                    age_max: "12".into(),
                    paid: "unpaid".into(),
                    ..Default::default()
                },
            ],
            questions: vec!["هل لديك خبرة سابقة في الإعلانات؟".into(), "  ".into()],
            ..Default::default()
        }
    }

    const NOW: OffsetDateTime = datetime!(2026-11-25 12:00 UTC);

    #[test]
    fn a_good_call_with_two_roles() {
        let c = NewCall::parse(&input(), NOW).unwrap();
        assert_eq!(c.roles.len(), 2, "blank role rows are ignored");
        assert_eq!(c.language, Locale::Ar);
        assert_eq!(c.deadline, datetime!(2026-12-01 23:59:59 +3));
        assert_eq!(c.intent, CallIntent::Publish);
        assert_eq!(c.questions.len(), 1, "blank questions are ignored");
    }

    #[test]
    fn publishing_goes_through_review_until_trusted() {
        assert_eq!(CallIntent::Publish.target(None, false), CallStatus::PendingReview);
        assert_eq!(CallIntent::Publish.target(Some(CallStatus::Draft), true), CallStatus::Active);
        assert_eq!(CallIntent::Publish.target(Some(CallStatus::Closed), false), CallStatus::Active, "reopening");
        assert_eq!(CallIntent::Publish.target(Some(CallStatus::PendingReview), true), CallStatus::PendingReview);
        assert_eq!(CallIntent::Save.target(Some(CallStatus::Active), false), CallStatus::Active);
    }

    #[test]
    fn at_most_five_short_questions() {
        let mut i = input();
        i.questions = (0..6).map(|n| format!("question {n}")).collect();
        assert_eq!(NewCall::parse(&i, NOW).unwrap_err().get("questions").unwrap().key, "error-questions-too-many");
        i.questions = vec!["x".repeat(301)];
        assert_eq!(NewCall::parse(&i, NOW).unwrap_err().get("questions[0]").unwrap().key, "error-too-long");
    }

    #[test]
    fn dates_in_the_past_and_out_of_order() {
        let mut i = input();
        i.deadline = "2026-11-24".into();
        i.shoot_ends_on = "2026-12-01".into();
        let e = NewCall::parse(&i, NOW).unwrap_err();
        assert_eq!(e.get("deadline").unwrap().key, "error-date-past");
        assert_eq!(e.get("shoot_ends_on").unwrap().key, "error-date-order");

        i.deadline = "tomorrow".into();
        assert_eq!(NewCall::parse(&i, NOW).unwrap_err().get("deadline").unwrap().key, "error-date-invalid");
        i.deadline = "2026-11-25".into();
        assert!(NewCall::parse(&i, NOW).unwrap_err().get("deadline").is_none(), "today is still open");
    }

    #[test]
    fn needs_a_role_and_known_choices() {
        let mut i = input();
        i.roles.clear();
        i.city = "atlantis".into();
        i.intent = "explode".into();
        let e = NewCall::parse(&i, NOW).unwrap_err();
        assert_eq!(e.get("roles").unwrap().key, "error-roles-required");
        assert_eq!(e.get("city").unwrap().key, "error-unknown-choice");
        assert_eq!(e.get("intent").unwrap().key, "error-unknown-choice");
    }

    #[test]
    fn expiry_is_derived_from_the_deadline() {
        let c = NewCall::parse(&input(), NOW).unwrap();
        let call = CastingCall {
            id: Uuid::nil(),
            organization_id: None,
            organization_name_ar: Some("نبراس".into()),
            organization_name_en: None,
            company: None,
            title: c.title,
            description: c.description,
            city: c.city,
            project_type: c.project_type,
            language: c.language,
            requirements: None,
            deadline: Some(c.deadline),
            shoot_starts_on: None,
            shoot_ends_on: None,
            status: CallStatus::Active,
            closed_reason: None,
            source_url: None,
            contact: None,
            is_aggregated: false,
            published_at: Some(NOW),
            created_at: NOW,
            updated_at: NOW,
            roles: vec![],
            questions: vec![],
        };
        assert_eq!(call.public_state(NOW), PublicState::Open);
        assert_eq!(call.public_state(datetime!(2026-12-01 21:00 UTC)), PublicState::Expired);
        assert_eq!(call.company_name(Locale::En), Some("نبراس"));
        assert_eq!(call.to_input().deadline, "2026-12-01");
    }
}
