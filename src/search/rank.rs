//! Every ranking weight, in one place. Text relevance comes first: a concept the query names
//! (a skill, a project type, a dialect) outweighs anything else, then the words matched; the
//! custom ranking (verified, activity, completeness; deadlines and pay for calls) orders what
//! is equally relevant and can never lift a weaker match over a stronger one.

/// A skill, project type, dialect, language or age group the query names, when the document has it.
pub const CONCEPT: f32 = 10.0;
/// A role with no dialect asked for, against a query that names one: neither a match nor a miss.
pub const DIALECT_OPEN: f32 = 4.0;
/// The text said women or men, and the talent (or role) is an adult.
pub const ADULT: f32 = 3.0;
/// A number typed that is the talent's height or birth year, or the call's fee.
pub const NUMBER: f32 = 4.0;
/// A Latin name spelled another way (Muneera for Munira).
pub const NAME_KEY: f32 = 3.0;
/// Per typed word: BM25 in names and titles, in the rest of the text, and a word one typo away.
pub const NAME_WORD: f32 = 2.0;
pub const BODY_WORD: f32 = 1.0;
pub const FUZZY_WORD: f32 = 1.5;
/// The query is the document's title or name, word for word: it is what was looked for, whatever
/// the words would otherwise mean (a title that says "Male model" is not a search for men).
pub const EXACT: f32 = 50.0;
/// In the city asked for rather than a neighbouring one.
pub const SAME_CITY: f32 = 1.5;

/// The custom ranking: together at most `CUSTOM_MAX`, less than any single concept or number.
pub const VERIFIED: f32 = 0.6;
pub const INACTIVE_DAYS: i64 = 90;
pub const INACTIVE: f32 = -1.0;
pub const COMPLETENESS: f32 = 0.4;
pub const DEADLINE_SOON_DAYS: i64 = 14;
pub const DEADLINE_SOON: f32 = 0.5;
pub const PAID: f32 = 0.4;
pub const CUSTOM_MAX: f32 = 1.0;

/// A talent's custom ranking.
pub fn talent(verified: bool, inactive_days: i64, completeness: u8) -> f32 {
    let mut s = COMPLETENESS * f32::from(completeness.min(100)) / 100.0;
    if verified {
        s += VERIFIED;
    }
    if inactive_days > INACTIVE_DAYS {
        s += INACTIVE;
    }
    s
}

/// A call's custom ranking: the sooner its deadline (still ahead), the higher; paid first.
pub fn call(days_to_deadline: Option<i64>, paid: bool) -> f32 {
    let mut s = 0.0;
    if let Some(d) = days_to_deadline.filter(|d| (0..=DEADLINE_SOON_DAYS).contains(d)) {
        s += DEADLINE_SOON * (1.0 - d as f32 / (DEADLINE_SOON_DAYS as f32 + 1.0));
    }
    if paid {
        s += PAID;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ranking_never_outweighs_relevance() {
        assert!(talent(true, 0, 100) <= CUSTOM_MAX && call(Some(0), true) <= CUSTOM_MAX);
        assert!(CUSTOM_MAX - INACTIVE < CONCEPT.min(NUMBER).min(NAME_KEY), "best against worst is less than one match");
        const { assert!(SAME_CITY > CUSTOM_MAX, "the city asked for before a neighbour, whatever the profile") };
        assert!(talent(true, 10, 50) > talent(false, 10, 50));
        assert!(talent(true, 91, 100) <= talent(false, 10, 0), "inactive for a quarter sinks to the bottom");
        assert!(call(Some(2), false) > call(Some(10), false) && call(Some(10), false) > call(None, false));
        assert_eq!(call(Some(-1), false), 0.0, "a passed deadline is no boost");
    }
}
