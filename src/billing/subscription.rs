//! A subscription's life: trialing → active ⇄ past_due → canceled | expired. Each move is a
//! status event; who may move it where is decided here.

use super::plan::{Interval, Plan};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    Trialing,
    Active,
    /// A renewal failed; the plan still applies while the charge is retried.
    PastDue,
    Canceled,
    Expired,
}

impl SubscriptionStatus {
    pub const ALL: [SubscriptionStatus; 5] = [
        SubscriptionStatus::Trialing,
        SubscriptionStatus::Active,
        SubscriptionStatus::PastDue,
        SubscriptionStatus::Canceled,
        SubscriptionStatus::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionStatus::Trialing => "trialing",
            SubscriptionStatus::Active => "active",
            SubscriptionStatus::PastDue => "past_due",
            SubscriptionStatus::Canceled => "canceled",
            SubscriptionStatus::Expired => "expired",
        }
    }

    pub fn from_db(s: &str) -> Option<SubscriptionStatus> {
        SubscriptionStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Live subscriptions govern what their account may do; one per account at most.
    pub fn is_live(self) -> bool {
        matches!(self, SubscriptionStatus::Trialing | SubscriptionStatus::Active | SubscriptionStatus::PastDue)
    }

    pub fn label_key(self) -> String {
        format!("subscription-{}", self.as_str().replace('_', "-"))
    }
}

/// A live subscription as its account sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub id: Uuid,
    pub status: SubscriptionStatus,
    pub interval: Interval,
    #[serde(with = "time::serde::rfc3339")]
    pub period_end: OffsetDateTime,
    pub cancel_at_period_end: bool,
    pub complimentary: bool,
}

/// The plan that governs an account now: its live subscription's, or the free plan of its kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentPlan {
    pub plan: Plan,
    pub subscription: Option<Subscription>,
}

/// What an account used of its plan's limits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub applications_this_month: u32,
    pub photos: u32,
    pub open_calls: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_and_only_three_are_live() {
        for s in SubscriptionStatus::ALL {
            assert_eq!(SubscriptionStatus::from_db(s.as_str()), Some(s));
        }
        let live: Vec<_> = SubscriptionStatus::ALL.into_iter().filter(|s| s.is_live()).collect();
        assert_eq!(live, [SubscriptionStatus::Trialing, SubscriptionStatus::Active, SubscriptionStatus::PastDue]);
    }
}
