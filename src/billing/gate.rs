//! The gates a plan opens: each refusal names what the plan allows and points to the plans page,
//! where the edge shows it with a link (HTTP 402 for API clients).

use super::plan::Entitlements;
use crate::Msg;

/// Something the current plan does not allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Another application this month, past the monthly allowance.
    Applications {
        limit: u32,
    },
    /// Another open casting call, past the plan's number at once.
    OpenCalls {
        limit: u32,
    },
    TalentSearch,
    SelfTapeRequests,
    /// Another photo, past the plan's number.
    Photos {
        limit: u32,
    },
    /// A showreel or voice reel.
    Reels,
    BulkMessages,
    /// Another member of the organization (members and open invitations count).
    TeamSeats {
        limit: u32,
    },
}

impl Gate {
    pub fn msg(self) -> Msg {
        match self {
            Gate::Applications { limit } => Msg::new("gate-applications").with("limit", limit),
            Gate::OpenCalls { limit } => Msg::new("gate-open-calls").with("limit", limit),
            Gate::TalentSearch => Msg::new("gate-talent-search"),
            Gate::SelfTapeRequests => Msg::new("gate-self-tapes"),
            Gate::Photos { limit } => Msg::new("gate-photos").with("limit", limit),
            Gate::Reels => Msg::new("gate-reels"),
            Gate::BulkMessages => Msg::new("gate-bulk-messages"),
            Gate::TeamSeats { limit } => Msg::new("gate-team-seats").with("limit", limit),
        }
    }
}

fn within(limit: Option<u32>, used: u32, gate: impl FnOnce(u32) -> Gate) -> Result<(), Gate> {
    match limit {
        Some(limit) if used >= limit => Err(gate(limit)),
        _ => Ok(()),
    }
}

impl Entitlements {
    /// May a talent who sent `sent_this_month` applications this month send one more?
    pub fn may_apply(&self, sent_this_month: u32) -> Result<(), Gate> {
        within(self.applications_per_month, sent_this_month, |limit| Gate::Applications { limit })
    }

    /// May an organization with `open` calls open (publish) one more?
    pub fn may_open_call(&self, open: u32) -> Result<(), Gate> {
        within(self.open_calls, open, |limit| Gate::OpenCalls { limit })
    }

    /// May a talent with `photos` photos add one more?
    pub fn may_add_photo(&self, photos: u32) -> Result<(), Gate> {
        within(self.photos, photos, |limit| Gate::Photos { limit })
    }

    pub fn may_add_reel(&self) -> Result<(), Gate> {
        if self.reels { Ok(()) } else { Err(Gate::Reels) }
    }

    pub fn may_search_talent(&self) -> Result<(), Gate> {
        if self.talent_search { Ok(()) } else { Err(Gate::TalentSearch) }
    }

    pub fn may_request_self_tapes(&self) -> Result<(), Gate> {
        if self.self_tape_requests { Ok(()) } else { Err(Gate::SelfTapeRequests) }
    }

    /// May an organization whose members and open invitations number `seats` invite one more?
    pub fn may_add_seat(&self, seats: u32) -> Result<(), Gate> {
        within(self.team_seats, seats, |limit| Gate::TeamSeats { limit })
    }

    pub fn may_message_in_bulk(&self) -> Result<(), Gate> {
        if self.bulk_messages { Ok(()) } else { Err(Gate::BulkMessages) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FREE: Entitlements = Entitlements {
        applications_per_month: Some(5),
        photos: Some(3),
        reels: false,
        search_boost: false,
        open_calls: Some(1),
        talent_search: false,
        self_tape_requests: false,
        bulk_messages: false,
        team_seats: Some(1),
    };

    #[test]
    fn limits_allow_up_to_the_number_and_refuse_the_next() {
        assert_eq!(FREE.may_apply(4), Ok(()));
        assert_eq!(FREE.may_apply(5), Err(Gate::Applications { limit: 5 }));
        assert_eq!(FREE.may_open_call(0), Ok(()));
        assert_eq!(FREE.may_open_call(1), Err(Gate::OpenCalls { limit: 1 }));
        assert_eq!(FREE.may_add_photo(2), Ok(()));
        assert_eq!(FREE.may_add_photo(3), Err(Gate::Photos { limit: 3 }));
        assert_eq!(FREE.may_add_reel(), Err(Gate::Reels));
        assert_eq!(FREE.may_search_talent(), Err(Gate::TalentSearch));
        assert_eq!(FREE.may_request_self_tapes(), Err(Gate::SelfTapeRequests));
        assert_eq!(FREE.may_add_seat(1), Err(Gate::TeamSeats { limit: 1 }));
        assert_eq!(Entitlements { team_seats: Some(10), ..FREE }.may_add_seat(9), Ok(()));
        let all = Entitlements::UNLIMITED;
        assert_eq!(all.may_apply(10_000), Ok(()));
        assert_eq!(all.may_open_call(10_000), Ok(()));
        assert_eq!(all.may_add_reel(), Ok(()));
    }

    #[test]
    fn each_refusal_names_its_limit() {
        assert_eq!(Gate::Applications { limit: 5 }.msg(), Msg::new("gate-applications").with("limit", 5));
        assert_eq!(Gate::TalentSearch.msg().key, "gate-talent-search");
    }
}
