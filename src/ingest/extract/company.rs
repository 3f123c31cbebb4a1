//! The production company, casting agency or organiser named in the text, as written:
//! labelled ("Production company: Wahat Films", "الشركة المنتجة: …"), introduced ("produced by
//! …", "talent agency …", "the firm "…"", "تعلن شركة سراب للإنتاج الفني", "فرقة مسرح الضوء
//! تعلن"), or a name ending in Productions / Films / Studios / Casting / Dubbing / Society…
//! Venues, clients ("فيديو لشركة") and people are not companies.

use super::post::Post;
use crate::text::normalize_for_search;
use regex::Regex;
use std::sync::LazyLock;

const NAME: &str = r"((?:[A-Z][\w'’&\-.]*|&)(?:[ \t]+(?:[A-Z][\w'’&\-.]*|&|of|for|the|de))*)";

static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^[\W_]*(?:production company|production house|production|produced by|producer|studio|casting agency|agency|casting by|company|organi[sz]er|presented by)\s*[:\-–]\s*([^\n]+)$").unwrap()
});
static AR_LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[\W_]*(?:ال)?(?:شرك[ةه] (?:ال)?[اإ]نتاج|(?:ال)?شرك[ةه] (?:ال)?منتج[ةه]|(?:ال)?[اإ]نتاج|(?:ال)?جه[ةه] (?:ال)?منتج[ةه]|(?:ال)?شرك[ةه]|وكال[ةه] (?:ال)?كاستنج)\s*[:：]\s*([^\n]+)$").unwrap()
});
static QUOTED_FIRM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\b(?:firm|agency|company|studio|production house)\s+["“']([^"”'\n]{2,60})["”']"#).unwrap());
static INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i:talent agency|casting agency|production company|production house|theatre company|theater company|produced by|casting by|presented by|in association with)\s+{NAME}"
    ))
    .unwrap()
});
static SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:[A-Z][\w'’&\-]*[ \t]+){0,4}(?:Productions?|Films|Pictures|Studios?|Casting|Media|Entertainment|Agency|Dubbing|Society|Talent|Management|Creative|Content|Group|Club|Troupe|Ensemble|Players|Collective|Commission|Channel|Network|Foundation))\b").unwrap()
});
/// Arabic organisation words: (word, kept in the name).
static AR_ORG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(«\-–:])((?:شرك[ةه]|مؤسس[ةه]|وكال[ةه])|(?:فرق[ةه]|[اإ]?ستوديو|ستديو|قنا[ةه]|هيئ[ةه]))\s+([^\n]+)").unwrap()
});

const STOP: &[&str] = &[
    "The",
    "A",
    "An",
    "Now",
    "Open",
    "Urgent",
    "Voice",
    "Casting",
    "Call",
    "For",
    "By",
    "With",
    "At",
    "In",
    "Our",
    "We",
    "New",
    "And",
    "Of",
    "Global",
    "International",
    "Local",
    "Regional",
    "This",
    "Is",
    "Please",
    "Apply",
    "Contact",
    "Need",
    "Seeking",
    "Looking",
    "Hiring",
    "Dear",
    "Hi",
    "Hello",
    "Roles",
    "Role",
    "Project",
    "Audition",
    "Auditions",
    "Notice",
    "Saudi",
];
/// Arabic words that end a name.
const AR_STOP: &[&str] = &[
    "عن",
    "في",
    "من",
    "علي",
    "الي",
    "تعلن",
    "يعلن",
    "تبحث",
    "يبحث",
    "تطلب",
    "يطلب",
    "تستقبل",
    "تقدم",
    "يقدم",
    "تدعو",
    "لديها",
    "لدينا",
    "عندنا",
    "نحتاج",
    "تحتاج",
    "بحاجه",
    "ل",
    "و",
    "مع",
    "هي",
    "التي",
    "الذي",
    "وهي",
    "حاجتها",
    "عن حاجتها",
    "لتصوير",
    "للتصوير",
    "لاعلان",
    "بالتعاون",
];
/// Words that describe a company without naming it ("شركة إنتاج سعودية").
const AR_GENERIC: &[&str] = &[
    "انتاج",
    "الانتاج",
    "للانتاج",
    "فني",
    "الفني",
    "فنيه",
    "سعوديه",
    "سعودي",
    "اعلانات",
    "اعلاني",
    "اعلانيه",
    "كبري",
    "كبيره",
    "ناشيه",
    "متخصصه",
    "رايده",
    "محليه",
    "عالميه",
    "خليجيه",
    "عربيه",
    "جديده",
    "مسرحيه",
    "للاعلان",
    "تسويق",
    "انتاجيه",
    "اعلاميه",
    "خاصه",
    "معروفه",
    "مشهوره",
    "سينمايه",
    "تلفزيونيه",
    "خاص",
    "مجهز",
    "احترافي",
    "صغير",
    "كبير",
];

fn clean(s: &str) -> String {
    s.trim().trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '\'' | '*' | '_' | ',' | '.' | ':' | '-' | '–')).trim().to_string()
}

/// The labelled value up to its first separator.
fn cut_value(v: &str) -> String {
    let mut end = v.len();
    for sep in [",", "|", " – ", " - ", " — ", "(", ";", " for ", ". ", "،", " في ", " لصالح "] {
        if let Some(i) = v.find(sep) {
            end = end.min(i);
        }
    }
    clean(&v[..end])
}

fn strip_stop_words(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let start = words.iter().position(|w| !STOP.contains(w))?;
    let rest = &words[start..];
    // Only the suffix left ("Casting", "Studios"): no name.
    (rest.len() >= 2).then(|| rest.join(" "))
}

fn arabic_name(rest: &str, keep: Option<&str>) -> Option<String> {
    let mut taken: Vec<&str> = Vec::new();
    for raw in rest.split_whitespace() {
        let w = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() {
            break;
        }
        let n = normalize_for_search(w);
        if AR_STOP.contains(&n.as_str()) || taken.len() >= 4 {
            break;
        }
        taken.push(w);
        if raw.ends_with([',', '،', '.', ':', ')', '-', '–', '!', '؟']) {
            break;
        }
    }
    if taken.is_empty() || taken.iter().all(|w| AR_GENERIC.contains(&normalize_for_search(w).as_str())) {
        return None;
    }
    // "استوديو بجدة", "شركة في الرياض": a place, not a name.
    let first = normalize_for_search(taken[0]);
    if super::city::is_arabic_place_word(&first) || (first.starts_with('ب') || first.starts_with('ل')) && first.chars().count() <= 3 {
        return None;
    }
    let name = taken.join(" ");
    Some(match keep {
        Some(k) => format!("{k} {name}"),
        None => name,
    })
}

/// The company named in the post, if any.
pub fn find(post: &Post) -> Option<String> {
    let lines: Vec<&str> = post.lines.iter().map(|l| l.masked.as_str()).collect();
    let text = lines.join("\n");
    for c in LABELLED.captures_iter(&text) {
        let v = cut_value(c.get(1).map_or("", |m| m.as_str()));
        if v.chars().any(|ch| ch.is_uppercase() || ('\u{0600}'..='\u{06FF}').contains(&ch)) && v.chars().count() <= 60 && !v.is_empty() {
            return Some(v);
        }
    }
    for c in AR_LABELLED.captures_iter(&text) {
        let v = cut_value(c.get(1).map_or("", |m| m.as_str()));
        if !v.is_empty() && v.chars().count() <= 60 {
            return Some(v);
        }
    }
    if let Some(c) = QUOTED_FIRM.captures(&text) {
        return Some(clean(&c[1]));
    }
    if let Some(name) = INTRO.captures_iter(&text).find_map(|c| {
        let raw = c.get(1)?.as_str();
        let trimmed = raw.trim_end_matches([' ', '.', '-']);
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        let end = words.iter().rposition(|w| w.chars().next().is_some_and(char::is_uppercase))?;
        let name = words[..=end].join(" ");
        (!name.is_empty()).then_some(name)
    }) {
        return Some(name);
    }
    for c in AR_ORG.captures_iter(&text) {
        let (Some(word), Some(rest)) = (c.get(1), c.get(2)) else { continue };
        let w = normalize_for_search(word.as_str());
        let keep = if ["فرق", "قنا", "هيي"].iter().any(|p| w.starts_with(p)) || w.contains("ستوديو") || w.contains("ستديو")
        {
            Some(word.as_str())
        } else {
            None
        };
        if let Some(name) = arabic_name(rest.as_str(), keep) {
            return Some(name);
        }
    }
    for m in SUFFIX.find_iter(&text) {
        let name = m.as_str();
        let last = name.split_whitespace().last().unwrap_or("");
        if last.chars().all(|c| !c.is_lowercase()) {
            continue;
        }
        // "Dubai Media City": the name goes on.
        let after = &text[m.end()..];
        if after.starts_with(' ') && after[1..].chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        if let Some(n) = strip_stop_words(name) {
            return Some(n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::extraction::SourceType;

    fn company(t: &str) -> Option<String> {
        find(&Post::new(t, SourceType::Web))
    }

    #[test]
    fn labelled_and_introduced() {
        assert_eq!(company("Production company: Wahat Films\nLocation: Riyadh").as_deref(), Some("Wahat Films"));
        assert_eq!(company("Studio: Pixel Oasis Dubbing, Dubai Media City").as_deref(), Some("Pixel Oasis Dubbing"));
        assert_eq!(company("The film is produced by Fig Leaf Studio and Rufy's Fine Art Center").as_deref(), Some("Fig Leaf Studio"));
        assert_eq!(company("a search with talent agency Miranda Davidson Studios.").as_deref(), Some("Miranda Davidson Studios"));
        assert_eq!(
            company(r#"Casting directors are the firm "Casting TaylorMade" who are looking"#).as_deref(),
            Some("Casting TaylorMade")
        );
        assert_eq!(company("الشركة المنتجة: استوديوهات الريم").as_deref(), Some("استوديوهات الريم"));
    }

    #[test]
    fn arabic_organisations() {
        assert_eq!(company("تعلن شركة سراب للإنتاج الفني عن حاجتها إلى ممثلين").as_deref(), Some("سراب للإنتاج الفني"));
        assert_eq!(company("فرقة مسرح الضوء تعلن عن تجارب أداء").as_deref(), Some("فرقة مسرح الضوء"));
        assert_eq!(company("أعلنت هيئة الأفلام عن فتح باب التسجيل").as_deref(), Some("هيئة الأفلام"));
        assert_eq!(company("معاكم نوف من شركة Artdetails\nشركة انتاج سعوديه").as_deref(), Some("Artdetails"));
        // Generic descriptions and clients are no names.
        assert_eq!(company("شركة انتاج سعوديه"), None);
        assert_eq!(company("نحتاج مقدم لفيديو تعريفي لشركة في جدة"), None);
    }

    #[test]
    fn name_suffixes() {
        assert_eq!(company("Manga Productions empowers Saudi voice actors").as_deref(), Some("Manga Productions"));
        assert_eq!(company("Sandcastle Casting – we never charge talent any fees.").as_deref(), Some("Sandcastle Casting"));
        assert_eq!(company("The Armenian Film Society has announced").as_deref(), Some("Armenian Film Society"));
        assert_eq!(company("URGENT CASTING – DUBAI\nNow Casting | feature"), None);
        assert_eq!(company("Cairo casting | FMCG commercial at Sheikh Zayed studio"), None);
        assert_eq!(company("Recording at Dubai Media City"), None);
    }
}
