//! Age is computed from the date of birth on the day it matters, in Riyadh; it is never stored,
//! so a profile cannot say "minor" after its owner turned 18.

use crate::casting::RIYADH;
use time::{Date, OffsetDateTime};

/// Under this age a talent is a minor and needs a guardian.
pub const ADULT_AT: i32 = 18;
pub const MAX_AGE: i32 = 100;

/// Whole years between `born` and `on` (a birthday on 29 February counts from 1 March in
/// years without one).
pub fn age_on(born: Date, on: Date) -> i32 {
    let mut years = on.year() - born.year();
    if (on.month() as u8, on.day()) < (born.month() as u8, born.day()) {
        years -= 1;
    }
    years.max(0)
}

pub fn is_minor(born: Date, on: Date) -> bool {
    age_on(born, on) < ADULT_AT
}

/// Today's date in Saudi Arabia.
pub fn today(now: OffsetDateTime) -> Date {
    now.to_offset(RIYADH).date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn birthdays() {
        assert_eq!(age_on(date!(2008 - 12 - 01), date!(2026 - 11 - 30)), 17);
        assert_eq!(age_on(date!(2008 - 12 - 01), date!(2026 - 12 - 01)), 18);
        assert!(is_minor(date!(2008 - 12 - 02), date!(2026 - 12 - 01)));
        assert!(!is_minor(date!(2008 - 12 - 01), date!(2026 - 12 - 01)));
        assert_eq!(age_on(date!(2008 - 02 - 29), date!(2026 - 02 - 28)), 17);
        assert_eq!(age_on(date!(2008 - 02 - 29), date!(2026 - 03 - 01)), 18);
        assert_eq!(age_on(date!(2030 - 01 - 01), date!(2026 - 01 - 01)), 0);
        // 22:00 UTC on 30 November is already 1 December in Riyadh.
        assert_eq!(today(datetime!(2026-11-30 22:00 UTC)), date!(2026 - 12 - 01));
    }
}
