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
    pub period_start: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub period_end: OffsetDateTime,
    pub cancel_at_period_end: bool,
    pub complimentary: bool,
    /// A change that takes effect when this period ends (the renewal charges it).
    pub next: Option<(super::PlanId, Interval)>,
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

/// What changing to a plan costs now: the new period's price, less what is left of the period
/// paid for (to the second, rounded down), never below the gateway's minimum of one riyal.
/// `None` when the change would cost less than what is left: it waits for the period's end.
pub fn prorated(new_price: i64, paid: i64, start: OffsetDateTime, end: OffsetDateTime, now: OffsetDateTime) -> Option<i64> {
    let total = (end - start).whole_seconds().max(1);
    let left = (end - now).whole_seconds().clamp(0, total);
    let credit = (i128::from(paid) * i128::from(left) / i128::from(total)) as i64;
    (new_price > credit).then(|| (new_price - credit).max(100))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upgrade_is_credited_with_the_unused_part_of_the_period() {
        use time::macros::datetime;
        let start = datetime!(2026-12-01 00:00 UTC);
        let end = datetime!(2026-12-31 00:00 UTC);
        // Half of a 49.00 month left: 490.00 - 24.50.
        assert_eq!(prorated(49_000, 4_900, start, end, datetime!(2026-12-16 00:00 UTC)), Some(46_550));
        // Nothing left: the full price; the whole period left: the price less all of it.
        assert_eq!(prorated(49_000, 4_900, start, end, end), Some(49_000));
        assert_eq!(prorated(49_000, 4_900, start, end, start), Some(44_100));
        // Worth less than what is left (a year to a month): it waits for the end.
        assert_eq!(prorated(4_900, 49_000, start, end, datetime!(2026-12-02 00:00 UTC)), None);
        // Never under one riyal.
        assert_eq!(prorated(4_901, 4_900, start, end, start), Some(100));
    }

    #[test]
    fn statuses_round_trip_and_only_three_are_live() {
        for s in SubscriptionStatus::ALL {
            assert_eq!(SubscriptionStatus::from_db(s.as_str()), Some(s));
        }
        let live: Vec<_> = SubscriptionStatus::ALL.into_iter().filter(|s| s.is_live()).collect();
        assert_eq!(live, [SubscriptionStatus::Trialing, SubscriptionStatus::Active, SubscriptionStatus::PastDue]);
    }
}
