//! Age expressions in a piece of normalized text: "20-40", "من 20 - 26", "30 إلى 45 سنة",
//! "18 سنة وفوق", "60+", "25 and up", "ألا يقل العمر عن 18", "16 سنة", "aged 16", "20s-30s",
//! "late 20s / early 30s", "بالعشرينات - ثلاثينات", "6-12 months" (a baby: 0-1), "all ages".

use regex::Regex;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Age {
    pub min: Option<u8>,
    pub max: Option<u8>,
    /// "all ages" / "جميع الأعمار": explicitly any age (min and max stay empty).
    pub all_ages: bool,
    /// Said with an age word (العمر، سنة، aged, years, +, a decade): not a bare "20-40".
    pub cued: bool,
}

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^\d.,:/\-+$£€])(?:between\s+|بين\s*)?(\d{1,2})\s*(?:-|–|—|to|الي|حتي|لين|and|و)\s*(\d{1,2})(?:$|[^\d:/.,]|[.,](?:\D|$))",
    )
    .unwrap()
});
static PLUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:^|[^\d.,])(\d{1,2})\s*\+(?:$|[^\d])",
        r"|(?:^|[^\d])\+\s*(\d{1,2})(?:$|[^\d])",
        r"|\b(\d{1,2})\s*(?:years?\s*)?(?:and|or)\s*(?:up|over|older|above)\b",
        r"|\b(?:over|above|at least|minimum age|min age|older than|aged over)\s*(?:the age of\s*)?(\d{1,2})\b",
        r"|(?:فوق|اكبر من|(?:لا|الا) يقل (?:العمر |عمره |عمرها |عمر المتقدم |السن )?عن|ابتداء من عمر|ابتداء من سن)\s*(?:ال)?\s*(\d{1,2})",
        r"|(\d{1,2})\s*(?:سنه|سنوات|عاما|عام|سنين)?\s*(?:وفوق|فما فوق|فما فوقها|فوق|واكثر|فاكثر|وما فوق|وما فوقها|واكبر|فاكبر)",
    ))
    .unwrap()
});
static UNDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:under|below|younger than|تحت|اقل من|لا يتجاوز|لا يزيد عن)\s*(?:سن\s*|عمر\s*)?(\d{1,2})\b").unwrap());
static SINGLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?:عمره|عمرها|عمرهم|العمر|بعمر|عمر|السن|بسن|سن|aged|age|ages)\s*[:\-]?\s*(\d{1,2})\b",
        r"|\b(\d{1,2})\s*(?:[\-\s]?years?[\-\s]*old|[\-\s]?yrs?[\-\s]*old|yo\b|y/o|سنه|سنوات|عاما|سنين)",
    ))
    .unwrap()
});
static DECADES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:(early|mid|late)[\s\-]*)?([1-9])0'?s\b(?:\s*(?:/|-|–|to|or|and)\s*(?:(early|mid|late)[\s\-]*)?([1-9])0'?s\b)?")
        .unwrap()
});
static DECADE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:(early|mid|late)[\s\-]*)?(twenties|thirties|forties|fifties|sixties|seventies|eighties)\b").unwrap()
});
static AR_DECADES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:ال|بال|في ال|فال)?(عشرين|ثلاثين|اربعين|خمسين|ستين|سبعين|ثمانين)ات(?:\s*(?:-|–|الي|و|او|/)\s*(?:ال|بال)?(عشرين|ثلاثين|اربعين|خمسين|ستين|سبعين|ثمانين)ات)?").unwrap()
});
static MONTHS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,2})\s*(?:(?:-|–|to|الي)\s*(\d{1,2})\s*)?(?:months?|mos?\b|شهور|اشهر|شهر)").unwrap());
static ALL_AGES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"all ages|any age|جميع الاعمار|كل الاعمار|مختلف الاعمار|جميع الفيات العمريه|كافه الاعمار|اي عمر").unwrap());
/// What may follow a number range that is not an age.
static NOT_AGE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:cm|سم|kg|كجم|كيلو|lb|lbs|pounds|h\b|hrs?\b|hours?|ساعه|ساعات|min|mins|minutes?|دقيقه|دقايق|دقائق|pm|am|p\.m|a\.m|مساء|صباح|ظهر|الظهر|عصر|العصر|episodes?|حلقه|حلقات|x\b|%|days?|يوم|ايام|weeks?|اسبوع|اسابيع|months?|شهر|اشهر|شهور|seconds?|ثانيه|ثواني|ريال|sar|aed|usd|\$|k\b|الف|people|persons?|شخص|اشخاص|episode|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|يناير|فبراير|مارس|ابريل|مايو|يونيو|يوليو|اغسطس|سبتمبر|اكتوبر|نوفمبر|ديسمبر|رمضان|شوال|[:/]\d)").unwrap()
});
static NOT_AGE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:size|مقاس|height|الطول|طول|weight|الوزن|وزن|sar|aed|usd|gbp|egp|ريال|\$|£|€|الساعه|ساعه|from\s+\d|episode|حلقه|x)\s*[:\-]?\s*$").unwrap()
});
static YEARS_AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(?:سنه|سنوات|عاما|عام|years|yrs|year)").unwrap());
static DURATION_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:مده|لمده|خلال|منذ|خبره|بخبره|experience|span of|over|for|مدتها|عقد|contract)\s*(?:\S+\s*)?$").unwrap());
static BABY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"baby|babies|infant|newborn|toddler|رضيع|رضع|بيبي|مولود|طفل").unwrap());
static AGE_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"عمر|اعمار|العمر|السن|\bسن\b|\bage|aged|years|yrs|سنه|سنوات|عاما").unwrap());

fn decade_bounds(q: Option<&str>, d: u8) -> (u8, u8) {
    let base = d * 10;
    match q {
        Some("early") => (base, base + 3),
        Some("mid") => (base + 4, base + 6),
        Some("late") => (base + 7, base + 9),
        _ => (base, base + 9),
    }
}

fn word_decade(w: &str) -> u8 {
    match w {
        "twenties" | "عشرين" => 2,
        "thirties" | "ثلاثين" => 3,
        "forties" | "اربعين" => 4,
        "fifties" | "خمسين" => 5,
        "sixties" | "ستين" => 6,
        "seventies" | "سبعين" => 7,
        _ => 8,
    }
}

/// True when the normalized text says something about age ("العمر", "aged", "سنة").
pub fn has_age_word(norm: &str) -> bool {
    AGE_WORD.is_match(norm)
}

fn num(c: &regex::Captures, i: usize) -> Option<u8> {
    c.get(i).and_then(|m| m.as_str().parse::<u8>().ok()).filter(|n| *n <= 99)
}

/// The age said in `norm` (normalized text of one role or attribute), if any. `next_is_noun`
/// tells whether the word after a position is a talent noun ("10-15 كومبارس" is a count).
pub fn parse(norm: &str, next_is_noun: impl Fn(&str) -> bool) -> Option<Age> {
    if !norm.bytes().any(|b| b.is_ascii_digit()) {
        // Without digits only words can say an age.
        if !(norm.contains("age")
            || norm.contains("اعمار")
            || norm.contains("عمر")
            || norm.contains("ties")
            || norm.contains("ينات")
            || norm.contains("اي "))
        {
            return None;
        }
    }
    if ALL_AGES.is_match(norm) {
        return Some(Age { all_ages: true, cued: true, ..Age::default() });
    }
    // Babies: months.
    if let Some(c) = MONTHS.captures(norm).filter(|_| BABY.is_match(norm)) {
        let hi = num(&c, 2).or(num(&c, 1)).unwrap_or(12);
        if hi <= 24 {
            return Some(Age { min: Some(0), max: Some(hi.div_ceil(12).max(1)), all_ages: false, cued: true });
        }
    }
    for c in RANGE.captures_iter(norm) {
        let (Some(a), Some(b)) = (num(&c, 1), num(&c, 2)) else { continue };
        let (Some(m1), Some(m2)) = (c.get(1), c.get(2)) else { continue };
        let after = &norm[m2.end()..];
        let before = &norm[..m1.start()];
        let joined_by_and = norm[m1.end()..m2.start()].contains("and") || norm[m1.end()..m2.start()].trim() == "و";
        let whole = c.get(0).map_or("", |m| m.as_str());
        if joined_by_and && !whole.contains("between") && !whole.contains("بين") {
            continue;
        }
        if a > b || b - a > 70 || b < 3 || NOT_AGE_AFTER.is_match(after) || NOT_AGE_BEFORE.is_match(before) {
            continue;
        }
        let after_years = YEARS_AFTER.is_match(after);
        if !after_years && next_is_noun(after) {
            continue;
        }
        return Some(Age { min: Some(a), max: Some(b), all_ages: false, cued: after_years || has_age_word(before) });
    }
    if let Some(c) = AR_DECADES.captures(norm) {
        let d1 = word_decade(c.get(1).map_or("", |m| m.as_str()));
        let d2 = c.get(2).map(|m| word_decade(m.as_str())).unwrap_or(d1);
        return Some(Age { min: Some(d1 * 10), max: Some(d2 * 10 + 9), all_ages: false, cued: true });
    }
    if let Some(c) = DECADES.captures(norm) {
        let d1: u8 = c.get(2).and_then(|m| m.as_str().parse().ok()).unwrap_or(2);
        let (lo, mut hi) = decade_bounds(c.get(1).map(|m| m.as_str()), d1);
        if let Some(d2) = c.get(4).and_then(|m| m.as_str().parse::<u8>().ok()) {
            hi = decade_bounds(c.get(3).map(|m| m.as_str()), d2).1;
        }
        if hi >= lo {
            return Some(Age { min: Some(lo), max: Some(hi), all_ages: false, cued: true });
        }
    }
    if let Some(c) = DECADE_WORDS.captures(norm) {
        let (lo, hi) = decade_bounds(c.get(1).map(|m| m.as_str()), word_decade(c.get(2).map_or("", |m| m.as_str())));
        return Some(Age { min: Some(lo), max: Some(hi), all_ages: false, cued: true });
    }
    if let Some(c) = PLUS.captures(norm) {
        let end = c.get(0).map_or(0, |m| m.end());
        let unit_after = (1..=6)
            .find_map(|i| c.get(i))
            .is_some_and(|m| NOT_AGE_AFTER.is_match(&norm[m.end()..]) || NOT_AGE_AFTER.is_match(&norm[end..]));
        if let Some(n) = (1..=6).find_map(|i| num(&c, i)).filter(|_| !unit_after)
            && n >= 3
        {
            return Some(Age { min: Some(n), max: None, all_ages: false, cued: true });
        }
    }
    if let Some(c) = UNDER.captures(norm)
        && let (Some(n), Some(m)) = (num(&c, 1), c.get(1))
        && !NOT_AGE_AFTER.is_match(&norm[m.end()..])
    {
        return Some(Age { min: None, max: Some(n), all_ages: false, cued: true });
    }
    if let Some(c) = SINGLE.captures(norm)
        && let (Some(m), Some(n)) = (c.get(1).or(c.get(2)), num(&c, 1).or(num(&c, 2)))
    {
        let before = &norm[..m.start()];
        let duration = DURATION_BEFORE.is_match(before);
        if !duration && n >= 1 {
            return Some(Age { min: Some(n), max: Some(n), all_ages: false, cued: true });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize_for_search;

    fn age(t: &str) -> Option<(Option<u8>, Option<u8>)> {
        parse(&normalize_for_search(t), |_| false).map(|a| (a.min, a.max))
    }

    #[test]
    fn ranges_and_open_ends() {
        assert_eq!(age("من عمر 20-40"), Some((Some(20), Some(40))));
        assert_eq!(age("العمر : من 20 - 26"), Some((Some(20), Some(26))));
        assert_eq!(age("ذكر – 30 إلى 45 سنة"), Some((Some(30), Some(45))));
        assert_eq!(age("اعمارهم من ٤٥-٥٥ سنه"), Some((Some(45), Some(55))));
        assert_eq!(age("Actors from 3 to 10 years old"), Some((Some(3), Some(10))));
        assert_eq!(age("العمر 18 سنة وفوق"), Some((Some(18), None)));
        assert_eq!(age("حريم كبار سن ٦٠ سنة وفوق"), Some((Some(60), None)));
        assert_eq!(age("Grandma 60+"), Some((Some(60), None)));
        assert_eq!(age("25 and up"), Some((Some(25), None)));
        assert_eq!(age("ألا يقل العمر عن 18 عاماً"), Some((Some(18), None)));
        assert_eq!(age("عمرها 16 سنة"), Some((Some(16), Some(16))));
        assert_eq!(age("between 20 and 30"), Some((Some(20), Some(30))));
    }

    #[test]
    fn decades_and_months() {
        assert_eq!(age("20s-30s"), Some((Some(20), Some(39))));
        assert_eq!(age("Armenian-Iraqi, 50s"), Some((Some(50), Some(59))));
        assert_eq!(age("late 20s / early 30s"), Some((Some(27), Some(33))));
        assert_eq!(age("late 40s to early 60s"), Some((Some(47), Some(63))));
        assert_eq!(age("a woman in her 60s"), Some((Some(60), Some(69))));
        assert_eq!(age("بنات (بالعشرينات -ثلاثينات)"), Some((Some(20), Some(39))));
        assert_eq!(age("baby (6-12 months)"), Some((Some(0), Some(1))));
        let all = parse(&normalize_for_search("من جميع الأعمار"), |_| false).unwrap();
        assert!(all.all_ages && all.min.is_none());
    }

    #[test]
    fn not_ages() {
        assert_eq!(age("Male, 185-190cm, athletic"), None);
        assert_eq!(age("مدة التصوير ٤-٥ ساعات"), None);
        assert_eq!(age("Auditions 2–6 pm"), None);
        assert_eq!(age("Shoot: 10-11 Feb"), None);
        assert_eq!(age("Budget 1500-2000 SAR"), None);
        assert_eq!(age("over the span of 15 years"), None);
        assert_eq!(age("a 60-second demo"), None);
        assert_eq!(age("خبرة 5 سنوات"), None);
        assert_eq!(age("weigh less than 50 pounds"), None);
        assert_eq!(age("2026-01-10"), None);
        assert!(parse("10-15 كومبارس", |rest| rest.trim_start().starts_with("كومبارس")).is_none());
    }
}
