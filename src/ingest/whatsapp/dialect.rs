//! Header-format ("dialect") detection.
//!
//! An export's headers are the phone's locale short date and time, so one file uses exactly
//! one shape. Message bodies, however, are full of header-looking text: shoot dates, call
//! times, and whole headers pasted from another phone. A parser that accepts any date/time
//! prefix therefore invents messages. Instead every line is read with a permissive reader
//! that records the header's *shape* (bracket, digit script, marks, separators, year length,
//! seconds, meridiem and the space before it, terminator); the most frequent shape is the
//! file's dialect, and only lines of exactly that shape start a message.

use std::collections::HashMap;

use time::{Date, Month, PrimitiveDateTime, Time};

use super::marks::is_directional_mark;

/// Digits WhatsApp writes in headers: Latin, Arabic-Indic (ar) and Extended Arabic-Indic (fa, ur).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Script {
    Latin,
    ArabicIndic,
    Persian,
}

fn digit(c: char) -> Option<(u32, Script)> {
    match c {
        '0'..='9' => Some((u32::from(c) - u32::from('0'), Script::Latin)),
        '\u{0660}'..='\u{0669}' => Some((u32::from(c) - 0x0660, Script::ArabicIndic)),
        '\u{06F0}'..='\u{06F9}' => Some((u32::from(c) - 0x06F0, Script::Persian)),
        _ => None,
    }
}

/// What ends the header: Android `… - `, iOS `[…] `, and pre-2017 iOS `…: `.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Terminator {
    Dash,
    Bracket,
    Colon,
}

/// How the 12-hour marker is written. `template` is the marker with the a/p letter replaced
/// (`xM`, `x.\u{A0}m.`) so AM and PM lines share a shape while `am` and `AM` do not.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct MeridiemShape {
    space_before: Option<char>,
    template: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Shape {
    script: Script,
    date_sep: char,
    /// `13. 6. 2018` (cs, sk, hu) puts a space after each date separator.
    spaced_date: bool,
    /// RLMs between the date's numbers: ICU's Arabic `d‏/M‏/y`.
    marks_in_date: bool,
    year_first: bool,
    four_digit_year: bool,
    /// `, `, `، `, ` klo `, ` `… with marks removed.
    date_time_sep: String,
    time_sep: char,
    seconds: bool,
    meridiem: Option<MeridiemShape>,
    terminator: Terminator,
}

/// The numbers of one header, before the day/month order is known.
#[derive(Clone, Copy, Debug)]
struct Stamp {
    /// Date numbers in file order; the year is the 4-digit first one or the last one.
    parts: [u32; 3],
    hour: u32,
    minute: u32,
    second: u32,
    /// `Some(true)` for PM, `None` on 24-hour clocks.
    pm: Option<bool>,
}

struct Candidate<'a> {
    shape: Shape,
    stamp: Stamp,
    rest: &'a str,
}

/// A byte cursor over one line; every step is checked, so malformed input only yields `None`.
struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.pos..)?.chars().next()
    }

    fn peek_second(&self) -> Option<char> {
        let mut chars = self.s.get(self.pos..)?.chars();
        chars.next();
        chars.next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, want: char) -> bool {
        if self.peek() == Some(want) {
            self.pos += want.len_utf8();
            true
        } else {
            false
        }
    }

    /// Skips directional marks; tells whether there were any.
    fn skip_marks(&mut self) -> bool {
        let mut any = false;
        while self.peek().is_some_and(is_directional_mark) {
            self.bump();
            any = true;
        }
        any
    }

    /// A run of 1..=max_len digits of one script.
    fn number(&mut self, max_len: usize) -> Option<(u32, usize, Script)> {
        let (first, script) = digit(self.peek()?)?;
        self.bump();
        let (mut value, mut len) = (first, 1);
        while let Some((d, s)) = self.peek().and_then(digit) {
            if s != script || len == max_len {
                return None;
            }
            self.bump();
            value = value * 10 + d;
            len += 1;
        }
        Some((value, len, script))
    }

    fn rest(&self) -> &'a str {
        self.s.get(self.pos..).unwrap_or("")
    }
}

fn is_meridiem_space(c: char) -> bool {
    matches!(c, ' ' | '\u{00A0}' | '\u{202F}')
}

/// `AM`, `pm`, `a.m.`, `p. m.`, `p.⟨NBSP⟩m.`, `ص` (AM) / `م` (PM). Returns (is_pm, template).
fn meridiem(c: &mut Cursor<'_>) -> Option<(bool, String)> {
    let first = c.peek()?;
    let (pm, mut template) = match first {
        'ص' => (false, String::from("ar")),
        'م' => (true, String::from("ar")),
        'a' | 'p' => (first == 'p', String::from("x")),
        'A' | 'P' => (first == 'P', String::from("X")),
        _ => return None,
    };
    c.bump();
    if template != "ar" {
        if c.eat('.') {
            template.push('.');
        }
        if let Some(space) = c.peek().filter(|&s| is_meridiem_space(s))
            && matches!(c.peek_second(), Some('m' | 'M'))
        {
            c.bump();
            template.push(space);
        }
        let m = c.bump().filter(|m| matches!(m, 'm' | 'M'))?;
        template.push(m);
        if c.eat('.') {
            template.push('.');
        }
    }
    // `م` alone is PM, `مساءً` is a word: the marker must end here.
    if c.peek().is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some((pm, template))
}

/// Reads a header of any known shape at the start of `line`.
fn candidate(line: &str) -> Option<Candidate<'_>> {
    let mut c = Cursor { s: line, pos: 0 };
    // iOS puts an LRM before `[` on media lines and Arabic iOS an RLM after it; neither is
    // part of the locale's format.
    c.skip_marks();
    let bracket = c.eat('[');
    c.skip_marks();

    let (g0, len0, script) = c.number(4)?;
    let mut marks_in_date = c.skip_marks();
    let date_sep = c.bump().filter(|s| matches!(s, '/' | '.' | '-'))?;
    let spaced_date = c.eat(' ');
    marks_in_date |= c.skip_marks();
    let (g1, _, script1) = c.number(2)?;
    marks_in_date |= c.skip_marks();
    if !c.eat(date_sep) || c.eat(' ') != spaced_date {
        return None;
    }
    marks_in_date |= c.skip_marks();
    let (g2, len2, script2) = c.number(4)?;
    let year_first = len0 == 4;
    let four_digit_year = match (len0, len2) {
        (4, 1 | 2) => true,
        (1 | 2, 4) => true,
        (1 | 2, 1 | 2) => false,
        _ => return None,
    };

    // Between date and time: `, `, `، `, ` klo `, a Hungarian-style `. `… never a digit,
    // dash, colon or bracket, and short.
    let mut date_time_sep = String::new();
    while let Some(ch) = c.peek() {
        if digit(ch).is_some() {
            break;
        }
        let allowed = matches!(ch, ' ' | ',' | '،' | '.' | '\u{00A0}' | '\u{202F}') || is_directional_mark(ch) || ch.is_alphabetic();
        if !allowed || date_time_sep.chars().count() >= 8 {
            return None;
        }
        c.bump();
        if !is_directional_mark(ch) {
            date_time_sep.push(ch);
        }
    }
    if date_time_sep.is_empty() {
        return None;
    }

    let (hour, _, script3) = c.number(2)?;
    let time_sep = c.bump().filter(|s| matches!(s, ':' | '.'))?;
    let (minute, minute_len, script4) = c.number(2)?;
    if minute_len != 2 {
        return None;
    }
    let mut second = 0;
    let mut seconds = false;
    let before_seconds = c.pos;
    if c.eat(time_sep) {
        match c.number(2) {
            Some((s, 2, script5)) if script5 == script => {
                second = s;
                seconds = true;
            }
            _ => c.pos = before_seconds,
        }
    }
    if [script1, script2, script3, script4].iter().any(|&s| s != script) {
        return None;
    }
    c.skip_marks();

    let before_meridiem = c.pos;
    let space_before = c.peek().filter(|&s| is_meridiem_space(s));
    if space_before.is_some() {
        c.bump();
    }
    c.skip_marks();
    let (pm, meridiem_shape) = match meridiem(&mut c) {
        Some((pm, template)) => (Some(pm), Some(MeridiemShape { space_before, template })),
        None => {
            c.pos = before_meridiem;
            (None, None)
        }
    };
    c.skip_marks();

    let terminator = if bracket {
        if !c.eat(']') {
            return None;
        }
        // An empty iOS message has no space after the bracket.
        if !c.eat(' ') && !c.rest().is_empty() {
            return None;
        }
        Terminator::Bracket
    } else if c.rest().starts_with(" - ") || c.rest() == " -" {
        c.pos = (c.pos + 3).min(line.len());
        Terminator::Dash
    } else if c.rest().starts_with(": ") {
        c.pos += 2;
        Terminator::Colon
    } else {
        return None;
    };

    let stamp = Stamp { parts: [g0, g1, g2], hour, minute, second, pm };
    if !plausible(&stamp, year_first) {
        return None;
    }
    let shape = Shape {
        script,
        date_sep,
        spaced_date,
        marks_in_date,
        year_first,
        four_digit_year,
        date_time_sep,
        time_sep,
        seconds,
        meridiem: meridiem_shape,
        terminator,
    };
    Some(Candidate { shape, stamp, rest: c.rest() })
}

/// Values no clock or calendar writes disqualify a line before it can vote for a shape.
fn plausible(stamp: &Stamp, year_first: bool) -> bool {
    let [a, b, c] = stamp.parts;
    let (x, y) = if year_first { (b, c) } else { (a, b) };
    let hour_ok = match stamp.pm {
        Some(_) => stamp.hour <= 12,
        None => stamp.hour <= 23,
    };
    (1..=31).contains(&x) && (1..=31).contains(&y) && (x <= 12 || y <= 12) && hour_ok && stamp.minute <= 59 && stamp.second <= 59
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    DayMonthYear,
    MonthDayYear,
    YearMonthDay,
}

fn date_of(parts: [u32; 3], order: Order, four_digit_year: bool) -> Option<Date> {
    let [a, b, c] = parts;
    let (year, month, day) = match order {
        Order::DayMonthYear => (c, b, a),
        Order::MonthDayYear => (c, a, b),
        Order::YearMonthDay => (a, b, c),
    };
    // Two-digit years only exist since WhatsApp does (2009+).
    let year = if four_digit_year { year } else { 2000 + year };
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
}

/// Day/month order is not written anywhere, so it is inferred from every header date:
/// a first number above 12 proves d/m, a second one above 12 proves m/d. Files whose dates
/// are all ambiguous are decided by which reading gives the smoother timeline (a chat moves
/// day by day, not month by month), then by the locale the shape suggests.
fn infer_order(shape: &Shape, dates: &[[u32; 3]]) -> Order {
    if shape.year_first {
        return Order::YearMonthDay;
    }
    let day_first = dates.iter().filter(|[a, b, _]| *a > 12 && *b <= 12).count();
    let month_first = dates.iter().filter(|[a, b, _]| *b > 12 && *a <= 12).count();
    if day_first != month_first {
        return if day_first > month_first { Order::DayMonthYear } else { Order::MonthDayYear };
    }
    let jumpiness = |order: Order| -> i64 {
        let days: Vec<Option<i32>> = dates.iter().map(|&d| date_of(d, order, shape.four_digit_year).map(Date::to_julian_day)).collect();
        days.windows(2)
            .map(|pair| match pair {
                [Some(x), Some(y)] => i64::from((y - x).abs()),
                // An impossible date in this reading weighs like a year's jump.
                _ => 366,
            })
            .sum()
    };
    let (dmy, mdy) = (jumpiness(Order::DayMonthYear), jumpiness(Order::MonthDayYear));
    if dmy != mdy {
        return if dmy < mdy { Order::DayMonthYear } else { Order::MonthDayYear };
    }
    // `M/d/yy, h:mm AM` is the en-US short format (also on en-SA phones); 4-digit years,
    // lower-case markers and dots belong to day-first locales (en-GB, en-AU, de…).
    let us_style = shape.date_sep == '/' && !shape.four_digit_year && shape.meridiem.as_ref().is_some_and(|m| m.template.starts_with('X'));
    if us_style { Order::MonthDayYear } else { Order::DayMonthYear }
}

/// The header format of one file.
#[derive(Debug)]
pub(super) struct Dialect {
    shape: Shape,
    order: Order,
}

impl Dialect {
    /// The most frequent header shape among all lines (ties: the one seen first), or `None`
    /// when no line looks like a WhatsApp header at all.
    pub(super) fn detect<'a>(lines: impl Iterator<Item = &'a str> + Clone) -> Option<Dialect> {
        let mut votes: HashMap<Shape, (usize, usize)> = HashMap::new();
        for (index, line) in lines.clone().enumerate() {
            if let Some(cand) = candidate(line) {
                votes.entry(cand.shape).or_insert((0, index)).0 += 1;
            }
        }
        let shape = votes
            .into_iter()
            .max_by(|(_, (count_a, first_a)), (_, (count_b, first_b))| count_a.cmp(count_b).then(first_b.cmp(first_a)))
            .map(|(shape, _)| shape)?;
        let dates: Vec<[u32; 3]> = lines.filter_map(candidate).filter(|cand| cand.shape == shape).map(|cand| cand.stamp.parts).collect();
        let order = infer_order(&shape, &dates);
        Some(Dialect { shape, order })
    }

    /// The timestamp and the rest of the line when `line` starts a message in this dialect.
    pub(super) fn header<'a>(&self, line: &'a str) -> Option<(PrimitiveDateTime, &'a str)> {
        let cand = candidate(line)?;
        if cand.shape != self.shape {
            return None;
        }
        let date = date_of(cand.stamp.parts, self.order, self.shape.four_digit_year)?;
        let stamp = cand.stamp;
        let hour = match stamp.pm {
            None => stamp.hour,
            // 12 AM is the first hour of the day, 12 PM the thirteenth.
            Some(pm) => (stamp.hour % 12) + if pm { 12 } else { 0 },
        };
        let time = Time::from_hms(u8::try_from(hour).ok()?, u8::try_from(stamp.minute).ok()?, u8::try_from(stamp.second).ok()?).ok()?;
        Some((PrimitiveDateTime::new(date, time), cand.rest))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape_of(line: &str) -> Shape {
        match candidate(line) {
            Some(c) => c.shape,
            None => panic!("not a header: {line:?}"),
        }
    }

    #[test]
    fn header_like_body_lines_are_not_candidates() {
        for line in [
            "20/03/25 - Day 1 (Diriyah)",
            "21/03/25, 06:30 call time (hotel lobby)",
            "2025-03-14 10:00 callbacks",
            "[17/05/2025] 4 PM – 9 PM",
            "١٥\u{200F}/٤\u{200F}/٢٠٢٥ - آخر موعد",
            "٢٠\u{200F}/٤\u{200F}/٢٠٢٥، ٩:٠٠ ص الحضور",
            "12/4/2025, Obhur",
            "Shoot: 14/03/25, JAX District",
        ] {
            assert!(candidate(line).is_none(), "{line:?}");
        }
    }

    #[test]
    fn shapes_differ_between_platforms() {
        let android = shape_of("9/3/25, 10:15 - A: b");
        let ios = shape_of("[09/03/2025, 10:15:00] A: b");
        let ios_media = shape_of("\u{200E}[09/03/2025, 10:16:00] A: \u{200E}image omitted");
        assert_ne!(android, ios);
        assert_eq!(ios, ios_media);
        assert_ne!(shape_of("1/5/25, 9:30 am - A: b"), shape_of("1/5/25, 9:30 AM - A: b"));
        assert_ne!(shape_of("1/5/25, 9:30\u{202F}PM - A: b"), shape_of("1/5/25, 9:30 PM - A: b"));
    }

    #[test]
    fn order_from_later_evidence() {
        let shape = shape_of("1/2/25, 10:00 - A: b");
        assert_eq!(infer_order(&shape, &[[1, 2, 25], [3, 2, 25], [13, 2, 25]]), Order::DayMonthYear);
        assert_eq!(infer_order(&shape, &[[1, 2, 25], [1, 3, 25], [1, 13, 25]]), Order::MonthDayYear);
        // Ambiguous throughout: consecutive days beat consecutive months.
        assert_eq!(infer_order(&shape, &[[3, 1, 25], [3, 2, 25], [3, 3, 25]]), Order::MonthDayYear);
        assert_eq!(infer_order(&shape, &[[1, 3, 25], [2, 3, 25], [3, 3, 25]]), Order::DayMonthYear);
    }
}
