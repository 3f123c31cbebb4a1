//! Dates: every "15 مارس", "March 15th, 2026", "١٥/٦" (d/m), "13 او 14 او 15 اكتوبر",
//! "17–18 January", Levantine and Hijri month names, read in any digits; each is classed by the
//! cue before it on its line (deadline, audition, shoot, rehearsal/performance, other). The
//! deadline is the explicit one ("آخر موعد", "apply by", "before 3 April", "self-tapes due");
//! without one, the last fixed audition/casting-session date. Relative days ("before Thursday",
//! "next Saturday") are no dates, so they give no deadline.
//!
//! Year: the one written with the date, else one written with another date or month of the post
//! (or its news dateline), else the year that places the date on or after `received_on` (less
//! 60 days), else 2026.

use super::post::Post;
use regex::Regex;
use std::sync::LazyLock;
use time::{Date, Duration, Month};

/// The year of a date without one when nothing in the post or its context tells.
pub const DEFAULT_YEAR: i32 = 2026;

/// Normalized month names: (name, month, hijri).
const MONTHS: &[(&str, u8, bool)] = &[
    ("january", 1, false),
    ("jan", 1, false),
    ("february", 2, false),
    ("feb", 2, false),
    ("march", 3, false),
    ("mar", 3, false),
    ("april", 4, false),
    ("apr", 4, false),
    ("may", 5, false),
    ("june", 6, false),
    ("jun", 6, false),
    ("july", 7, false),
    ("jul", 7, false),
    ("august", 8, false),
    ("aug", 8, false),
    ("september", 9, false),
    ("sept", 9, false),
    ("sep", 9, false),
    ("october", 10, false),
    ("oct", 10, false),
    ("november", 11, false),
    ("nov", 11, false),
    ("december", 12, false),
    ("dec", 12, false),
    ("يناير", 1, false),
    ("فبراير", 2, false),
    ("مارس", 3, false),
    ("ابريل", 4, false),
    ("مايو", 5, false),
    ("يونيو", 6, false),
    ("يونيه", 6, false),
    ("يوليو", 7, false),
    ("يوليه", 7, false),
    ("اغسطس", 8, false),
    ("سبتمبر", 9, false),
    ("اكتوبر", 10, false),
    ("نوفمبر", 11, false),
    ("ديسمبر", 12, false),
    ("كانون الثاني", 1, false),
    ("شباط", 2, false),
    ("اذار", 3, false),
    ("نيسان", 4, false),
    ("ايار", 5, false),
    ("حزيران", 6, false),
    ("تموز", 7, false),
    ("اب", 8, false),
    ("ايلول", 9, false),
    ("تشرين الاول", 10, false),
    ("تشرين الثاني", 11, false),
    ("كانون الاول", 12, false),
    ("محرم", 1, true),
    ("صفر", 2, true),
    ("ربيع الاول", 3, true),
    ("ربيع الاخر", 4, true),
    ("ربيع الثاني", 4, true),
    ("جمادي الاولي", 5, true),
    ("جمادي الاول", 5, true),
    ("جمادي الاخره", 6, true),
    ("جمادي الاخر", 6, true),
    ("جمادي الثانيه", 6, true),
    ("رجب", 7, true),
    ("شعبان", 8, true),
    ("رمضان", 9, true),
    ("شوال", 10, true),
    ("ذو القعده", 11, true),
    ("ذي القعده", 11, true),
    ("ذو الحجه", 12, true),
    ("ذي الحجه", 12, true),
];

const WEEKDAYS: &str = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|السبت|الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|سبت|احد|اثنين|ثلاثاء|اربعاء|خميس|جمعه";
const DAY_SEP: &str = r"\s*(?:-|–|—|to|until|till|through|thru|الي|حتي|لين|لغايه|و|او|or|and|&|,|،)\s*";

fn month_alternation() -> String {
    let mut names: Vec<&str> = MONTHS.iter().map(|m| m.0).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.iter().map(|n| regex::escape(n).replace(' ', r"\s+")).collect::<Vec<_>>().join("|")
}

/// "15 March 2026", "13 او 14 او 15 اكتوبر", "Saturday 7 February", "17–18 January".
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:(?:{WEEKDAYS})\s*[,،]?\s*)?\b(\d{{1,2}})(?:st|nd|rd|th)?((?:{DAY_SEP}\d{{1,2}}(?:st|nd|rd|th)?)*)\s*(?:of\s+)?(?:شهر\s*)?({})\b\.?(?:\s*[,،]?\s*(\d{{4}})\b)?",
        month_alternation()
    ))
    .unwrap()
});
/// "October 23rd, 2010", "April 12 and 13", "January 30, 2024".
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b({})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b((?:{DAY_SEP}\d{{1,2}}(?:st|nd|rd|th)?\b)*)(?:\s*,?\s*(\d{{4}})\b)?",
        month_alternation()
    ))
    .unwrap()
});
/// "١٥/٦", "15/06/2026", "2026-06-15", "15-06-2026".
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d/.\-])(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?|(\d{1,2})[.\-](\d{1,2})[.\-](\d{4}))(?:$|[^\d/])")
        .unwrap()
});
/// A month (or two) with a year and no day: evidence of the post's year ("March–April 2026").
static MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\b(?:{m})\b(?:\s*[-–]\s*(?:{m}))?\s*,?\s*(\d{{4}})\b", m = month_alternation())).unwrap());
static MONTH_ONLY: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"\b({})\b", month_alternation())).unwrap());
static RANGE_SEP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(?:-|–|—|to|until|till|through|الي|حتي|لين|لغايه)\s*$").unwrap());
static LIST_SEP_OR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:or|او)\b").unwrap());
static RANGE_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[-–—]|\b(?:to|until|till|through|thru)\b|الي|حتي|لين|لغايه").unwrap());
static HEADING_AUDITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"audition|open call|casting session|(?:تجارب|تجربه|اختبار|اختبارات) (?:ال)?اداء").unwrap());
static DASH_DM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:^|[^\d\-/.])(\d{1,2})-(\d{1,2})(?:$|[^\d\-/.])").unwrap());
static DATE_WORD_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:اخر موعد|الموعد النهائي|تاريخ|بتاريخ|deadline|date|قبل|حتي|يوم|الموافق)[^\d]{0,12}$").unwrap());
static SPLIT_DAYS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d{1,2}").unwrap());

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Deadline,
    WeakDeadline,
    Audition,
    Shoot,
    Neutral,
    Perform,
    Other,
    Fuzzy,
}

static CUES: LazyLock<Vec<(Kind, Regex)>> = LazyLock::new(|| {
    let c = |k, p: &str| (k, Regex::new(p).unwrap());
    vec![
        c(
            Kind::Deadline,
            r"deadline|apply (?:by|before)|applications? (?:close|closes|due)|submissions? (?:close|closes|due)|closing date|self[\s\-]?tapes? (?:are )?due|due date|expires?|expiry|no later than|last day|اخر موعد|اخر يوم|الموعد النهائي|موعد التقديم|ينتهي التقديم|اخر اجل|نهايه التقديم|تاريخ الانتهاء|يغلق التقديم|(?:التقديم|التسجيل) (?:متاح |مفتوح )?(?:حتي|لغايه|الي)",
        ),
        c(Kind::WeakDeadline, r"\b(?:before|by|until|till|due|closes?)\b|\b(?:و|ف)?(?:قبل|حتي|لغايه|لين)\b|الي غايه"),
        c(
            Kind::Audition,
            r"audition|casting session|casting day|casting call|open call|(?:تجارب|تجربه|اختبار|اختبارات) (?:ال)?اداء|الكاستنج|كاستنج|الكاستينج|كاستينج|المقابلات|مقابله|interviews?",
        ),
        c(Kind::Shoot, r"shoot|filming|film date|recording|تصوير|التسجيل|يصور"),
        c(Kind::Neutral, r"\bdates?\b|تاريخ|بتاريخ|موعد|يوم"),
        c(Kind::Perform, r"rehearsal|performance|perform|\bshows?\b|بروف|العرض|عروض|الحفل"),
        c(Kind::Other, r"starting|\bstarts?\b|begins?|ابتداء|بدايه|يبدا|تبدا|contract|العقد|مواليد|born|released?|posted|published"),
        c(Kind::Fuzzy, r"week of|اسبوع|weekend of"),
    ]
});

static ADJACENT_GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^[\s,:،\-–]*(?:(?:on|the|يوم|الموافق|{WEEKDAYS})[\s,:،]*)*$")).unwrap());

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Md {
    day: u8,
    month: u8,
    year: Option<i32>,
    hijri: bool,
}

#[derive(Debug)]
struct Mention {
    line: usize,
    start: usize,
    end: usize,
    dates: Vec<Md>,
    /// Two dates that are the ends of a range ("17–18 January", "10 Nov – 5 Dec").
    range: bool,
    /// A list read as alternatives ("13 او 14 او 15").
    alternatives: bool,
    kind: Option<Kind>,
}

/// A date written with a month's name ("15 مارس", "March 3rd-5th"), either order.
fn named_month(
    line: usize,
    all: regex::Match<'_>,
    month_name: &str,
    first_day: &str,
    more_days: Option<regex::Match<'_>>,
    year: Option<regex::Match<'_>>,
) -> Option<Mention> {
    let (month, hijri) = month_of(month_name)?;
    let (days, range, alternatives) = days_of(first_day, more_days.map_or("", |m| m.as_str()));
    let year = year.and_then(|y| y.as_str().parse().ok());
    let dates: Vec<Md> = days.iter().filter(|d| valid(**d, month)).map(|&d| Md { day: d as u8, month, year, hijri }).collect();
    (!dates.is_empty()).then_some(Mention { line, start: all.start(), end: all.end(), dates, range, alternatives, kind: None })
}

fn month_of(name: &str) -> Option<(u8, bool)> {
    let squashed: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
    MONTHS.iter().find(|m| m.0 == squashed).map(|m| (m.1, m.2))
}

fn valid(day: u32, month: u8) -> bool {
    (1..=31).contains(&day) && (1..=12).contains(&month)
}

fn days_of(first: &str, rest: &str) -> (Vec<u32>, bool, bool) {
    let mut days: Vec<u32> = vec![first.parse().unwrap_or(0)];
    days.extend(SPLIT_DAYS.find_iter(rest).map(|m| m.as_str().parse().unwrap_or(0)));
    // Keep the valid tail ("age 25-35, 10 March" is the 10th only).
    while days.iter().any(|d| !(1..=31).contains(d)) {
        let bad = days.iter().position(|d| !(1..=31).contains(d)).unwrap_or(0);
        days.drain(..=bad);
    }
    let alternatives = LIST_SEP_OR.is_match(rest);
    let range = days.len() == 2 && !alternatives && RANGE_WORD.is_match(rest);
    (days, range, alternatives)
}

fn find_mentions(post: &Post) -> Vec<Mention> {
    let mut out = Vec::new();
    // A post that writes "1/13" writes month/day throughout ("1/6" is then 6 January).
    let month_first = post.lines.iter().any(|l| {
        NUMERIC.captures_iter(&l.norm).any(|c| {
            let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
            matches!((n(4), n(5)), (Some(a), Some(b)) if a <= 12 && (13..=31).contains(&b))
        })
    });
    for (li, line) in post.content_lines() {
        let s = &line.norm;
        let mut found: Vec<Mention> = Vec::new();
        for c in DAY_MONTH.captures_iter(s) {
            let (Some(all), Some(d1), Some(mo)) = (c.get(0), c.get(1), c.get(3)) else { continue };
            found.extend(named_month(li, all, mo.as_str(), d1.as_str(), c.get(2), c.get(4)));
        }
        for c in MONTH_DAY.captures_iter(s) {
            let (Some(all), Some(mo), Some(d1)) = (c.get(0), c.get(1), c.get(2)) else { continue };
            if found.iter().any(|f| f.start < all.end() && all.start() < f.end) {
                continue;
            }
            found.extend(named_month(li, all, mo.as_str(), d1.as_str(), c.get(3), c.get(4)));
        }
        for c in NUMERIC.captures_iter(s) {
            let Some(all) = c.get(0) else { continue };
            if found.iter().any(|f| f.start < all.end() && all.start() < f.end) {
                continue;
            }
            let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
            let (day, month, year) = if let (Some(y), Some(m), Some(d)) = (num(1), num(2), num(3)) {
                (d, m, Some(y as i32))
            } else if let (Some(a), Some(b)) = (num(4), num(5)) {
                let year = num(6).map(|y| if y < 100 { 2000 + y as i32 } else { y as i32 });
                if month_first && a <= 12 && b <= 31 {
                    (b, a, year)
                } else if b <= 12 && a <= 31 {
                    (a, b, year)
                } else if a <= 12 && b <= 31 {
                    (b, a, year)
                } else {
                    continue;
                }
            } else if let (Some(d), Some(m), Some(y)) = (num(7), num(8), num(9)) {
                (d, m, Some(y as i32))
            } else {
                continue;
            };
            if month > 12 || !valid(day, month as u8) {
                continue;
            }
            let md = Md { day: day as u8, month: month as u8, year, hijri: false };
            found.push(Mention {
                line: li,
                start: all.start(),
                end: all.end(),
                dates: vec![md],
                range: false,
                alternatives: false,
                kind: None,
            });
        }
        // "آخر موعد ١٥-٣", "بتاريخ 15-3": a dashed day-month only after a date word (else it is a range).
        for c in DASH_DM.captures_iter(s) {
            let (Some(all), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else { continue };
            if found.iter().any(|f| f.start < all.end() && all.start() < f.end) {
                continue;
            }
            let before = &s[..a.start()];
            if !DATE_WORD_BEFORE.is_match(before) {
                continue;
            }
            let (Ok(day), Ok(month)) = (a.as_str().parse::<u32>(), b.as_str().parse::<u8>()) else { continue };
            if valid(day, month) {
                let md = Md { day: day as u8, month, year: None, hijri: false };
                found.push(Mention {
                    line: li,
                    start: a.start(),
                    end: b.end(),
                    dates: vec![md],
                    range: false,
                    alternatives: false,
                    kind: None,
                });
            }
        }
        found.sort_by_key(|m| m.start);
        // "10 Nov – 5 Dec": two mentions joined by a range word are one range.
        let mut merged: Vec<Mention> = Vec::new();
        for m in found {
            if let Some(prev) = merged.last_mut()
                && prev.dates.len() == 1
                && m.dates.len() == 1
                && prev.end <= m.start
                && let Some(gap) = s.get(prev.end..m.start)
                && RANGE_SEP.is_match(gap)
            {
                prev.dates.push(m.dates[0]);
                prev.end = m.end;
                prev.range = true;
                continue;
            }
            merged.push(m);
        }
        out.extend(merged);
    }
    out
}

/// The kind of the cue nearest before `start` in `window`; weak deadline words count only
/// right before the date.
fn cue_kind(window: &str) -> Option<Kind> {
    let mut hits: Vec<(usize, usize, Kind)> = Vec::new();
    for (k, re) in CUES.iter() {
        for m in re.find_iter(window) {
            hits.push((m.end(), m.start(), *k));
        }
    }
    hits.sort_by_key(|h| (h.0, std::cmp::Reverse(h.1)));
    let mut neutral = false;
    for &(end, _, k) in hits.iter().rev() {
        match k {
            Kind::WeakDeadline => {
                if window.get(end..).is_some_and(|gap| ADJACENT_GAP.is_match(gap)) {
                    return Some(Kind::Deadline);
                }
            }
            Kind::Fuzzy => {
                if window.get(end..).is_some_and(|gap| gap.trim().len() <= 4) {
                    return Some(Kind::Fuzzy);
                }
            }
            Kind::Neutral => neutral = true,
            other => return Some(other),
        }
    }
    neutral.then_some(Kind::Neutral)
}

fn classify(post: &Post, mentions: &mut [Mention]) {
    let heading_audition = post.content_lines().take(2).any(|(_, l)| HEADING_AUDITION.is_match(&l.norm));
    let mut prev_line = usize::MAX;
    let mut prev_end = 0;
    let mut prev_kind: Option<Kind> = None;
    for m in mentions.iter_mut() {
        let line = &post.lines[m.line].norm;
        if m.line != prev_line {
            prev_end = 0;
            prev_kind = None;
        }
        let window = line.get(prev_end.min(m.start)..m.start).unwrap_or("");
        let mut kind = cue_kind(window);
        if (kind.is_none() || kind == Some(Kind::Neutral))
            && let Some(k) = prev_kind.filter(|k| *k != Kind::Neutral)
        {
            kind = Some(k);
        }
        if kind.is_none() && prev_line != m.line {
            // A label on the line before ("موعد التصوير:" then the date).
            if let Some(prev) = post.lines[..m.line].iter().rev().find(|l| !l.words.is_empty())
                && (prev.norm.trim_end().ends_with(':') || prev.words.len() <= 4)
            {
                kind = cue_kind(&prev.norm).filter(|k| *k != Kind::Deadline || prev.norm.trim_end().ends_with(':'));
            }
        }
        if (kind.is_none() || kind == Some(Kind::Neutral)) && heading_audition {
            kind = Some(Kind::Audition);
        }
        if kind == Some(Kind::Neutral) {
            kind = Some(Kind::Shoot);
        }
        m.kind = kind;
        prev_line = m.line;
        prev_end = m.end;
        prev_kind = kind;
    }
}

/// Day `d` of Hijri month `m` of year `y` in the tabular Islamic calendar (civil epoch), which
/// is within a day or two of Umm al-Qura.
pub fn hijri_to_gregorian(y: i32, m: u8, d: u8) -> Option<Date> {
    let (y, m, d) = (y as i64, m as i64, d as i64);
    if !(1..=12).contains(&m) || !(1..=30).contains(&d) || !(1..=3000).contains(&y) {
        return None;
    }
    let jdn = d + (59 * (m - 1) + 1) / 2 + (y - 1) * 354 + (3 + 11 * y).div_euclid(30) + 1_948_440 - 1;
    Date::from_julian_day(i32::try_from(jdn).ok()?).ok()
}

struct YearContext {
    post_year: Option<i32>,
    received_on: Option<Date>,
}

impl YearContext {
    fn resolve(&self, md: Md) -> Option<Date> {
        if md.hijri {
            if let Some(y) = md.year.filter(|y| *y < 1700) {
                return hijri_to_gregorian(y, md.month, md.day);
            }
            let target = md.year.or(self.post_year);
            let after = self.received_on.map(|r| r - Duration::days(60));
            let reference = target.or(self.received_on.map(|r| r.year())).unwrap_or(DEFAULT_YEAR);
            let mut best = None;
            for h in (reference - 580)..=(reference - 577) {
                let Some(g) = hijri_to_gregorian(h, md.month, md.day) else { continue };
                let ok = match (target, after) {
                    (Some(t), _) => g.year() == t,
                    (None, Some(a)) => g >= a,
                    (None, None) => g.year() == DEFAULT_YEAR,
                };
                if ok {
                    best = Some(g);
                    break;
                }
            }
            return best;
        }
        let month = Month::try_from(md.month).ok()?;
        if let Some(y) = md.year.or(self.post_year) {
            return Date::from_calendar_date(y, month, md.day).ok();
        }
        if let Some(r) = self.received_on {
            let d = Date::from_calendar_date(r.year(), month, md.day).ok()?;
            if d < r - Duration::days(60) {
                return Date::from_calendar_date(r.year() + 1, month, md.day).ok();
            }
            return Some(d);
        }
        Date::from_calendar_date(DEFAULT_YEAR, month, md.day).ok()
    }
}

fn post_year(post: &Post, mentions: &[Mention]) -> Option<i32> {
    let sane = |y: i32| (1990..=2100).contains(&y);
    mentions
        .iter()
        .flat_map(|m| m.dates.iter())
        .filter(|d| !d.hijri)
        .find_map(|d| d.year.filter(|y| sane(*y)))
        .or_else(|| {
            post.lines.iter().find_map(|l| {
                MONTH_YEAR.captures(&l.norm).and_then(|c| c.get(1)).and_then(|y| y.as_str().parse().ok()).filter(|y| sane(*y))
            })
        })
        .or(post.dateline_year.filter(|y| sane(*y)))
}

pub struct Dates {
    pub deadline: Option<Date>,
    pub shoot_dates: Option<String>,
}

fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn format_mention(m: &Mention, ctx: &YearContext) -> Option<String> {
    let dates: Vec<Date> = m.dates.iter().filter_map(|d| ctx.resolve(*d)).collect();
    match dates.len() {
        0 => None,
        1 => Some(iso(dates[0])),
        2 if m.range => Some(format!("{} to {}", iso(dates[0]), iso(dates[1]))),
        _ => {
            let mut parts: Vec<String> = dates.iter().map(|d| iso(*d)).collect();
            let last = parts.pop().unwrap_or_default();
            let joiner = if m.alternatives { "or" } else { "and" };
            Some(format!("{} {joiner} {last}", parts.join(", ")))
        }
    }
}

const MONTH_NAMES: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// A shoot period without days: "نهاية شهر أكتوبر" -> "End of October 2026", "early March".
fn vague_shoot(post: &Post, ctx: &YearContext) -> Option<String> {
    static QUAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(نهايه|اواخر|end of|late|بدايه|اوايل|early|beginning of|منتصف|mid|الاسبوع الاول من|first week of)[\s\-]*(?:شهر\s*)?$")
            .unwrap()
    });
    for (_, line) in post.content_lines() {
        let n = &line.norm;
        let shoot = CUES.iter().find(|(k, _)| *k == Kind::Shoot).is_some_and(|(_, re)| re.is_match(n))
            || n.contains("dates")
            || n.contains("period");
        if !shoot {
            continue;
        }
        let months: Vec<regex::Match> = MONTH_ONLY.find_iter(n).collect();
        let Some(first) = months.first() else { continue };
        if first.as_str() == "may" && !n.contains("may ") {
            continue;
        }
        let Some((mo, hijri)) = month_of(first.as_str()) else { continue };
        if hijri || first.as_str() == "اب" {
            continue;
        }
        let year = MONTH_YEAR
            .captures(n)
            .and_then(|c| c.get(1))
            .and_then(|y| y.as_str().parse::<i32>().ok())
            .or(ctx.post_year)
            .or(ctx.received_on.map(|r| r.year()))
            .unwrap_or(DEFAULT_YEAR);
        let name = MONTH_NAMES[(mo - 1) as usize];
        let qual = QUAL.captures(&n[..first.start()]).and_then(|c| c.get(1)).map(|q| match q.as_str() {
            "نهايه" | "اواخر" | "end of" | "late" => "End of",
            "بدايه" | "اوايل" | "early" | "beginning of" => "Early",
            "منتصف" | "mid" => "Mid",
            _ => "First week of",
        });
        if let Some(second) = months.get(1).filter(|s| s.start() - first.end() <= 3)
            && let Some((mo2, false)) = month_of(second.as_str())
        {
            return Some(format!("{name}–{} {year}", MONTH_NAMES[(mo2 - 1) as usize]));
        }
        return Some(match qual {
            Some(q) => format!("{q} {name} {year}"),
            None => format!("{name} {year}"),
        });
    }
    None
}

/// The deadline and shoot dates of a post.
pub fn find(post: &Post, received_on: Option<Date>) -> Dates {
    let mut mentions = find_mentions(post);
    classify(post, &mut mentions);
    let ctx = YearContext { post_year: post_year(post, &mentions), received_on };
    let last_of = |m: &Mention| m.dates.iter().filter_map(|d| ctx.resolve(*d)).max();
    let deadline = mentions
        .iter()
        .find(|m| m.kind == Some(Kind::Deadline))
        .and_then(last_of)
        .or_else(|| mentions.iter().filter(|m| m.kind == Some(Kind::Audition)).filter_map(last_of).max());
    let mut shoot: Vec<String> = mentions.iter().filter(|m| m.kind == Some(Kind::Shoot)).filter_map(|m| format_mention(m, &ctx)).collect();
    let perform: Vec<String> = mentions.iter().filter(|m| m.kind == Some(Kind::Perform)).filter_map(|m| format_mention(m, &ctx)).collect();
    if !perform.is_empty() {
        shoot.push(format!("Rehearsals/performances {}", perform.join(", ")));
    }
    let shoot_dates = if shoot.is_empty() { vague_shoot(post, &ctx) } else { Some(shoot.join("; ")) };
    Dates { deadline, shoot_dates }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::extraction::SourceType;
    use time::macros::date;

    fn deadline(t: &str) -> Option<Date> {
        find(&Post::new(t, SourceType::Whatsapp), None).deadline
    }
    fn web_deadline(t: &str) -> Option<Date> {
        find(&Post::new(t, SourceType::Web), None).deadline
    }

    #[test]
    fn arabic_deadlines_in_any_digits() {
        assert_eq!(deadline("آخر موعد للتقديم ٢٠ أكتوبر"), Some(date!(2026 - 10 - 20)));
        assert_eq!(deadline("أرسله على الإيميل قبل ١ مارس"), Some(date!(2026 - 03 - 01)));
        assert_eq!(deadline("آخر موعد لاستقبال الطلبات: 30 أبريل 2026."), Some(date!(2026 - 04 - 30)));
        assert_eq!(deadline("آخر موعد ١٥/٦"), Some(date!(2026 - 06 - 15)));
        assert_eq!(deadline("التقديم متاح حتى ۱۰ مايو"), Some(date!(2026 - 05 - 10)));
        assert_eq!(deadline("آخر موعد 5 كانون الثاني"), Some(date!(2026 - 01 - 05)));
        assert_eq!(deadline("آخر موعد للتقديم ١٥-٣"), Some(date!(2026 - 03 - 15)));
        assert_eq!(deadline("يوم الأحد الموافق ١٥ مارس آخر موعد"), None);
        assert_eq!(deadline("آخر موعد: الأحد الموافق ١٥ مارس"), Some(date!(2026 - 03 - 15)));
    }

    #[test]
    fn english_deadlines() {
        assert_eq!(deadline("Applications close 5 November — apply at the link"), Some(date!(2026 - 11 - 05)));
        assert_eq!(deadline("Send comp card to x before 3 April"), Some(date!(2026 - 04 - 03)));
        assert_eq!(deadline("Self-tape deadline: 10 January 2026"), Some(date!(2026 - 01 - 10)));
        assert_eq!(deadline("Send a demo by 25 May"), Some(date!(2026 - 05 - 25)));
        assert_eq!(deadline("Send photos on WhatsApp by Monday 9 March"), Some(date!(2026 - 03 - 09)));
        assert_eq!(deadline("Self-tapes due: 20 March 2026"), Some(date!(2026 - 03 - 20)));
        assert_eq!(deadline("Apply before January 31st, 2027"), Some(date!(2027 - 01 - 31)));
    }

    #[test]
    fn relative_and_shoot_dates_are_no_deadline() {
        assert_eq!(deadline("أرسل عينة صوتية قبل يوم الخميس"), None);
        assert_eq!(deadline("Apply before Thursday"), None);
        assert_eq!(deadline("عندنا تصوير في تاريخ 13 او 14 او 15 اكتوبر"), None);
        assert_eq!(deadline("Shoot date: 22 February, one day"), None);
        assert_eq!(deadline("مدة العقد شهرين ابتداءً من ١ نوفمبر"), None);
        assert_eq!(deadline("Auditions are the week of October 9"), None);
        assert_eq!(deadline("العمر 20-40 والتصوير يوم 17"), None);
    }

    #[test]
    fn audition_dates_when_no_deadline() {
        assert_eq!(deadline("Casting session: 20 November at our office\nShoot: 3-4 December"), Some(date!(2026 - 11 - 20)));
        assert_eq!(
            deadline("The audition will take place on Saturday October 23rd, 2010 and on Sunday October 24th, 2010"),
            Some(date!(2010 - 10 - 24))
        );
        assert_eq!(deadline("🎭 تجارب أداء لمسرحية – الرياض\n📅 الأربعاء ١٨ فبراير – من ٥ إلى ٩ مساءً"), Some(date!(2026 - 02 - 18)));
        assert_eq!(
            deadline("Auditions: Saturday 7 February, 2–6 pm.\nRehearsals from 15 February; performances 26–28 March."),
            Some(date!(2026 - 02 - 07))
        );
        // An explicit deadline wins over audition days.
        assert_eq!(deadline("Auditions 10 May\nDeadline: 1 May"), Some(date!(2026 - 05 - 01)));
    }

    #[test]
    fn year_inference() {
        assert_eq!(
            web_deadline("Title\nDUBAI, APRIL 7, 2018.\nThe casting call will take place on April 12 and 13."),
            Some(date!(2018 - 04 - 13))
        );
        assert_eq!(deadline("Shooting period: March–April 2027\nApply before 31 January"), Some(date!(2027 - 01 - 31)));
        let p = Post::new("آخر موعد ٥ يناير", SourceType::Whatsapp);
        assert_eq!(find(&p, Some(date!(2026 - 12 - 20))).deadline, Some(date!(2027 - 01 - 05)));
        assert_eq!(find(&p, Some(date!(2025 - 12 - 20))).deadline, Some(date!(2026 - 01 - 05)));
    }

    #[test]
    fn hijri_months() {
        // 1 Ramadan 1447 is 18 February 2026 (Umm al-Qura); the tabular calendar is within a day.
        let d = hijri_to_gregorian(1447, 9, 1).unwrap();
        assert!((d - date!(2026 - 02 - 18)).whole_days().abs() <= 1, "{d}");
        let got = deadline("آخر موعد للتقديم ١٥ رمضان").unwrap();
        assert!((got - date!(2026 - 03 - 04)).whole_days().abs() <= 2, "{got}");
        let got = deadline("آخر موعد 10 شوال 1447هـ").unwrap();
        assert!((got - date!(2026 - 03 - 29)).whole_days().abs() <= 2, "{got}");
    }

    #[test]
    fn shoot_dates_text() {
        let p = Post::new("عندنا تصوير في تاريخ 13 او 14 او 15 اكتوبر", SourceType::Whatsapp);
        assert_eq!(find(&p, None).shoot_dates.as_deref(), Some("2026-10-13, 2026-10-14 or 2026-10-15"));
        let p = Post::new("Shoot: 2 days, 17–18 January 2026, Riyadh", SourceType::Web);
        assert_eq!(find(&p, None).shoot_dates.as_deref(), Some("2026-01-17 to 2026-01-18"));
        let p = Post::new("Dates: 10 Nov – 5 Dec", SourceType::Web);
        assert_eq!(find(&p, None).shoot_dates.as_deref(), Some("2026-11-10 to 2026-12-05"));
        let p = Post::new("تصوير إعلان في جدة نهاية شهر أكتوبر", SourceType::Whatsapp);
        assert_eq!(find(&p, None).shoot_dates.as_deref(), Some("End of October 2026"));
        // Month/day posts stay month/day.
        let p = Post::new("There are four rehearsals in January: 1/6, 1/13", SourceType::Web);
        assert_eq!(find(&p, None).shoot_dates.as_deref(), Some("Rehearsals/performances 2026-01-06, 2026-01-13"));
    }
}
