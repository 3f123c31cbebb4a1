//! Self-tape requests: from the worksheet, a hirer asks applicants of a role for a tape by a
//! deadline, with instructions (and sides). The talent records or uploads it with the
//! application; the request moves `pending → submitted → viewed` (the hirer played it), and a
//! reminder goes out a day before the deadline.

use crate::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

crate::choice! {
    pub enum SelfTapeStatus: "self-tape-status" {
        Pending => "pending",
        Submitted => "submitted",
        Viewed => "viewed",
    }
}

/// Longest instructions.
pub const MAX_INSTRUCTIONS: usize = 4000;
/// The furthest deadline a request may set.
pub const MAX_DAYS: i64 = 90;

/// A request as its parties see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SelfTapeRequest {
    pub id: Uuid,
    pub application_id: Uuid,
    pub instructions: String,
    #[serde(with = "time::serde::rfc3339")]
    pub deadline: OffsetDateTime,
    pub status: SelfTapeStatus,
    pub tape_asset_id: Option<Uuid>,
    /// The tape's playback address once it is ready.
    pub playback: Option<String>,
    /// Where the sides (PDF) download, if any.
    pub sides: Option<String>,
}

/// What the hirer typed: instructions, and the deadline's day (`YYYY-MM-DD`, or a
/// `datetime-local` value whose day is taken; Arabic-Indic digits accepted).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestInput {
    #[serde(default)]
    pub instructions: String,
    #[serde(default)]
    pub deadline: String,
}

/// A checked request: the instructions and the deadline (the end of that day in Riyadh).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRequest {
    pub instructions: String,
    pub deadline: OffsetDateTime,
}

impl NewRequest {
    pub fn parse(input: &RequestInput, today: Date) -> Result<NewRequest, FieldErrors> {
        let mut errors = FieldErrors::new();
        let instructions = input.instructions.trim().to_string();
        if instructions.is_empty() {
            errors.add("instructions", Msg::new("error-required"));
        } else if instructions.chars().count() > MAX_INSTRUCTIONS {
            errors.add("instructions", Msg::new("error-too-long").with("max", MAX_INSTRUCTIONS));
        }
        let day_text: String = input.deadline.trim().chars().take_while(|c| *c != 'T' && *c != ' ').collect();
        let deadline = match crate::text::parse_date(&day_text) {
            Ok(Some(day)) if day <= today => {
                errors.add("deadline", Msg::new("error-self-tape-deadline-past"));
                None
            }
            Ok(Some(day)) if (day - today).whole_days() > MAX_DAYS => {
                errors.add("deadline", Msg::new("error-self-tape-deadline-far").with("days", MAX_DAYS));
                None
            }
            Ok(Some(day)) => Some(crate::casting::deadline_end_of_day(day)),
            Ok(None) => {
                errors.add("deadline", Msg::new("error-required"));
                None
            }
            Err(m) => {
                errors.add("deadline", m);
                None
            }
        };
        match deadline {
            Some(deadline) if errors.is_empty() => Ok(NewRequest { instructions, deadline }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn parse(instructions: &str, deadline: &str) -> Result<NewRequest, FieldErrors> {
        NewRequest::parse(&RequestInput { instructions: instructions.into(), deadline: deadline.into() }, date!(2026 - 12 - 06))
    }

    #[test]
    fn a_request_needs_instructions_and_a_deadline_ahead() {
        let ok = parse("  اقرأ المشهد الأول  ", "2026-12-09").unwrap();
        assert_eq!(ok.instructions, "اقرأ المشهد الأول");
        assert_eq!(ok.deadline.to_offset(crate::casting::RIYADH).date(), date!(2026 - 12 - 09));
        assert_eq!(parse("x", "2026-12-09T18:30").unwrap().deadline, ok.deadline, "a datetime-local value keeps its day");
        assert_eq!(parse("x", "٢٠٢٦-١٢-٠٩").unwrap().deadline, ok.deadline, "Arabic-Indic digits");
        let e = parse("", "2026-12-06").unwrap_err();
        assert_eq!(e.get("instructions").unwrap().key, "error-required");
        assert_eq!(e.get("deadline").unwrap().key, "error-self-tape-deadline-past");
        assert_eq!(parse("x", "2027-06-01").unwrap_err().get("deadline").unwrap().key, "error-self-tape-deadline-far");
        assert_eq!(parse("x", "").unwrap_err().get("deadline").unwrap().key, "error-required");
        assert!(parse(&"x".repeat(4001), "2026-12-09").unwrap_err().get("instructions").is_some());
    }
}
