//! From what someone typed and picked to what the engine looks for. The words people type that
//! name a city or say who is wanted (ممثلة, رجال) are hard constraints, as if they had picked the
//! filter; skills, project types, dialects and languages in the text rank what fits first; any
//! other word is matched as text. Nothing here can fail: unknown filter values are set aside and
//! reported, over-long input is cut, query syntax means nothing.

use serde::{Deserialize, Serialize};

use super::analyze::{self, Concept};
use crate::talent::{Dialect, ExperienceLevel, Language, Skill};

/// Longest query read, in characters, and most words matched.
pub const MAX_QUERY_CHARS: usize = 200;
pub const MAX_WORDS: usize = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Talents,
    Calls,
}

impl Target {
    pub fn parse(s: &str) -> Option<Target> {
        match s {
            "talents" => Some(Target::Talents),
            "calls" => Some(Target::Calls),
            _ => None,
        }
    }
}

/// The filters someone picked, each one checked: a value that is not one of the options never
/// reaches the engine.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filters {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialect: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub experience: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid: Option<bool>,
    /// `active` (the default for calls), `closed` or `any`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

pub const FILTER_NAMES: [&str; 10] = ["city", "gender", "age", "dialect", "skill", "language", "experience", "verified", "paid", "status"];

impl Filters {
    /// Reads filters from name/value pairs (a URL's query string, a JSON object's fields). Empty
    /// values are "not picked"; values that are not options are returned by name, set aside.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, String)>) -> (Filters, Vec<String>) {
        let mut f = Filters::default();
        let mut ignored = Vec::new();
        for (name, raw) in pairs {
            let value = raw.trim();
            if value.is_empty() || !FILTER_NAMES.contains(&name) {
                continue;
            }
            if !f.set(name, value) {
                ignored.push(name.to_string());
            }
        }
        (f, ignored)
    }

    /// Reads a JSON object of filters (`{"city":"Riyadh","age":31,"verified":true}`).
    pub fn from_json(value: &serde_json::Value) -> (Filters, Vec<String>) {
        let Some(map) = value.as_object() else {
            return (Filters::default(), if value.is_null() { vec![] } else { vec!["filters".into()] });
        };
        let pairs = map.iter().map(|(k, v)| {
            let s = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            (k.as_str(), s)
        });
        let (f, mut ignored) = Filters::from_pairs(pairs);
        ignored.extend(map.keys().filter(|k| !FILTER_NAMES.contains(&k.as_str())).cloned());
        (f, ignored)
    }

    /// Sets filter `name` from `value`; `false` when the value is not one of its options.
    fn set(&mut self, name: &str, value: &str) -> bool {
        fn put<T>(slot: &mut Option<T>, v: Option<T>) -> bool {
            *slot = v;
            slot.is_some()
        }
        let norm = analyze::normalize(value);
        match name {
            "city" => put(&mut self.city, city_slug(value)),
            "gender" => put(&mut self.gender, matches!(norm.as_str(), "male" | "female").then(|| norm.clone())),
            "age" => put(&mut self.age, norm.parse::<i32>().ok().filter(|a| (0..=100).contains(a))),
            "dialect" => put(&mut self.dialect, Dialect::from_db(&norm).map(|d| d.as_str().into())),
            "skill" => put(&mut self.skill, Skill::from_db(&norm).map(|s| s.as_str().into())),
            "language" => put(&mut self.language, Language::from_db(&norm).map(|l| l.as_str().into())),
            "experience" => put(&mut self.experience, ExperienceLevel::from_db(&norm).map(|e| e.as_str().into())),
            "verified" => put(&mut self.verified, yes_no(&norm)),
            "paid" => put(&mut self.paid, yes_no(&norm)),
            "status" => put(&mut self.status, matches!(norm.as_str(), "active" | "closed" | "any").then(|| norm.clone())),
            _ => false,
        }
    }

    /// The picked filters as name/value pairs, for URLs and saved searches.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut push = |k: &'static str, v: Option<String>| {
            if let Some(v) = v {
                out.push((k, v));
            }
        };
        push("city", self.city.clone());
        push("gender", self.gender.clone());
        push("age", self.age.map(|a| a.to_string()));
        push("dialect", self.dialect.clone());
        push("skill", self.skill.clone());
        push("language", self.language.clone());
        push("experience", self.experience.clone());
        push("verified", self.verified.map(|b| b.to_string()));
        push("paid", self.paid.map(|b| b.to_string()));
        push("status", self.status.clone());
        out
    }

    pub fn is_empty(&self) -> bool {
        self.pairs().is_empty()
    }
}

/// Name/value pairs of a URL's query string (`q=%D9%85&city=riyadh`, `+` a space). Bytes that
/// are not UTF-8 are replaced, never an error.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < bytes.len() => match u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                },
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

/// A query string from name/value pairs, empty values left out.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    fn encode(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
                b' ' => "+".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    let parts: Vec<String> = pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

fn yes_no(s: &str) -> Option<bool> {
    match s {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// A city slug from a slug, a name in either language or a transliteration (Jiddah → jeddah).
pub fn city_slug(value: &str) -> Option<String> {
    let slug = value.trim().to_lowercase().replace([' ', '-'], "_");
    if crate::city::City::parse(&slug).is_ok() {
        return Some(slug);
    }
    let words = analyze::tokens(value);
    match analyze::concepts(&words).as_slice() {
        [found] if found.len == words.len() => match found.concept {
            Concept::City(c) => Some(c.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// An age group named in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgeGroup {
    Child,
    Teen,
}

/// What the engine looks for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// Words matched as text (names, titles, anything not in the lexicon), normalized.
    pub words: Vec<String>,
    /// Numbers typed (heights, years, amounts), in ASCII digits.
    pub numbers: Vec<u64>,
    /// Skills, project types, dialects and languages named in the text: they rank.
    pub concepts: Vec<Concept>,
    /// Cities the results must be in (with their neighbours, ranked after).
    pub cities: Vec<String>,
    /// Who is wanted, from a filter or the text.
    pub gender: Option<String>,
    /// The text said women/men (نسائي, رجال): adults rank first.
    pub adult: bool,
    pub age_group: Option<AgeGroup>,
    pub filters: Filters,
    /// The whole query as words, when it may be a title or name typed out in full.
    pub phrase: Vec<String>,
}

const STOP_WORDS: &[&str] = &[
    "في", "من", "على", "الى", "عن", "مع", "او", "و", "ب", "ل", "the", "a", "an", "and", "or", "of", "in", "for", "with", "at", "to", "on",
    "by", "is", "are",
];

/// Words that only say what a number is (خبرة ٧ سنوات, طول ١٦٩): with a number, the number speaks.
const NUMBER_WORDS: &[&str] = &[
    "خبره",
    "سنوات",
    "سنه",
    "سنين",
    "عام",
    "اعوام",
    "طول",
    "مواليد",
    "ريال",
    "years",
    "year",
    "experience",
    "height",
    "born",
    "sar",
    "riyals",
    "cm",
];

/// Words that name what follows (لهجة نجدية, Hijazi dialect): the concept after them is matched.
const NAMING_WORDS: &[&str] = &["لهجه", "لهجات", "dialect", "accent", "لغه", "language", "تتحدث", "يتحدث", "speaks", "speaking"];

impl Plan {
    /// Reads a query forgiving typos in any word; see `with_vocabulary`.
    pub fn new(query: &str, filters: Filters) -> Plan {
        Plan::with_vocabulary(query, filters, &|_| false)
    }

    /// Reads a query; a word `known` knows (one the documents use) is never taken for a typo.
    pub fn with_vocabulary(query: &str, filters: Filters, known: &dyn Fn(&str) -> bool) -> Plan {
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let tokens = analyze::tokens(&query);
        let found = analyze::query_concepts_known(&tokens, known);
        let mut plan = Plan { filters, ..Plan::default() };
        if (2..=16).contains(&tokens.len()) {
            plan.phrase = tokens.clone();
        }
        let mut text_cities = Vec::new();
        let mut genders = Vec::new();
        let mut covered = vec![false; tokens.len()];
        for f in &found {
            covered[f.start..f.start + f.len].iter_mut().for_each(|c| *c = true);
            if f.female {
                genders.push("female");
            }
            match f.concept {
                Concept::City(c) => text_cities.push(c.to_string()),
                Concept::Gender(g) => {
                    genders.push(g);
                    plan.adult = true;
                }
                Concept::Age("child") => plan.age_group = Some(AgeGroup::Child),
                Concept::Age(_) => plan.age_group = Some(AgeGroup::Teen),
                c if !plan.concepts.contains(&c) => plan.concepts.push(c),
                _ => {}
            }
        }
        let has_number = tokens.iter().any(|t| t.chars().all(|c| c.is_ascii_digit()));
        let has_concept = !found.is_empty();
        for (t, covered) in tokens.iter().zip(covered) {
            let word = t.as_str();
            if covered
                || STOP_WORDS.contains(&word)
                || (has_number && NUMBER_WORDS.contains(&word))
                || (has_concept && NAMING_WORDS.contains(&word))
            {
                continue;
            }
            if t.chars().all(|c| c.is_ascii_digit()) {
                if let Ok(n) = t.parse::<u64>()
                    && !plan.numbers.contains(&n)
                {
                    plan.numbers.push(n);
                }
            } else if !plan.words.contains(t) && plan.words.len() < MAX_WORDS {
                plan.words.push(t.clone());
            }
        }
        // A picked filter is what the person means; the text narrows only where none was picked.
        plan.cities = match &plan.filters.city {
            Some(c) => vec![c.clone()],
            None => text_cities,
        };
        genders.sort_unstable();
        genders.dedup();
        plan.gender = plan.filters.gender.clone().or_else(|| match genders.as_slice() {
            [g] => Some(g.to_string()),
            _ => None, // women and men both asked for: everyone
        });
        if let Some(s) = plan.filters.skill.as_deref().and_then(static_skill) {
            plan.concepts.retain(|c| *c != Concept::Skill(s));
        }
        plan
    }

    /// Nothing to match as text: every document that passes the filters is a result.
    pub fn is_browse(&self) -> bool {
        self.words.is_empty() && self.numbers.is_empty() && self.concepts.is_empty() && self.age_group.is_none()
    }

    /// Closed calls are shown only when asked for.
    pub fn statuses(&self) -> (bool, bool) {
        match self.filters.status.as_deref() {
            Some("closed") => (false, true),
            Some("any") => (true, true),
            _ => (true, false),
        }
    }
}

fn static_skill(s: &str) -> Option<&'static str> {
    Skill::from_db(s).map(Skill::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(q: &str) -> Plan {
        Plan::new(q, Filters::default())
    }

    #[test]
    fn cities_and_who_is_wanted_become_constraints() {
        let p = plan("ممثلة دعايات الخبر");
        assert_eq!(p.cities, ["khobar"]);
        assert_eq!(p.gender.as_deref(), Some("female"), "ممثلة is an actress");
        assert_eq!(p.concepts, [Concept::Skill("acting"), Concept::ProjectType("commercial")]);
        assert!(p.words.is_empty() && !p.adult);
        let p = plan("كومبارس شباب الظهران");
        assert_eq!((p.gender.as_deref(), p.adult), (Some("male"), true));
        assert_eq!(plan("ممثل").gender, None, "the masculine form is for everyone");
        assert_eq!(plan("ممثلة رجال").gender, None, "both asked for");
    }

    #[test]
    fn other_words_and_numbers_are_text() {
        let p = plan("فنون قتالية خبرة ٧ سنوات");
        assert_eq!(p.concepts, [Concept::Skill("martial_arts")]);
        assert_eq!(p.numbers, [7]);
        assert!(p.words.is_empty(), "the number says it: {:?}", p.words);
        assert!(plan("ممثل لهجة نجدية").words.is_empty(), "لهجة names the dialect that follows");
        assert_eq!(plan("خبرة").words, ["خبره"], "without a number, a word like any other");
        let p = plan("Muneera Al-Shammari");
        assert_eq!(p.words, ["muneera", "al", "shammari"]);
        assert!(!p.is_browse() && plan("").is_browse());
    }

    #[test]
    fn a_picked_filter_wins_over_the_text() {
        let (filters, ignored) = Filters::from_pairs([("city", "Jiddah".to_string()), ("gender", "male".into())]);
        assert!(ignored.is_empty());
        let p = Plan::new("ممثلة الرياض", filters);
        assert_eq!(p.cities, ["jeddah"]);
        assert_eq!(p.gender.as_deref(), Some("male"));
    }

    #[test]
    fn bad_input_is_set_aside_not_an_error() {
        let (f, ignored) = Filters::from_json(&serde_json::json!({
            "city": "Atlantis", "age": "٣١", "verified": true, "skill": "juggling", "colour": "red", "status": "closed"
        }));
        assert_eq!(f.age, Some(31), "Arabic-Indic digits");
        assert_eq!(f.verified, Some(true));
        assert_eq!(f.status.as_deref(), Some("closed"));
        assert_eq!(ignored, ["city", "skill", "colour"]);
        let long = "ممثل \"*:(".repeat(300);
        let p = plan(&long);
        assert!(p.words.len() <= MAX_WORDS);
        assert_eq!(p.concepts, [Concept::Skill("acting")]);
        assert_eq!(Filters::from_pairs([("age", "200".into())]).1, ["age"]);
    }

    #[test]
    fn query_strings_round_trip() {
        let qs = query_string(&[("q", "ممثلة جدة".into()), ("city", "riyadh".into()), ("age", String::new())]);
        assert_eq!(qs, "?q=%D9%85%D9%85%D8%AB%D9%84%D8%A9+%D8%AC%D8%AF%D8%A9&city=riyadh");
        assert_eq!(query_pairs(&qs), [("q".to_string(), "ممثلة جدة".to_string()), ("city".into(), "riyadh".into())]);
        assert_eq!(
            query_pairs("q=%ZZ%&x"),
            [("q".to_string(), "%ZZ%".to_string()), ("x".into(), String::new())],
            "bad escapes stay as typed"
        );
    }
}
