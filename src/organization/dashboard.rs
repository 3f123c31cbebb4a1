//! What the hirer's dashboard and settings pages show.

use super::{MemberRole, Organization};
use crate::{application::ApplicationStatus, casting::CallStatus};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub role: MemberRole,
    #[serde(with = "time::serde::rfc3339")]
    pub since: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberInvitation {
    pub email: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// One call on the dashboard with its applications per status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallCounts {
    pub call_id: Uuid,
    pub title: String,
    pub status: CallStatus,
    pub closed_reason: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub deadline: Option<OffsetDateTime>,
    pub roles: Vec<(Uuid, String)>,
    pub applications: BTreeMap<ApplicationStatus, i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub organization: Organization,
    pub calls: Vec<CallCounts>,
    pub calls_by_status: BTreeMap<String, i64>,
    pub applications_by_status: BTreeMap<ApplicationStatus, i64>,
    pub trusted: bool,
}
