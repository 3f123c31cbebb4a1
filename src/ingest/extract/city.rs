//! Where the shoot or audition happens: the first city named (Arabic or a Latin spelling),
//! normalized to the English name. Countries and regions alone give no city; lists of places
//! ("dialects from AlUla, Hail, Makkah, Jeddah…") and news datelines are not locations.

use super::post::Post;
use crate::ingest::words::{PhraseSet, has_any};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// A place of the gazetteer: a city (`name`) or a country/region (`name: None`) that only counts
/// towards lists and gives the country.
struct Place {
    name: Option<&'static str>,
    country: &'static str,
    /// Normalized Arabic spellings, words separated by spaces.
    arabic: &'static [&'static str],
    /// Latin spellings, lower case; spaces also match hyphens and no space.
    latin: &'static [&'static str],
}

const fn city(name: &'static str, country: &'static str, arabic: &'static [&'static str], latin: &'static [&'static str]) -> Place {
    Place { name: Some(name), country, arabic, latin }
}
const fn area(country: &'static str, arabic: &'static [&'static str], latin: &'static [&'static str]) -> Place {
    Place { name: None, country, arabic, latin }
}

static PLACES: &[Place] = &[
    city("Riyadh", "SA", &["الرياض"], &["riyadh", "ar riyadh", "al riyadh", "er riyadh", "riyad"]),
    city("Jeddah", "SA", &["جده"], &["jeddah", "jiddah", "jedda", "jidda", "jeddha", "jaddah"]),
    city("Dammam", "SA", &["الدمام"], &["dammam", "ad dammam", "al dammam"]),
    city("Khobar", "SA", &["الخبر"], &["khobar", "al khobar"]),
    city("Dhahran", "SA", &["الظهران"], &["dhahran"]),
    city("Medina", "SA", &["المدينه المنوره", "المدينه النبويه"], &["medina", "madinah", "al madinah", "madina"]),
    city("Mecca", "SA", &["مكه المكرمه", "مكه"], &["makkah", "mecca", "makka"]),
    city("Abha", "SA", &["ابها"], &["abha"]),
    city("Khamis Mushait", "SA", &["خميس مشيط"], &["khamis mushait", "khamis mushayt"]),
    city("Taif", "SA", &["الطايف"], &["taif", "at taif", "al taif"]),
    city("Tabuk", "SA", &["تبوك"], &["tabuk", "tabouk"]),
    city("Buraydah", "SA", &["بريده"], &["buraydah", "buraidah", "buraida", "buraydah"]),
    city("Unaizah", "SA", &["عنيزه"], &["unaizah", "unayzah"]),
    city("Hail", "SA", &["حايل"], &["hail", "ha il"]),
    city("AlUla", "SA", &["العلا"], &["alula", "al ula", "el ula"]),
    city("Jazan", "SA", &["جازان", "جيزان"], &["jazan", "jizan", "gizan"]),
    city("Najran", "SA", &["نجران"], &["najran"]),
    city("Al Baha", "SA", &["الباحه"], &["al baha", "albaha"]),
    city("Yanbu", "SA", &["ينبع"], &["yanbu"]),
    city("Jubail", "SA", &["الجبيل"], &["jubail", "al jubail"]),
    city("Qatif", "SA", &["القطيف"], &["qatif", "al qatif"]),
    city("Al Ahsa", "SA", &["الاحساء", "الاحسا", "الهفوف"], &["al ahsa", "al hasa", "hofuf", "al hofuf"]),
    city("Sakaka", "SA", &["سكاكا"], &["sakaka"]),
    city("Arar", "SA", &["عرعر"], &["arar"]),
    city("Hafar Al-Batin", "SA", &["حفر الباطن"], &["hafar al batin"]),
    city("Dubai", "AE", &["دبي"], &["dubai"]),
    city("Abu Dhabi", "AE", &["ابوظبي", "ابو ظبي"], &["abu dhabi", "abu zabi"]),
    city("Sharjah", "AE", &["الشارقه"], &["sharjah"]),
    city("Ajman", "AE", &["عجمان"], &["ajman"]),
    city("Ras Al Khaimah", "AE", &["راس الخيمه"], &["ras al khaimah"]),
    city("Fujairah", "AE", &["الفجيره"], &["fujairah"]),
    city("Al Ain", "AE", &[], &["al ain"]),
    city("Doha", "QA", &["الدوحه"], &["doha"]),
    city("Manama", "BH", &["المنامه"], &["manama"]),
    city("Muscat", "OM", &["مسقط"], &["muscat"]),
    city("Kuwait City", "KW", &["مدينه الكويت", "الكويت"], &["kuwait city", "kuwait"]),
    city("Cairo", "EG", &["القاهره"], &["cairo"]),
    city("Alexandria", "EG", &["الاسكندريه"], &["alexandria"]),
    city("Giza", "EG", &["الجيزه"], &["giza"]),
    city("Amman", "JO", &[], &["amman"]),
    city("Beirut", "LB", &["بيروت"], &["beirut"]),
    city("Casablanca", "MA", &["الدار البيضاء"], &["casablanca"]),
    city("Istanbul", "TR", &["اسطنبول"], &["istanbul"]),
    city("London", "GB", &["لندن"], &["london"]),
    city("Manchester", "GB", &[], &["manchester"]),
    city("Paris", "FR", &["باريس"], &["paris"]),
    city("Berlin", "DE", &["برلين"], &["berlin"]),
    city("New York", "US", &["نيويورك"], &["new york", "nyc"]),
    city("Los Angeles", "US", &["لوس انجلوس"], &["los angeles"]),
    city("Atlanta", "US", &["اتلانتا"], &["atlanta"]),
    city("Chicago", "US", &[], &["chicago"]),
    city("San Francisco", "US", &[], &["san francisco"]),
    city("Berkeley", "US", &[], &["berkeley"]),
    city("Toronto", "CA", &["تورنتو"], &["toronto"]),
    city("Vancouver", "CA", &[], &["vancouver"]),
    city("Mumbai", "IN", &["مومباي"], &["mumbai"]),
    area("SA", &["السعوديه", "المملكه العربيه السعوديه"], &["saudi arabia", "ksa", "kingdom of saudi arabia"]),
    area("SA", &["المنطقه الشرقيه", "الشرقيه"], &["eastern province", "eastern region"]),
    area("SA", &["القصيم"], &["qassim", "al qassim"]),
    area("SA", &["عسير"], &["asir"]),
    area("SA", &["نجد"], &["najd"]),
    area("SA", &["الحجاز"], &["hejaz", "hijaz"]),
    area("SA", &["نيوم"], &["neom"]),
    area("AE", &["الامارات"], &["uae", "united arab emirates", "emirates"]),
    area("QA", &["قطر"], &["qatar"]),
    area("BH", &["البحرين"], &["bahrain"]),
    area("OM", &["سلطنه عمان", "عمان"], &["oman"]),
    area("EG", &["مصر"], &["egypt"]),
    area("JO", &["الاردن"], &["jordan"]),
    area("LB", &["لبنان"], &["lebanon"]),
    area("IQ", &["العراق"], &["iraq"]),
    area("GB", &["بريطانيا"], &["england", "uk", "united kingdom", "britain"]),
    area("US", &["امريكا"], &["usa", "united states", "america", "california", "georgia"]),
];

fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

static LATIN_INDEX: LazyLock<HashMap<String, usize>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for (i, p) in PLACES.iter().enumerate() {
        for l in p.latin {
            m.entry(squash(l)).or_insert(i);
        }
    }
    m
});

static LATIN: LazyLock<Regex> = LazyLock::new(|| {
    let mut forms: Vec<&str> = PLACES.iter().flat_map(|p| p.latin.iter().copied()).collect();
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    let alts: Vec<String> = forms.iter().map(|f| regex::escape(f).replace(' ', r"[\s\-'’]?")).collect();
    Regex::new(&format!(r"(?-u:\b)(?:{})(?-u:\b)", alts.join("|"))).unwrap()
});

static HAIL_CAPITAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:Hail|HAIL|Ha'il|Ha’il)\b").unwrap());

/// Words that make a line of several places a list rather than a location.
const LIST_CUES: &[&str] = &["such as", "مثل", "dialects", "dialect", "لهجات", "لهجه", "regions", "مناطق", "جميع", "مختلف", "all over"];
/// Words that say "this is where it happens".
const LOCATION_CUES: &[&str] = &["location", "located", "موقع", "مكان", "التصوير في", "shooting in", "filming in", "based in", "مدينه"];
/// Family words: near them "جده" is a grandmother, not Jeddah.
const FAMILY: &[&str] = &["عائله", "اسره", "اب", "ام", "اطفال", "جد", "ابناء", "اولاد"];

/// True when `s` (any case) is a place of the gazetteer; used to recognize datelines.
pub fn is_place_name(s: &str) -> bool {
    LATIN_INDEX.contains_key(&squash(s))
}

/// True when the normalized word is an Arabic place name of the gazetteer, possibly with an
/// attached preposition ("بجدة", "بالرياض").
pub fn is_arabic_place_word(word: &str) -> bool {
    AR_FORMS.0.starts_at(&[word.to_string()], 0)
}

struct Mention {
    line: usize,
    pos: usize,
    place: usize,
}

/// Byte spans of the words of a normalized line (the same split as `words::tokenize`).
pub(crate) fn token_spans(norm: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in norm.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push((s, i));
        }
    }
    if let Some(s) = start {
        out.push((s, norm.len()));
    }
    out
}

/// Every Arabic spelling of the gazetteer: (place, spelling) by phrase index.
static AR_FORMS: LazyLock<(PhraseSet, Vec<(usize, &'static str)>)> = LazyLock::new(|| {
    let forms: Vec<(usize, &'static str)> = PLACES.iter().enumerate().flat_map(|(i, p)| p.arabic.iter().map(move |f| (i, *f))).collect();
    (PhraseSet::new(forms.iter().map(|(_, f)| *f)), forms)
});

fn arabic_mentions(words: &[String], spans: &[(usize, usize)], line: usize, out: &mut Vec<Mention>) {
    let has_family = has_any(words, FAMILY);
    let (set, forms) = &*AR_FORMS;
    for i in 0..words.len() {
        for (id, _) in set.at(words, i) {
            let (pi, form) = forms[id];
            // "الخبر" only as the city's own spelling, not "للخبر" ("for the news").
            if form == "الخبر" && !matches!(words[i].as_str(), "الخبر" | "بالخبر" | "والخبر") {
                continue;
            }
            if form == "جده" && has_family && words[i] == "جده" {
                let prev = if i > 0 { words[i - 1].as_str() } else { "" };
                if !matches!(prev, "في" | "من" | "مدينه" | "بمدينه" | "الي" | "محافظه") {
                    continue;
                }
            }
            out.push(Mention { line, pos: spans.get(i).map(|s| s.0).unwrap_or(0), place: pi });
        }
    }
}

/// The city and the country the post is about: the first city mentioned outside lists and
/// datelines, and the country of that city (or of the first country/region named).
pub fn find(post: &Post) -> (Option<&'static str>, Option<&'static str>) {
    let mut first_country = None;
    for (li, line) in post.content_lines() {
        let mut mentions = Vec::new();
        let spans = token_spans(&line.norm);
        arabic_mentions(&line.words, &spans, li, &mut mentions);
        let latin = line.norm.bytes().any(|b| b.is_ascii_alphabetic());
        for m in LATIN.find_iter(&line.norm).filter(|_| latin) {
            let Some(&pi) = LATIN_INDEX.get(&squash(m.as_str())) else { continue };
            if PLACES[pi].name == Some("Hail") && !HAIL_CAPITAL.is_match(&line.masked) {
                continue;
            }
            mentions.push(Mention { line: li, pos: m.start(), place: pi });
        }
        if mentions.is_empty() {
            continue;
        }
        mentions.sort_by_key(|m| (m.line, m.pos));
        let mut distinct: Vec<usize> = mentions.iter().map(|m| m.place).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let located = has_any(&line.words, LOCATION_CUES);
        let listy = has_any(&line.words, LIST_CUES);
        if !located && (distinct.len() >= 4 || (distinct.len() >= 3 && listy)) {
            continue;
        }
        for m in &mentions {
            let p = &PLACES[m.place];
            if let Some(name) = p.name {
                return (Some(name), Some(p.country));
            }
            first_country = first_country.or(Some(p.country));
        }
    }
    (None, first_country)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::extraction::SourceType;

    fn city_of(t: &str, s: SourceType) -> Option<&'static str> {
        find(&Post::new(t, s)).0
    }

    #[test]
    fn arabic_cities_with_attached_prefixes() {
        let w = SourceType::Whatsapp;
        assert_eq!(city_of("التصوير بالرياض يوم السبت", w), Some("Riyadh"));
        assert_eq!(city_of("مدينة جده", w), Some("Jeddah"));
        assert_eq!(city_of("مساء الخير *اهل جدة*", w), Some("Jeddah"));
        assert_eq!(city_of("التصوير في أبها 🏔️", w), Some("Abha"));
        assert_eq!(city_of("موقع التصوير: تبوك (منطقة نيوم)", w), Some("Tabuk"));
        assert_eq!(city_of("تصوير في خميس مشيط", w), Some("Khamis Mushait"));
        assert_eq!(city_of("تصوير في العلا والخبر", w), Some("AlUla"));
        assert_eq!(city_of("في مدينة الدمام خلال شهر يونيو", w), Some("Dammam"));
        assert_eq!(city_of("للتسجيل في الخبر", w), Some("Khobar"));
        assert_eq!(city_of("مطلوب للتصوير في مكة المكرمة:", w), Some("Mecca"));
        assert_eq!(city_of("تصوير في المدينة المنورة", w), Some("Medina"));
    }

    #[test]
    fn latin_spellings() {
        let web = SourceType::Web;
        assert_eq!(city_of("Shoot in Jiddah next week", web), Some("Jeddah"));
        assert_eq!(city_of("Casting in Ar-Riyadh", web), Some("Riyadh"));
        assert_eq!(city_of("Location: Al-Ula heritage site", web), Some("AlUla"));
        assert_eq!(city_of("shooting near Tabouk", web), Some("Tabuk"));
        assert_eq!(city_of("Location: Riyadh & AlUla", web), Some("Riyadh"));
        assert_eq!(city_of("Studio: Pixel Oasis, Dubai Media City", web), Some("Dubai"));
        assert_eq!(city_of("Stand-ins in Abu Dhabi (Liwa)", web), Some("Abu Dhabi"));
        // "hail" the word is no city.
        assert_eq!(city_of("all hail the new series", web), None);
    }

    #[test]
    fn countries_regions_lists_and_datelines_give_no_city() {
        let w = SourceType::Whatsapp;
        assert_eq!(city_of("التصوير في المنطقة الشرقية – المكان يحدد لاحقاً", w), None);
        assert_eq!(city_of("ممثلين سعوديين للعمل في السعودية", w), None);
        assert_eq!(find(&Post::new("Casting in the UAE", SourceType::Web)), (None, Some("AE")));
        let t =
            "JEDDAH: Manga Productions launched a contest.\nDialects from regions such as AlUla, Hail, Makkah, Jeddah, Tabuk and Jazan.";
        assert_eq!(city_of(t, SourceType::Web), None);
        assert_eq!(
            city_of("DUBAI, APRIL 7, 2018.\nThe casting call will be at the Dubai World Trade Centre", SourceType::Web),
            Some("Dubai")
        );
        // Contact addresses are not places.
        assert_eq!(city_of("أرسل على vo.riyadh@example.com", w), None);
    }

    #[test]
    fn grandmother_is_not_jeddah() {
        let w = SourceType::Whatsapp;
        assert_eq!(city_of("عائلة خليجية (أب، أم، جدة، ٢ أطفال)", w), None);
        assert_eq!(city_of("عائلة للتصوير في جدة", w), Some("Jeddah"));
    }
}
