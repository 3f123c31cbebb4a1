//! The plans and what each allows. The rows live in the `plans` table; the kinds of plan and the
//! shape of what they allow are types, so a gate cannot ask for a right that does not exist.

use super::price::Price;
use crate::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanId {
    TalentFree,
    TalentPro,
    HirerStarter,
    HirerStudio,
}

impl PlanId {
    pub const ALL: [PlanId; 4] = [PlanId::TalentFree, PlanId::TalentPro, PlanId::HirerStarter, PlanId::HirerStudio];

    pub fn as_str(self) -> &'static str {
        match self {
            PlanId::TalentFree => "talent_free",
            PlanId::TalentPro => "talent_pro",
            PlanId::HirerStarter => "hirer_starter",
            PlanId::HirerStudio => "hirer_studio",
        }
    }

    pub fn parse(s: &str) -> Result<PlanId, Msg> {
        PlanId::ALL.into_iter().find(|p| p.as_str() == s.trim()).ok_or_else(|| Msg::new("error-plan-unknown"))
    }

    pub fn audience(self) -> Audience {
        match self {
            PlanId::TalentFree | PlanId::TalentPro => Audience::Talent,
            PlanId::HirerStarter | PlanId::HirerStudio => Audience::Hirer,
        }
    }

    /// The plan everyone of an audience has without paying.
    pub fn free(audience: Audience) -> PlanId {
        match audience {
            Audience::Talent => PlanId::TalentFree,
            Audience::Hirer => PlanId::HirerStarter,
        }
    }
}

/// Who a plan is for: talent pay for themselves (a guardian for a minor), hirers for their
/// organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Talent,
    Hirer,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Talent => "talent",
            Audience::Hirer => "hirer",
        }
    }
}

/// How often a subscription renews.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Interval {
    Month,
    Year,
}

impl Interval {
    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Month => "month",
            Interval::Year => "year",
        }
    }

    /// The end of a period that starts at `start`: 30 days, or 365.
    pub fn after(self, start: time::OffsetDateTime) -> time::OffsetDateTime {
        match self {
            Interval::Month => start + time::Duration::days(30),
            Interval::Year => start + time::Duration::days(365),
        }
    }

    pub fn parse(s: &str) -> Result<Interval, Msg> {
        match s.trim() {
            "month" | "monthly" => Ok(Interval::Month),
            "year" | "yearly" => Ok(Interval::Year),
            _ => Err(Msg::new("error-plan-interval")),
        }
    }
}

/// What a plan allows. `None` limits are unlimited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entitlements {
    /// Applications a talent may send per calendar month (Riyadh time).
    pub applications_per_month: Option<u32>,
    /// Headshots and gallery photos a talent may keep.
    pub photos: Option<u32>,
    /// Showreels and voice reels.
    pub reels: bool,
    /// Talent profiles ranked higher in hirers' searches.
    pub search_boost: bool,
    /// Casting calls an organization may have open (published or in review) at once.
    pub open_calls: Option<u32>,
    pub talent_search: bool,
    pub self_tape_requests: bool,
    pub bulk_messages: bool,
    /// Members an organization may have, its owner included.
    pub team_seats: Option<u32>,
}

impl Entitlements {
    /// Everything, unlimited: admins, and guardians acting for a ward (the ward's own plan is
    /// what limits the ward).
    pub const UNLIMITED: Entitlements = Entitlements {
        applications_per_month: None,
        photos: None,
        reels: true,
        search_boost: false,
        open_calls: None,
        talent_search: true,
        self_tape_requests: true,
        bulk_messages: true,
        team_seats: None,
    };
}

/// One plan as the plans page and the API show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub id: PlanId,
    pub audience: Audience,
    pub name_ar: String,
    pub name_en: String,
    pub monthly: Price,
    pub yearly: Price,
    /// Days of the free trial a first subscription to this plan starts with.
    pub trial_days: u32,
    pub entitlements: Entitlements,
}

impl Plan {
    pub fn name(&self, locale: crate::Locale) -> &str {
        match locale {
            crate::Locale::Ar => &self.name_ar,
            crate::Locale::En => &self.name_en,
        }
    }

    pub fn price(&self, interval: Interval) -> Price {
        match interval {
            Interval::Month => self.monthly,
            Interval::Year => self.yearly,
        }
    }

    pub fn is_free(&self) -> bool {
        self.monthly.is_free() && self.yearly.is_free()
    }

    /// What a year costs compared with twelve months, in whole percent.
    pub fn yearly_saving_percent(&self) -> i64 {
        let twelve = self.monthly.gross.0 * 12;
        if twelve == 0 { 0 } else { (twelve - self.yearly.gross.0) * 100 / twelve }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_ids_round_trip_and_belong_to_one_audience() {
        for p in PlanId::ALL {
            assert_eq!(PlanId::parse(p.as_str()), Ok(p));
            assert_eq!(PlanId::free(p.audience()).audience(), p.audience());
        }
        assert!(PlanId::parse("gold").is_err());
        assert_eq!(Interval::parse("yearly"), Ok(Interval::Year));
        assert!(Interval::parse("weekly").is_err());
    }
}
