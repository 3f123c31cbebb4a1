//! Applications: a talent applies to one role of a call; the hirer moves the application
//! along; every move is an event in its history.

mod apply;
mod policy;
mod status;
mod worksheet;

pub use apply::{Answer, ApplicationInput, ApplyRefusal, MAX_ANSWER, MAX_COVER_NOTE, NewApplication, initial_status};
pub use policy::{Parties, Party};
pub use status::{ApplicationStatus, Side, StatusChangeError, TRANSITIONS};
pub use worksheet::{WORKSHEET_PAGE_SIZE, WorksheetFilter, WorksheetQuery, WorksheetSort};

#[cfg(feature = "ssr")]
mod repo;
#[cfg(feature = "ssr")]
mod shortlist;
#[cfg(feature = "ssr")]
pub use repo::{ApplicationError, Applications, ApplyOutcome};
#[cfg(feature = "ssr")]
pub use shortlist::Shortlists;

use crate::{
    casting::Gender,
    city::City,
    talent::{Dialect, Language, Skill},
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

pub const MAX_NOTE: usize = 2000;
pub const MAX_MESSAGE: usize = 4000;

/// One step of an application's history. Who made it is named for the hirer's side only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEvent {
    pub from: Option<ApplicationStatus>,
    pub to: ApplicationStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub actor: Option<String>,
}

/// What the worksheet and the application page show of an applicant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Applicant {
    pub profile_id: Uuid,
    pub stage_name: String,
    pub age: Option<i32>,
    pub is_minor: bool,
    pub gender: Option<Gender>,
    pub city: Option<City>,
    pub languages: Vec<Language>,
    pub dialects: Vec<Dialect>,
    pub skills: Vec<Skill>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub author: String,
    pub body: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub sender: String,
    /// Sent from the hirer's side (else by the talent or their guardian).
    pub from_hirer: bool,
    pub mine: bool,
    pub body: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// Who to call once booked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    /// The contact is the minor's guardian.
    pub guardian: bool,
}

/// One application as one of its parties sees it. Notes are `None` for the talent's side, and
/// messages `None` for whoever may not read the thread (a minor).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicationDetail {
    pub id: Uuid,
    pub version: i32,
    pub status: ApplicationStatus,
    pub party: Party,
    pub call_id: Uuid,
    pub call_title: String,
    pub role_id: Uuid,
    pub role_name: String,
    pub company: Option<String>,
    pub applicant: Applicant,
    pub cover_note: Option<String>,
    pub answers: Vec<Answer>,
    pub timeline: Vec<TimelineEvent>,
    pub notes: Option<Vec<Note>>,
    pub messages: Option<Vec<Message>>,
    pub may_write: bool,
    pub contact: Option<Contact>,
    /// Where this party may move it from here.
    pub moves: Vec<ApplicationStatus>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A talent's (or guardian's) list entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub id: Uuid,
    pub version: i32,
    pub status: ApplicationStatus,
    pub call_id: Uuid,
    pub call_title: String,
    pub role_name: String,
    pub company: Option<String>,
    pub talent_name: String,
    /// The signed-in person is the guardian, not the applicant.
    pub as_guardian: bool,
    pub timeline: Vec<TimelineEvent>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorksheetRow {
    pub id: Uuid,
    pub version: i32,
    pub status: ApplicationStatus,
    pub applicant: Applicant,
    pub notes: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub submitted_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShortlistLink {
    pub id: Uuid,
    pub url_token: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    pub revoked: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Worksheet {
    pub call_id: Uuid,
    pub call_title: String,
    pub role: crate::casting::Role,
    pub rows: Vec<WorksheetRow>,
    /// Every application of the role per status, whatever the filter.
    pub counts: Vec<(ApplicationStatus, i64)>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub filter: WorksheetFilter,
    pub links: Vec<ShortlistLink>,
}

/// The read-only page of a shortlist link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShortlistView {
    /// The hiring organization (what its link shows of each applicant's media).
    #[serde(default)]
    pub organization_id: Option<Uuid>,
    /// Each applicant's main headshot, by profile id, through addresses signed until expiry.
    #[serde(default)]
    pub headshots: std::collections::BTreeMap<Uuid, String>,
    pub call_title: String,
    pub role_name: String,
    pub company: Option<String>,
    pub entries: Vec<(Applicant, ApplicationStatus)>,
    /// Minors are never on a link anyone may open; only their number is shown.
    pub minors_hidden: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub changed: usize,
    /// Changed by someone else since the worksheet was loaded.
    pub conflicts: usize,
    /// The move is not allowed from their status.
    pub refused: usize,
    pub missing: usize,
    /// Messages sent by a bulk message (nothing moved).
    #[serde(default)]
    pub messaged: usize,
}
