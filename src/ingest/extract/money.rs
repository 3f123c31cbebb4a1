//! Pay: the amounts stated with their currency ("٦٠٠٠ ريال شهرياً", "SAR 3,000/day",
//! "AED 900/day"), unlabelled amounts on a pay line of a Saudi post ("المبلغ 200"), "unpaid" /
//! "volunteer" (0) and "paid, amount not stated". `compensation_amount_sar` is the lowest
//! per-person SAR figure (a range gives its lower bound); other currencies give none; fees the
//! talent is asked to pay ("رسوم التسجيل ١٥٠ ريال") are not pay.

use super::post::Post;
use regex::Regex;
use std::sync::LazyLock;

static PREFIX_CUR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^A-Za-z])(SAR|SR|AED|Dhs?|GBP|USD|US\$|EUR|EGP|LE|BHD|BD|OMR|KWD|KD|QAR|QR|\$|£|€)\s?(\d[\d,]*(?:\.\d+)?)\s*(k\b)?(?:\s*(?:-|–|to)\s*(?:SAR|AED|GBP|USD|EGP|\$|£|€)?\s?(\d[\d,]*(?:\.\d+)?))?").unwrap()
});
static SUFFIX_CUR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d[\d,]*(?:\.\d+)?)\s*(k\b|الف|آلاف|الاف)?(?:\s*(?:-|–|to|الى|إلى|الي)\s*(\d[\d,]*(?:\.\d+)?)\s*(?:k\b|الف)?)?\s*(SAR|SR|ر\.?\s?س|ريال(?:\s*(?:سعودي|قطري|عماني))?|ريالات|rials?|riyals?|AED|درهم|dirhams?|Dhs?|GBP|جنيه|EGP|USD|dollars?|دولار|EUR|euros?|يورو|BHD|OMR|KWD|QAR|دينار(?:\s*(?:بحريني|كويتي))?)(?:[^A-Za-z]|$)").unwrap()
});
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d.,/:\-])(\d{2,3}(?:,\d{3})*|\d{2,6})(?:\s*(?:-|–|الى|إلى|الي)\s*(\d[\d,]*))?(?:$|[^\d:/])").unwrap()
});
static PHONE_LIKE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\+\d[\d \-]{7,}\d|(?:^|[^\d])0\d[\d \-]{6,}\d|\d{9,}").unwrap());
static YEAR_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|يناير|فبراير|مارس|[اأإ]بريل|مايو|يونيو|يوليو|[اأ]غسطس|سبتمبر|[اأ]كتوبر|نوفمبر|ديسمبر|عام|سنة|year|season|موسم)[a-z]*\.?\s*(?:\d{1,2}(?:st|nd|rd|th)?)?,?\s*$").unwrap()
});
static PAY_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)المبلغ|الأجر|الاجر|أجر|اجر|المكافأة|المكافاة|المكافاه|مكافأة|مكافاة|الريت|ريت|اليومية|اليوميه|يومية|الراتب|راتب|المقابل|الدفع|\bfee\b|\brate\b|\bpay\b|\bpaid\b|budget|compensation|salary").unwrap()
});
static TALENT_FEE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)رسوم|رسم التسجيل|حول المبلغ|تحويل|اشتراك|عربون|registration fee|sign[\s-]?up fee|portfolio fee|pay a fee|pay us|deposit|we charge|charge talent a").unwrap()
});
static NEVER_CHARGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)never charge|no fees?|لا (?:توجد|يوجد) رسوم|بدون رسوم|مجانا للمتقدمين").unwrap());
static UNPAID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bunpaid\b|\bvolunteer|\bno pay\b|not paid|without pay|بدون مقابل|بدون اجر|بدون أجر|تطوعي|تطوع|غير مدفوع|مجاني(?:ه|ة)? للمشارك").unwrap()
});
static PAID_NO_AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bpaid\b|negotiable|مدفوع|بمكافأة مالية|بمكافاه ماليه|مكافأة مالية|مكافاة مالية|مكافاه ماليه|بمقابل مادي|مقابل مادي|اجر مجزي|أجر مجزي|مبلغ مجزي|union").unwrap()
});
static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:/|per|an?|a|لكل|لل|في|بال)?\s*(day|daily|يوم|يومي|يوميا|اليوم|hour|hr|ساعه|ساعة|الساعة|month|monthly|شهر|شهريا|شهرياً|week|اسبوع|episode|حلقه|حلقة)").unwrap()
});
static NOT_AMOUNT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:ساعات|ساعه|ساعة|hours?|hrs?|days?|ايام|أيام|يوم|سنه|سنة|سنوات|years?|%|cm|سم|kg|دقيقه|دقيقة|دقائق|minutes?|ثانيه|ثانية|seconds?|x\b|episodes?|حلقات|ممثل|شخص|people|persons?)").unwrap()
});

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Currency {
    Sar,
    Other(&'static str),
    Unknown,
}

fn currency(code: &str) -> Currency {
    let c = crate::text::normalize_for_search(code);
    let c = c.replace(['.', ' '], "");
    match c.as_str() {
        "sar" | "sr" | "رس" | "ريال" | "ريالسعودي" | "ريالات" | "rial" | "rials" | "riyal" | "riyals" => Currency::Sar,
        "aed" | "dh" | "dhs" | "درهم" | "dirham" | "dirhams" => Currency::Other("AED"),
        "gbp" | "£" => Currency::Other("GBP"),
        "egp" | "le" | "جنيه" => Currency::Other("EGP"),
        "usd" | "us$" | "$" | "dollar" | "dollars" | "دولار" => Currency::Other("USD"),
        "eur" | "€" | "euro" | "euros" | "يورو" => Currency::Other("EUR"),
        "bhd" | "bd" | "دينار" | "ديناربحريني" => Currency::Other("BHD"),
        "omr" | "ريالعماني" => Currency::Other("OMR"),
        "kwd" | "kd" | "ديناركويتي" => Currency::Other("KWD"),
        "qar" | "qr" | "ريالقطري" => Currency::Other("QAR"),
        _ => Currency::Unknown,
    }
}

fn parse_amount(s: &str, thousands: bool) -> Option<i64> {
    let cleaned: String = s.chars().filter(|c| *c != ',').collect();
    let v: f64 = cleaned.parse().ok()?;
    let v = if thousands { v * 1000.0 } else { v };
    (v.is_finite() && (0.0..10_000_000.0).contains(&v)).then_some(v.round() as i64)
}

#[derive(Debug)]
struct Amount {
    value: i64,
    currency: Currency,
    unit: Option<&'static str>,
    range_to: Option<i64>,
}

fn unit_after(rest: &str) -> Option<&'static str> {
    UNIT.captures(rest).and_then(|c| c.get(1)).map(|u| {
        let u = u.as_str().to_lowercase();
        if u.contains("day") || u.contains("يوم") {
            "per day"
        } else if u.contains("hour") || u == "hr" || u.contains("ساع") {
            "per hour"
        } else if u.contains("month") || u.contains("شهر") {
            "per month"
        } else if u.contains("week") || u.contains("اسبوع") {
            "per week"
        } else {
            "per episode"
        }
    })
}

pub struct Pay {
    pub text: Option<String>,
    pub amount_sar: Option<i64>,
    /// A fee the talent is asked to pay, as a requirement ("Registration fee of 150 SAR").
    pub talent_fee: Option<String>,
}

fn describe(a: &Amount) -> String {
    let code = match a.currency {
        Currency::Sar | Currency::Unknown => "SAR",
        Currency::Other(c) => c,
    };
    let value = match a.range_to {
        Some(to) => format!("{}-{}", a.value, to),
        None => a.value.to_string(),
    };
    let mut s = if a.currency == Currency::Unknown {
        format!("{value} (currency not stated; SAR implied)")
    } else if matches!(a.currency, Currency::Sar) {
        format!("{value} SAR")
    } else {
        format!("{code} {value}")
    };
    if let Some(u) = a.unit {
        s.push(' ');
        s.push_str(u);
    }
    s
}

/// The pay of a post; `saudi` says an unlabelled amount is in riyals (a Saudi group or city).
pub fn find(post: &Post, saudi: bool) -> Pay {
    let mut amounts: Vec<Amount> = Vec::new();
    let mut talent_fee = None;
    let mut foreign = false;
    for (_, line) in post.content_lines() {
        let text = &line.masked;
        let fee_line = TALENT_FEE.is_match(text) && !NEVER_CHARGE.is_match(text);
        let mut found: Vec<(usize, usize, Amount)> = Vec::new();
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            if fee_line {
                talent_fee = talent_fee.or_else(|| Some("Fee asked from talent".to_string()));
            }
            continue;
        }
        for c in SUFFIX_CUR.captures_iter(text) {
            let (Some(all), Some(n)) = (c.get(0), c.get(1)) else { continue };
            let cur = currency(c.get(4).map_or("", |m| m.as_str()));
            let k = c.get(2).is_some();
            let Some(value) = parse_amount(n.as_str(), k) else { continue };
            let range_to = c.get(3).and_then(|m| parse_amount(m.as_str(), k));
            // The match ends with the character after the currency ("/" of "SAR/day").
            let last = text[..all.end()].char_indices().last().map_or(all.end(), |(i, _)| i);
            let unit = unit_after(&text[last..]).or_else(|| unit_after(&text[all.end()..]));
            found.push((all.start(), all.end(), Amount { value, currency: cur, unit, range_to }));
        }
        for c in PREFIX_CUR.captures_iter(text) {
            let (Some(all), Some(code), Some(n)) = (c.get(0), c.get(1), c.get(2)) else { continue };
            if found.iter().any(|f| f.0 < all.end() && all.start() < f.1) {
                continue;
            }
            let cur = currency(code.as_str());
            let k = c.get(3).is_some();
            let Some(value) = parse_amount(n.as_str(), k) else { continue };
            let range_to = c.get(4).and_then(|m| parse_amount(m.as_str(), k));
            let unit = unit_after(&text[all.end()..]);
            found.push((all.start(), all.end(), Amount { value, currency: cur, unit, range_to }));
        }
        if found.is_empty() && PAY_LINE.is_match(text) {
            // Phone numbers on the line are no amounts.
            let text = &PHONE_LIKE.replace_all(text, |c: &regex::Captures| " ".repeat(c[0].len())).into_owned();
            for c in NUMBER.captures_iter(text) {
                let Some(n) = c.get(1) else { continue };
                // A phone number written in groups ("0555 123 456").
                if n.as_str().starts_with('0') || NOT_AMOUNT_AFTER.is_match(&text[n.end()..]) {
                    continue;
                }
                let Some(value) = parse_amount(n.as_str(), false) else { continue };
                // Counts and years ("January 30, 2024") are no amounts.
                if value < 50 || ((1990..=2100).contains(&value) && YEAR_CONTEXT.is_match(&text[..n.start()])) {
                    continue;
                }
                let range_to = c.get(2).and_then(|m| parse_amount(m.as_str(), false));
                let unit = unit_after(&text[n.end()..]);
                found.push((n.start(), n.end(), Amount { value, currency: Currency::Unknown, unit, range_to }));
            }
        }
        if fee_line {
            if let Some((_, _, a)) = found.first() {
                talent_fee = talent_fee.or_else(|| Some(format!("Fee asked from talent: {} (talent pays)", describe(a))));
            } else {
                talent_fee = talent_fee.or_else(|| Some("Fee asked from talent".to_string()));
            }
            continue;
        }
        for (_, _, a) in found {
            foreign |= matches!(a.currency, Currency::Other(_));
            amounts.push(a);
        }
    }
    let unpaid = post.lines.iter().any(|l| UNPAID.is_match(&l.masked));
    let sar: Vec<i64> = amounts
        .iter()
        .filter(|a| a.currency == Currency::Sar || (a.currency == Currency::Unknown && saudi && !foreign))
        .map(|a| a.value)
        .collect();
    let amount_sar = if let Some(min) = sar.iter().min() {
        Some(*min)
    } else if unpaid {
        Some(0)
    } else {
        None
    };
    let text = if !amounts.is_empty() {
        Some(amounts.iter().take(4).map(describe).collect::<Vec<_>>().join("; "))
    } else if unpaid {
        Some("Unpaid".to_string())
    } else if post.lines.iter().any(|l| PAID_NO_AMOUNT.is_match(&l.masked) && !TALENT_FEE.is_match(&l.masked)) {
        Some("Paid (amount not stated)".to_string())
    } else {
        None
    };
    Pay { text, amount_sar, talent_fee }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::extraction::SourceType;

    fn sar(t: &str, saudi: bool) -> Option<i64> {
        find(&Post::new(t, SourceType::Whatsapp), saudi).amount_sar
    }

    #[test]
    fn riyals_in_any_spelling() {
        assert_eq!(sar("الراتب ٦٠٠٠ ريال شهرياً", true), Some(6000));
        assert_eq!(sar("اليومية٥٠٠ ريال", true), Some(500));
        assert_eq!(sar("Rate: 600 SAR/day + accommodation", false), Some(600));
        assert_eq!(sar("Fee: SAR 3,000/day each", false), Some(3000));
        assert_eq!(sar("Budget: 1500-2000 SAR depending on experience", false), Some(1500));
        assert_eq!(sar("٣٠٠-٤٠٠ ريال حسب مدة التصوير", true), Some(300));
        assert_eq!(sar("Fee: SAR 4,000 (father) / SAR 2,000 (son)", false), Some(2000));
    }

    #[test]
    fn unlabelled_amounts_in_saudi_posts() {
        assert_eq!(sar("المبلغ 200", true), Some(200));
        assert_eq!(sar("المكافأة: كبير السن ٢٠٠٠، الشباب ٨٠٠ لكل واحد، الطفلة ٥٠٠", true), Some(500));
        assert_eq!(sar("المبلغ 200", false), None);
        assert_eq!(sar("الأجر ٣٠٠ ريال\nمدة التصوير ٤ ساعات", true), Some(300));
        assert_eq!(sar("المبلغ 1500-2000 حسب الخبرة", true), Some(1500));
        assert_eq!(sar("Paid per episode. Send your video on WhatsApp: 0555 234 876", true), None);
    }

    #[test]
    fn other_currencies_fees_and_unpaid() {
        assert_eq!(sar("Rate: AED 3,000/day, buyout GCC 1 year", true), None);
        assert_eq!(sar("Fee: OMR 600 for the whole family", true), None);
        assert_eq!(sar("Paid: GBP 135.00 – 150.00 / day", false), None);
        assert_eq!(sar("Pay is $50 per hour", false), None);
        assert_eq!(sar("المكافأة 500 ريال قطري", true), None);
        let p = find(&Post::new("رسوم التسجيل وتصوير البورتفوليو: ١٥٠ ريال فقط", SourceType::Whatsapp), true);
        assert_eq!(p.amount_sar, None);
        assert!(p.talent_fee.is_some());
        assert_eq!(sar("This is a volunteer production (unpaid).", false), Some(0));
        assert_eq!(sar("Unpaid, but meals and transport provided", false), Some(0));
        let p = find(&Post::new("المشاركة بمكافأة مالية", SourceType::Whatsapp), true);
        assert_eq!((p.amount_sar, p.text.as_deref()), (None, Some("Paid (amount not stated)")));
    }
}
