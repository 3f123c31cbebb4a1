use crate::Msg;
use serde::{Deserialize, Serialize};

/// The one spelling of a casting call's state. "Expired" is not a state of its own: an active
/// call whose deadline has passed is expired from that second (see `CastingCall::public_state`),
/// and the expiry job then closes it with the reason `expired`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallStatus {
    Draft,
    PendingReview,
    Active,
    Closed,
    Rejected,
    /// Taken down by an administrator (after a report).
    Suspended,
}

/// Who changes a call's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CallActor {
    /// A member of the organization that owns it.
    Hirer,
    Admin,
    /// Scheduled work (expiry).
    System,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{by:?} cannot move a casting call from {from:?} to {to:?}")]
pub struct TransitionError {
    pub from: CallStatus,
    pub to: CallStatus,
    pub by: CallActor,
}

impl TransitionError {
    pub fn msg(&self) -> Msg {
        match self.from {
            CallStatus::Suspended => Msg::new("error-call-suspended"),
            CallStatus::PendingReview if self.to == CallStatus::Active => Msg::new("error-call-in-review"),
            _ => Msg::new("error-status-transition"),
        }
    }
}

use CallActor::*;
use CallStatus::*;

/// Every allowed move and who may make it. Administrators may also make the hirer's moves.
const TRANSITIONS: &[(CallStatus, CallStatus, CallActor)] = &[
    (Draft, PendingReview, Hirer),
    (Draft, Active, Hirer),
    (PendingReview, Draft, Hirer),
    (PendingReview, Active, Admin),
    (PendingReview, Rejected, Admin),
    (Active, Closed, Hirer),
    (Active, Closed, System),
    (Closed, Active, Hirer),
    (Rejected, Draft, Hirer),
    (Rejected, PendingReview, Hirer),
    (Active, Suspended, Admin),
    (Closed, Suspended, Admin),
    (Suspended, Active, Admin),
    (Suspended, Closed, Admin),
];

impl CallStatus {
    pub const ALL: [CallStatus; 6] = [Draft, PendingReview, Active, Closed, Rejected, Suspended];

    pub fn as_str(self) -> &'static str {
        match self {
            Draft => "draft",
            PendingReview => "pending_review",
            Active => "active",
            Closed => "closed",
            Rejected => "rejected",
            Suspended => "suspended",
        }
    }

    pub fn from_db(s: &str) -> Option<CallStatus> {
        CallStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Staying put is always allowed (saving an edit), except for a suspended call, which only
    /// an administrator may touch.
    pub fn can_become(self, to: CallStatus, by: CallActor) -> bool {
        if self == to {
            return self != Suspended || by == Admin;
        }
        TRANSITIONS.contains(&(self, to, by)) || (by == Admin && TRANSITIONS.contains(&(self, to, Hirer)))
    }

    pub fn transition(self, to: CallStatus, by: CallActor) -> Result<CallStatus, TransitionError> {
        if self.can_become(to, by) { Ok(to) } else { Err(TransitionError { from: self, to, by }) }
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
        for (from, to, by) in TRANSITIONS {
            assert_eq!(from.transition(*to, *by), Ok(*to));
        }
    }

    #[test]
    fn every_other_transition_is_refused() {
        let mut refused = 0;
        for from in CallStatus::ALL {
            for to in CallStatus::ALL {
                for by in [Hirer, Admin, System] {
                    if from.can_become(to, by) {
                        continue;
                    }
                    assert_eq!(from.transition(to, by), Err(TransitionError { from, to, by }), "{from:?} -> {to:?} by {by:?}");
                    refused += 1;
                }
            }
        }
        assert!(refused > 60, "{refused}");
        assert!(Active.transition(Draft, Hirer).is_err(), "a published call is closed, not unpublished");
        assert!(Draft.transition(Closed, Hirer).is_err());
        assert!(Rejected.transition(Active, Hirer).is_err(), "a rejected call goes back through review");
        assert!(PendingReview.transition(Active, Hirer).is_err(), "a hirer cannot approve their own call");
        assert_eq!(PendingReview.transition(Active, Hirer).unwrap_err().msg().key, "error-call-in-review");
        assert!(Active.transition(Suspended, Hirer).is_err());
        assert!(Suspended.transition(Active, Hirer).is_err(), "only an administrator lifts a suspension");
        assert!(Suspended.transition(Suspended, Hirer).is_err(), "a suspended call cannot be edited by its hirer");
        assert_eq!(Suspended.transition(Suspended, Hirer).unwrap_err().msg().key, "error-call-suspended");
        assert!(Closed.transition(Active, System).is_err(), "scheduled work only closes");
        assert!(PendingReview.transition(Rejected, Admin).is_ok());
        assert!(Active.transition(Closed, Admin).is_ok(), "administrators may do what hirers do");
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
