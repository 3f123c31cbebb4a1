//! An application's status and every move it may make, with the side allowed to make it.
//! Anything not in the table is refused.

use crate::Msg;
use serde::{Deserialize, Serialize};

crate::choice! {
    pub enum ApplicationStatus: "app-status" {
        AwaitingGuardian => "awaiting_guardian",
        Submitted => "submitted",
        Viewed => "viewed",
        Shortlisted => "shortlisted",
        OnHold => "on_hold",
        Booked => "booked",
        Released => "released",
        Rejected => "rejected",
        Withdrawn => "withdrawn",
    }
}

/// Who moves an application. Administrators act on the hirer's side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    Hirer,
    Talent,
    Guardian,
}

use ApplicationStatus::*;
use Side::*;

/// Every allowed move and who may make it.
pub const TRANSITIONS: &[(ApplicationStatus, ApplicationStatus, Side)] = &[
    // A minor's application waits for the guardian, who sends it on or declines it.
    (AwaitingGuardian, Submitted, Guardian),
    (AwaitingGuardian, Withdrawn, Guardian),
    (AwaitingGuardian, Withdrawn, Talent),
    // The hirer's pipeline, forward (a step may be skipped) and back one step.
    (Submitted, Viewed, Hirer),
    (Submitted, Shortlisted, Hirer),
    (Submitted, OnHold, Hirer),
    (Viewed, Shortlisted, Hirer),
    (Viewed, OnHold, Hirer),
    (Shortlisted, OnHold, Hirer),
    (Shortlisted, Booked, Hirer),
    (Shortlisted, Viewed, Hirer),
    (OnHold, Booked, Hirer),
    (OnHold, Shortlisted, Hirer),
    // Released or rejected at any point.
    (Submitted, Released, Hirer),
    (Viewed, Released, Hirer),
    (Shortlisted, Released, Hirer),
    (OnHold, Released, Hirer),
    (Booked, Released, Hirer),
    (Submitted, Rejected, Hirer),
    (Viewed, Rejected, Hirer),
    (Shortlisted, Rejected, Hirer),
    (OnHold, Rejected, Hirer),
    (Booked, Rejected, Hirer),
    // The talent (or a minor's guardian) may withdraw until booked.
    (Submitted, Withdrawn, Talent),
    (Viewed, Withdrawn, Talent),
    (Shortlisted, Withdrawn, Talent),
    (OnHold, Withdrawn, Talent),
    (Submitted, Withdrawn, Guardian),
    (Viewed, Withdrawn, Guardian),
    (Shortlisted, Withdrawn, Guardian),
    (OnHold, Withdrawn, Guardian),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{side:?} cannot move an application from {from:?} to {to:?}")]
pub struct StatusChangeError {
    pub from: ApplicationStatus,
    pub to: ApplicationStatus,
    pub side: Side,
}

impl StatusChangeError {
    pub fn msg(&self) -> Msg {
        Msg::new("error-application-transition").with("from", self.from.label_key()).with("to", self.to.label_key())
    }
}

impl ApplicationStatus {
    pub fn may_become(self, to: ApplicationStatus, side: Side) -> bool {
        TRANSITIONS.contains(&(self, to, side))
    }

    pub fn transition(self, to: ApplicationStatus, side: Side) -> Result<ApplicationStatus, StatusChangeError> {
        if self.may_become(to, side) { Ok(to) } else { Err(StatusChangeError { from: self, to, side }) }
    }

    /// The statuses the hirer's side may move an application to from here.
    pub fn hirer_moves(self) -> Vec<ApplicationStatus> {
        ApplicationStatus::ALL.iter().copied().filter(|to| self.may_become(*to, Hirer)).collect()
    }

    /// Statuses the hirer's side can ever choose (for the bulk menu).
    pub fn hirer_targets() -> Vec<ApplicationStatus> {
        ApplicationStatus::ALL.iter().copied().filter(|to| TRANSITIONS.iter().any(|(_, t, s)| t == to && *s == Hirer)).collect()
    }

    /// No one moves it any more.
    pub fn is_final(self) -> bool {
        matches!(self, Released | Rejected | Withdrawn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_allowed_move() {
        for (from, to, side) in TRANSITIONS {
            assert_eq!(from.transition(*to, *side), Ok(*to), "{from:?} -> {to:?} by {side:?}");
        }
    }

    #[test]
    fn every_other_move_is_refused() {
        let mut refused = 0;
        for from in ApplicationStatus::ALL {
            for to in ApplicationStatus::ALL {
                for side in [Hirer, Talent, Guardian] {
                    if TRANSITIONS.contains(&(*from, *to, side)) {
                        continue;
                    }
                    assert_eq!(
                        from.transition(*to, side),
                        Err(StatusChangeError { from: *from, to: *to, side }),
                        "{from:?} -> {to:?} by {side:?} must be refused"
                    );
                    refused += 1;
                }
            }
        }
        // 9 statuses, 81 ordered pairs (staying put included) for 3 sides, less the allowed ones.
        assert_eq!(refused, 81 * 3 - TRANSITIONS.len());
    }

    #[test]
    fn rules_worth_naming() {
        assert!(Submitted.transition(Booked, Hirer).is_err(), "booking goes through the shortlist or a hold");
        assert!(AwaitingGuardian.transition(Viewed, Hirer).is_err(), "the hirer never touches a minor's unapproved application");
        assert!(AwaitingGuardian.transition(Submitted, Talent).is_err(), "a minor cannot approve their own application");
        assert!(Booked.transition(Withdrawn, Talent).is_err(), "a booking is released by the hirer, not withdrawn");
        assert!(Shortlisted.transition(Booked, Talent).is_err());
        for done in [Released, Rejected, Withdrawn] {
            assert!(done.is_final());
            assert!(ApplicationStatus::ALL.iter().all(|to| [Hirer, Talent, Guardian].iter().all(|s| !done.may_become(*to, *s))));
        }
        assert!(Submitted.transition(Submitted, Hirer).is_err(), "staying put is not a change");
        assert_eq!(Booked.hirer_moves(), vec![Released, Rejected]);
        assert!(!ApplicationStatus::hirer_targets().contains(&Withdrawn));
    }
}
