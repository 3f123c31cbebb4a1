//! Who may do what with an application. Pure rules, so they are tested without a database and
//! the repositories only ask them.

use super::{ApplicationStatus, Side};
use crate::{
    Msg,
    account::{User, UserRole},
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The people around one application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parties {
    /// The organization that posted the call.
    pub organization_id: Option<Uuid>,
    pub talent_user_id: Uuid,
    pub guardian_user_id: Option<Uuid>,
    pub talent_is_minor: bool,
    pub status: ApplicationStatus,
    /// Whether it ever reached the hirer (a minor's only after the guardian's approval).
    pub submitted: bool,
}

/// How someone stands to an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Party {
    Admin,
    /// A member of the organization that posted the call.
    Hirer,
    Talent,
    /// The guardian of a minor talent.
    Guardian,
}

impl Parties {
    /// `None` means the application does not exist for this person: they are told "not found",
    /// so an id guessed or forged reveals nothing.
    pub fn party(&self, user: &User) -> Option<Party> {
        match user.role {
            UserRole::Admin => Some(Party::Admin),
            UserRole::Hirer => {
                (self.submitted && self.organization_id.is_some() && user.organization_id == self.organization_id).then_some(Party::Hirer)
            }
            UserRole::Talent | UserRole::Guardian => {
                if user.id == self.talent_user_id {
                    Some(Party::Talent)
                } else if crate::talent::guardian_acts(self.guardian_user_id, self.talent_is_minor, user.id) {
                    Some(Party::Guardian)
                } else {
                    None
                }
            }
        }
    }
}

impl Party {
    /// A guardian decides for a minor only from a verified address (the site stays readable).
    pub fn may_act(self, user: &User) -> Result<(), Msg> {
        if self == Party::Guardian && !user.email_verified { Err(Msg::new("error-email-unverified")) } else { Ok(()) }
    }

    pub fn side(self) -> Side {
        match self {
            Party::Admin | Party::Hirer => Side::Hirer,
            Party::Talent => Side::Talent,
            Party::Guardian => Side::Guardian,
        }
    }

    /// Hirers' private notes are theirs alone.
    pub fn may_read_notes(self) -> bool {
        matches!(self, Party::Admin | Party::Hirer)
    }

    /// Messages to a minor go to the guardian, not to the minor.
    pub fn may_read_thread(self, p: &Parties) -> bool {
        match self {
            Party::Admin | Party::Hirer | Party::Guardian => true,
            Party::Talent => !p.talent_is_minor,
        }
    }

    /// The hirer starts a thread; the talent (or a minor's guardian) replies in it.
    pub fn may_write(self, p: &Parties, thread_started: bool) -> Result<(), Msg> {
        if !self.may_read_thread(p) {
            return Err(Msg::new("error-messages-minor"));
        }
        match self {
            Party::Admin => Err(Msg::new("error-forbidden")),
            Party::Hirer => Ok(()),
            Party::Talent | Party::Guardian if !thread_started => Err(Msg::new("error-messages-not-started")),
            Party::Talent | Party::Guardian => Ok(()),
        }
    }

    /// Phone numbers and e-mail addresses are shown to the other side only once booked.
    pub fn sees_contact_details(self, p: &Parties) -> bool {
        p.status == ApplicationStatus::Booked && self != Party::Admin
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::account::tests_support::user;

    struct World {
        hirer: User,
        other_hirer: User,
        talent: User,
        other_talent: User,
        guardian: User,
        admin: User,
        parties: Parties,
    }

    fn world(minor: bool, submitted: bool) -> World {
        let org = Uuid::new_v4();
        let talent = user(UserRole::Talent, None);
        let guardian = user(UserRole::Guardian, None);
        World {
            hirer: user(UserRole::Hirer, Some(org)),
            other_hirer: user(UserRole::Hirer, Some(Uuid::new_v4())),
            other_talent: user(UserRole::Talent, None),
            admin: user(UserRole::Admin, None),
            parties: Parties {
                organization_id: Some(org),
                talent_user_id: talent.id,
                guardian_user_id: Some(guardian.id),
                talent_is_minor: minor,
                status: if submitted { ApplicationStatus::Submitted } else { ApplicationStatus::AwaitingGuardian },
                submitted,
            },
            talent,
            guardian,
        }
    }

    #[test]
    fn strangers_see_nothing() {
        let w = world(false, true);
        assert_eq!(w.parties.party(&w.other_hirer), None);
        assert_eq!(w.parties.party(&w.other_talent), None);
        assert_eq!(w.parties.party(&w.guardian), None, "a guardian has no say once the talent is an adult");
        assert_eq!(w.parties.party(&w.hirer), Some(Party::Hirer));
        assert_eq!(w.parties.party(&w.talent), Some(Party::Talent));
        assert_eq!(w.parties.party(&w.admin), Some(Party::Admin));
    }

    #[test]
    fn a_minors_application_is_invisible_to_the_hirer_until_the_guardian_approves() {
        let w = world(true, false);
        assert_eq!(w.parties.party(&w.hirer), None);
        assert_eq!(w.parties.party(&w.guardian), Some(Party::Guardian));
        let w = world(true, true);
        assert_eq!(w.parties.party(&w.hirer), Some(Party::Hirer));
    }

    #[test]
    fn messages_to_a_minor_go_to_the_guardian() {
        let w = world(true, true);
        assert!(!Party::Talent.may_read_thread(&w.parties));
        assert_eq!(Party::Talent.may_write(&w.parties, true).unwrap_err().key, "error-messages-minor");
        assert!(Party::Guardian.may_read_thread(&w.parties));
        assert!(Party::Guardian.may_write(&w.parties, true).is_ok());
        assert_eq!(Party::Guardian.may_write(&w.parties, false).unwrap_err().key, "error-messages-not-started");
        assert!(Party::Hirer.may_write(&w.parties, false).is_ok(), "the hirer starts the thread");
        let w = world(false, true);
        assert!(Party::Talent.may_write(&w.parties, true).is_ok());
    }

    #[test]
    fn notes_and_contact_details() {
        let mut w = world(false, true);
        assert!(Party::Hirer.may_read_notes() && Party::Admin.may_read_notes());
        assert!(!Party::Talent.may_read_notes() && !Party::Guardian.may_read_notes());
        assert!(!Party::Hirer.sees_contact_details(&w.parties));
        w.parties.status = ApplicationStatus::Booked;
        assert!(Party::Hirer.sees_contact_details(&w.parties));
        assert!(Party::Talent.sees_contact_details(&w.parties));
    }
}
