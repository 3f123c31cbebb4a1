use crate::Msg;
use serde::{Deserialize, Serialize};

/// The one spelling of a casting call's state. "Expired" is not stored: an active call whose
/// deadline has passed is expired by definition (see `CastingCall::public_state`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallStatus {
    Draft,
    PendingReview,
    Active,
    Closed,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a casting call cannot go from {from:?} to {to:?}")]
pub struct TransitionError {
    pub from: CallStatus,
    pub to: CallStatus,
}

impl TransitionError {
    pub fn msg(&self) -> Msg {
        Msg::new("error-status-transition")
    }
}

use CallStatus::*;

/// Every allowed move. Anything not listed is refused.
const TRANSITIONS: &[(CallStatus, CallStatus)] = &[
    (Draft, PendingReview),
    (Draft, Active),
    (PendingReview, Active),
    (PendingReview, Rejected),
    (PendingReview, Draft),
    (Active, Closed),
    (Closed, Active),
    (Rejected, Draft),
];

impl CallStatus {
    pub const ALL: [CallStatus; 5] = [Draft, PendingReview, Active, Closed, Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Draft => "draft",
            PendingReview => "pending_review",
            Active => "active",
            Closed => "closed",
            Rejected => "rejected",
        }
    }

    pub fn from_db(s: &str) -> Option<CallStatus> {
        CallStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn can_become(self, to: CallStatus) -> bool {
        self == to || TRANSITIONS.contains(&(self, to))
    }

    pub fn transition(self, to: CallStatus) -> Result<CallStatus, TransitionError> {
        if self.can_become(to) { Ok(to) } else { Err(TransitionError { from: self, to }) }
    }

    /// Whether the public (lists, detail pages, sitemap) may see a call in this state.
    pub fn is_public(self) -> bool {
        matches!(self, Active | Closed)
    }

    pub fn label_key(self) -> String {
        format!("status-{}", self.as_str().replace('_', "-"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_transitions() {
        for (from, to) in TRANSITIONS {
            assert_eq!(from.transition(*to), Ok(*to));
        }
    }

    #[test]
    fn every_other_transition_is_refused() {
        let mut refused = 0;
        for from in CallStatus::ALL {
            for to in CallStatus::ALL {
                if from == to || TRANSITIONS.contains(&(from, to)) {
                    continue;
                }
                assert_eq!(from.transition(to), Err(TransitionError { from, to }), "{from:?} -> {to:?}");
                refused += 1;
            }
        }
        // 5 states, 20 ordered pairs, 8 allowed.
        assert_eq!(refused, 12);
        assert!(Active.transition(Draft).is_err(), "a published call is closed, not unpublished");
        assert!(Draft.transition(Closed).is_err());
        assert!(Rejected.transition(Active).is_err(), "a rejected call goes back through review");
    }

    #[test]
    fn db_spelling_round_trips() {
        for s in CallStatus::ALL {
            assert_eq!(CallStatus::from_db(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.as_str()));
        }
        assert_eq!(CallStatus::from_db("published"), None);
    }
}
