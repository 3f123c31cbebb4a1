//! Reports of casting calls by the people who read them (a call that asks talent to pay, a
//! fake, something inappropriate, an expired call still up), and the administrators' queue.

use crate::{FieldErrors, casting::CallStatus, text};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

crate::choice! {
    pub enum ReportReason: "report-reason" {
        AsksPayment => "asks_payment",
        Fake => "fake",
        Inappropriate => "inappropriate",
        Expired => "expired",
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportInput {
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub details: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewReport {
    pub reason: ReportReason,
    pub details: String,
}

impl NewReport {
    /// A reason from the list and a few words on what is wrong.
    pub fn parse(input: &ReportInput) -> Result<NewReport, FieldErrors> {
        let mut e = FieldErrors::new();
        let reason = e.take("reason", ReportReason::parse(&input.reason));
        let details = e.take("details", text::required_text(&input.details, 10, 1000, true));
        match (reason, details) {
            (Some(reason), Some(details)) => Ok(NewReport { reason, details }),
            _ => Err(e),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportItem {
    pub id: Uuid,
    pub reason: ReportReason,
    pub details: String,
    pub reporter: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// The open reports of one call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportGroup {
    pub call_id: Uuid,
    pub call_title: String,
    pub call_status: CallStatus,
    pub reports: Vec<ReportItem>,
}

#[cfg(feature = "ssr")]
mod repo;
#[cfg(feature = "ssr")]
pub use repo::{ReportError, Reports};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_and_details() {
        let ok = NewReport::parse(&ReportInput {
            reason: "asks_payment".into(), details: "يطلبون رسوم تسجيل ٥٠٠ ريال".into()
        })
        .unwrap();
        assert_eq!(ok.reason, ReportReason::AsksPayment);
        let e = NewReport::parse(&ReportInput { reason: "boring".into(), details: "meh".into() }).unwrap_err();
        assert_eq!(e.get("reason").unwrap().key, "error-unknown-choice");
        assert_eq!(e.get("details").unwrap().key, "error-too-short");
    }
}
