//! The one analyzer of search, for documents and queries alike: Arabic-aware normalization,
//! word tokens, the attached prefixes people write (بالرياض, للإعلانات, والممثلين), and the
//! concepts behind the words they type in either language (كومبارس = اكسترا = extras), forgiving
//! one typo in what they type.

use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

fn is_tashkeel(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '\u{0660}'..='\u{0669}' => char::from_digit(c as u32 - 0x0660, 10),
        '\u{06F0}'..='\u{06F9}' => char::from_digit(c as u32 - 0x06F0, 10),
        _ => None,
    }
}

/// Normalizes text for matching: NFKC; no tashkeel, tatweel or standalone hamza; one alef; ة→ه,
/// ى→ي, ؤ→و, ئ→ي; ASCII digits with thousands separators inside numbers dropped (٣٬٠٠٠ = 3,000 =
/// 3000); Latin lower-case; apostrophes removed (Ha'il = Hail); any other punctuation a space.
pub fn normalize(input: &str) -> String {
    let chars: Vec<char> = input.nfkc().filter(|c| !is_tashkeel(*c) && *c != '\u{0640}').collect();
    let mut out = String::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        if let Some(d) = ascii_digit(c) {
            out.push(d);
            continue;
        }
        let digit_around = |j: Option<usize>| j.and_then(|j| chars.get(j)).and_then(|c| ascii_digit(*c)).is_some();
        match c {
            // A thousands separator between digits; elsewhere a comma is punctuation.
            ',' | '\u{066C}' | '\u{060C}' | '.' | '\u{066B}' if digit_around(i.checked_sub(1)) && digit_around(Some(i + 1)) => {
                if matches!(c, '.' | '\u{066B}') {
                    out.push('.');
                }
            }
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ة' => out.push('ه'),
            'ى' => out.push('ي'),
            'ؤ' => out.push('و'),
            'ئ' => out.push('ي'),
            'ء' => {}
            '\'' | '’' | '‘' | 'ʼ' | '`' => {}
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of normalized text.
pub fn tokens(input: &str) -> Vec<String> {
    normalize(input).split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// Attached prefixes, longest first, so وال is tried before و.
const PREFIXES: [&str; 17] = ["وال", "بال", "فال", "كال", "ولل", "ال", "لل", "وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك"];

fn is_arabic(word: &str) -> bool {
    word.chars().next().is_some_and(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// The forms a token may stand for: itself, and itself without one attached prefix (at least two
/// letters left). بالرياض gives رياض; للإعلانات gives اعلانات.
pub fn variants(token: &str) -> Vec<String> {
    let mut out = vec![token.to_string()];
    if !is_arabic(token) {
        // Latin family names are written Al-Qahtani, Al Qahtani and Alqahtani.
        if let Some(rest) = token.strip_prefix("al")
            && rest.chars().count() >= 4
            && rest.chars().all(|c| c.is_ascii_lowercase())
        {
            out.push(rest.to_string());
        }
        return out;
    }
    for p in PREFIXES {
        if let Some(rest) = token.strip_prefix(p)
            && rest.chars().count() >= 2
            && !out.iter().any(|o| o == rest)
        {
            out.push(rest.to_string());
        }
    }
    out
}

/// A word of the lexicon matches a token when they are equal after the token's prefix is
/// stripped, and a lexicon word with ال also matches without it (الرياض = رياض = بالرياض).
#[cfg(test)]
fn word_matches(token: &str, lexicon_word: &str) -> bool {
    matches_word(&variants(token), lexicon_word)
}

/// As `word_matches`, over a token's variants worked out once.
fn matches_word(variants: &[String], lexicon_word: &str) -> bool {
    let bare = bare(lexicon_word);
    variants.iter().any(|v| v == lexicon_word || bare == Some(v.as_str()))
}

/// A lexicon word without its ال, when there is one.
fn bare(lexicon_word: &str) -> Option<&str> {
    lexicon_word.strip_prefix("ال").filter(|r| r.chars().count() >= 2 && is_arabic(lexicon_word))
}

/// What a word or phrase means, whichever language and spelling it was typed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Concept {
    Skill(&'static str),
    ProjectType(&'static str),
    Dialect(&'static str),
    Language(&'static str),
    City(&'static str),
    /// Who is wanted: `female` or `male`.
    Gender(&'static str),
    /// An age group: `child` (12 or younger) or `teen` (13 to 17).
    Age(&'static str),
}

impl Concept {
    /// The indexed term: `skill:extras`, `city:riyadh`.
    pub fn term(self) -> String {
        let (kind, value) = match self {
            Concept::Skill(v) => ("skill", v),
            Concept::ProjectType(v) => ("project", v),
            Concept::Dialect(v) => ("dialect", v),
            Concept::Language(v) => ("language", v),
            Concept::City(v) => ("city", v),
            Concept::Gender(v) => ("gender", v),
            Concept::Age(v) => ("age", v),
        };
        format!("{kind}:{value}")
    }
}

/// (concept, surface forms as people write them; normalized when matched).
const LEXICON: &[(Concept, &[&str])] = &[
    (Concept::Skill("acting"), &["ممثل", "ممثلة", "ممثلين", "ممثلات", "تمثيل", "actor", "actors", "actress", "actresses", "acting"]),
    (
        Concept::Skill("voice_over"),
        &[
            "تعليق صوتي",
            "معلق صوتي",
            "معلقة صوتية",
            "أداء صوتي",
            "فويس اوفر",
            "فويس أوفر",
            "دبلجة",
            "مدبلج",
            "مدبلجة",
            "voice over",
            "voiceover",
            "voice-over",
            "dubbing",
        ],
    ),
    (
        Concept::Skill("modelling"),
        &[
            "عارض أزياء",
            "عارضة أزياء",
            "عارضين أزياء",
            "عارضات أزياء",
            "عارض",
            "عارضة",
            "عارضات",
            "عارضين",
            "مودل",
            "موديل",
            "عروض أزياء",
            "عرض أزياء",
            "model",
            "models",
            "modelling",
            "modeling",
        ],
    ),
    (
        Concept::Skill("presenting"),
        &[
            "مقدم برامج",
            "مقدمة برامج",
            "تقديم برامج",
            "مذيع",
            "مذيعة",
            "مقدم فعاليات",
            "مقدمة فعاليات",
            "presenter",
            "presenting",
            "host",
            "hosting",
            "mc",
            "emcee",
        ],
    ),
    (Concept::Skill("singing"), &["غناء", "مغني", "مغنية", "مطرب", "مطربة", "أداء غنائي", "singer", "singers", "singing", "vocalist"]),
    (
        Concept::Skill("dancing"),
        &["رقص", "راقص", "راقصة", "راقصين", "راقصات", "استعراضي", "استعراضية", "dance", "dancer", "dancers", "dancing"],
    ),
    (Concept::Skill("stunts"), &["مشاهد خطرة", "دوبلير", "stunt", "stunts", "stuntman"]),
    (
        Concept::Skill("martial_arts"),
        &["فنون قتالية", "كاراتيه", "تايكواندو", "martial arts", "martial artist", "karate", "taekwondo", "kickboxing"],
    ),
    (Concept::Skill("horse_riding"), &["ركوب الخيل", "فروسية", "horse riding", "horseback riding", "horse rider", "equestrian"]),
    (Concept::Skill("extras"), &["كومبارس", "كمبارس", "اكسترا", "إكسترا", "مجاميع", "extras", "extra"]),
    (
        Concept::ProjectType("commercial"),
        &[
            "إعلان",
            "إعلانات",
            "إعلاني",
            "دعاية",
            "دعايات",
            "دعائي",
            "commercial",
            "commercials",
            "ad",
            "ads",
            "advert",
            "adverts",
            "advertisement",
        ],
    ),
    (Concept::ProjectType("series"), &["مسلسل", "مسلسلات", "series"]),
    (Concept::ProjectType("film"), &["فيلم", "أفلام", "سينما", "سينمائي", "film", "films", "movie", "movies", "cinema"]),
    (Concept::ProjectType("theatre"), &["مسرح", "مسرحية", "مسرحيات", "مسرحي", "theatre", "theater", "stage play", "stage plays"]),
    (Concept::ProjectType("music_video"), &["فيديو كليب", "كليب", "كليبات", "music video", "music videos"]),
    (Concept::ProjectType("photoshoot"), &["جلسة تصوير", "جلسات تصوير", "تصوير فوتوغرافي", "photoshoot", "photoshoots", "photo shoot"]),
    (Concept::ProjectType("event"), &["فعالية", "فعاليات", "event", "events"]),
    (Concept::ProjectType("animation"), &["رسوم متحركة", "أنيميشن", "animation", "animated", "cartoon"]),
    (Concept::Dialect("najdi"), &["نجدي", "نجدية", "najdi"]),
    (Concept::Dialect("hijazi"), &["حجازي", "حجازية", "hijazi"]),
    (Concept::Dialect("khaleeji"), &["خليجي", "خليجية", "khaleeji", "gulf dialect"]),
    (Concept::Dialect("southern"), &["جنوبي", "جنوبية", "southern"]),
    (Concept::Dialect("egyptian"), &["مصري", "مصرية", "egyptian"]),
    (Concept::Dialect("levantine"), &["شامي", "شامية", "levantine", "shami"]),
    (Concept::Dialect("iraqi"), &["عراقي", "عراقية", "iraqi"]),
    (Concept::Dialect("maghrebi"), &["مغربي", "مغربية", "maghrebi", "moroccan"]),
    (Concept::Dialect("msa"), &["فصحى", "العربية الفصحى", "modern standard arabic", "msa", "fusha"]),
    (Concept::Language("ar"), &["العربية", "عربي", "arabic"]),
    (Concept::Language("en"), &["الإنجليزية", "الإنجليزي", "إنجليزي", "english"]),
    (Concept::Language("fr"), &["الفرنسية", "فرنسي", "فرنسية", "french"]),
    (Concept::Language("es"), &["الإسبانية", "إسباني", "spanish"]),
    (Concept::Language("tr"), &["التركية", "turkish"]),
    (Concept::Language("hi"), &["الهندية", "هندي", "هندية", "hindi"]),
    (Concept::Language("ur"), &["الأوردو", "الأردية", "أوردو", "urdu"]),
    (Concept::Language("tl"), &["التاغالوغ", "تاغالوغ", "الفلبينية", "فلبيني", "فلبينية", "tagalog", "filipino", "filipina"]),
    (Concept::City("riyadh"), &["الرياض", "riyadh", "riyad", "ar riyadh", "er riyadh"]),
    (Concept::City("jeddah"), &["جدة", "jeddah", "jiddah", "jidda", "jedda"]),
    (Concept::City("dammam"), &["الدمام", "dammam", "ad dammam", "al dammam"]),
    (Concept::City("khobar"), &["الخبر", "khobar", "al khobar", "alkhobar", "al khubar"]),
    (Concept::City("dhahran"), &["الظهران", "dhahran", "az zahran"]),
    (Concept::City("mecca"), &["مكة", "مكة المكرمة", "makkah", "mecca", "makka", "mekkah"]),
    (Concept::City("medina"), &["المدينة المنورة", "madinah", "medina", "al madinah", "madina", "medinah"]),
    (Concept::City("abha"), &["أبها", "abha"]),
    (Concept::City("khamis_mushait"), &["خميس مشيط", "khamis mushait", "khamis mushayt"]),
    (Concept::City("taif"), &["الطائف", "taif", "at taif", "al taif"]),
    (Concept::City("tabuk"), &["تبوك", "tabuk", "tabouk"]),
    (Concept::City("al_ula"), &["العلا", "alula", "al ula", "el ula"]),
    (Concept::City("buraidah"), &["بريدة", "buraidah", "buraydah", "buraida"]),
    (Concept::City("hail"), &["حائل", "hail", "hayil"]),
    (Concept::City("najran"), &["نجران", "najran", "nejran"]),
    (Concept::City("jazan"), &["جازان", "jazan", "jizan", "gizan", "جيزان"]),
    (Concept::City("al_ahsa"), &["الأحساء", "al ahsa", "al hasa", "alahsa", "hasa"]),
    (Concept::City("yanbu"), &["ينبع", "yanbu", "yenbo"]),
    (Concept::City("al_baha"), &["الباحة", "al baha", "albaha", "baha"]),
    (Concept::City("jubail"), &["الجبيل", "jubail", "al jubail", "jubayl"]),
    // Words that say who is wanted.
    (Concept::Gender("female"), &["نسائي", "نسائية", "نساء", "بنات", "سيدات", "female", "females", "women", "woman", "ladies"]),
    (Concept::Gender("male"), &["رجالي", "رجال", "شباب", "male", "males", "men", "man"]),
    (Concept::Age("child"), &["طفل", "طفلة", "اطفال", "أطفال", "child", "children", "kid", "kids"]),
    (Concept::Age("teen"), &["مراهق", "مراهقة", "مراهقين", "teen", "teens", "teenager", "teenagers"]),
];

/// Forms that also say the person wanted is a woman (ممثلة, actress); the masculine and plural
/// forms are used for everyone.
const FEMININE: &[&str] = &[
    "ممثلة",
    "ممثلات",
    "actress",
    "actresses",
    "معلقة صوتية",
    "مدبلجة",
    "عارضة أزياء",
    "عارضات أزياء",
    "عارضة",
    "عارضات",
    "مذيعة",
    "مقدمة برامج",
    "مقدمة فعاليات",
    "مغنية",
    "مطربة",
    "راقصة",
    "راقصات",
];

struct Form {
    concept: Concept,
    words: Vec<String>,
    female: bool,
}

/// The lexicon with its forms normalized and split into words, built once.
fn lexicon() -> &'static [Form] {
    static LEXICON_WORDS: std::sync::OnceLock<Vec<Form>> = std::sync::OnceLock::new();
    LEXICON_WORDS.get_or_init(|| {
        let feminine: Vec<String> = FEMININE.iter().map(|f| normalize(f)).collect();
        LEXICON
            .iter()
            .flat_map(|(c, forms)| forms.iter().map(move |f| (*c, f)))
            .map(|(concept, f)| Form { concept, words: tokens(f), female: feminine.contains(&normalize(f)) })
            .collect()
    })
}

/// The lexicon's forms by the words their first word matches (itself, and without ال), so a
/// token is compared with the few forms it can start, not the whole lexicon.
fn forms_by_first_word() -> &'static HashMap<&'static str, Vec<usize>> {
    static BY_FIRST: std::sync::OnceLock<HashMap<&'static str, Vec<usize>>> = std::sync::OnceLock::new();
    BY_FIRST.get_or_init(|| {
        let mut by_first: HashMap<&'static str, Vec<usize>> = HashMap::new();
        for (i, f) in lexicon().iter().enumerate() {
            let Some(first) = f.words.first() else { continue };
            for key in std::iter::once(first.as_str()).chain(bare(first)) {
                let slot = by_first.entry(key).or_default();
                if slot.last() != Some(&i) {
                    slot.push(i);
                }
            }
        }
        by_first
    })
}

/// A concept found in text, and which tokens it spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub concept: Concept,
    pub start: usize,
    pub len: usize,
    /// The form used is feminine (ممثلة): the text also asks for a woman.
    pub female: bool,
    /// Found only by forgiving one typo.
    pub fuzzy: bool,
}

/// Every concept the tokens mention, longest phrase first at each position (عارضة أزياء is one
/// mention of modelling, not two). Documents are read exactly.
pub fn concepts(tokens: &[String]) -> Vec<Found> {
    scan(tokens, false, &|_| false)
}

/// The concepts of what someone typed: as `concepts`, and where nothing matches exactly, a word
/// of five letters or more may be one typo away from a lexicon word (مودييل, siinger, اظهران).
pub fn query_concepts(tokens: &[String]) -> Vec<Found> {
    scan(tokens, true, &|_| false)
}

/// As `query_concepts`, forgiving typos only in words `known` does not know (the documents'
/// own words: Razan is a name, not a typo of Jazan).
pub fn query_concepts_known(tokens: &[String], known: &dyn Fn(&str) -> bool) -> Vec<Found> {
    scan(tokens, true, known)
}

fn scan(tokens: &[String], forgiving: bool, known: &dyn Fn(&str) -> bool) -> Vec<Found> {
    let forms = lexicon();
    let vars: Vec<Vec<String>> = tokens.iter().map(|t| variants(t)).collect();
    // A word the documents use is what it says: only unknown words may be typos.
    let near_ok: Vec<bool> = tokens.iter().map(|t| forgiving && !known(t)).collect();
    let near = |k: usize, w: &str| {
        let bare = bare(w);
        vars[k].iter().any(|v| one_edit(v, w) || bare.is_some_and(|b| one_edit(v, b)))
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let fits = |f: &Form, fuzzy: bool| {
            f.words.len() <= tokens.len() - i
                && f.words.iter().enumerate().all(|(k, w)| matches_word(&vars[i + k], w) || (fuzzy && near_ok[i + k] && near(i + k, w)))
        };
        let exact_words = |f: &Form| f.words.iter().enumerate().filter(|(k, w)| matches_word(&vars[i + k], w)).count();
        // The forms whose first word this token is, in lexicon order (ties go to the later form).
        let mut starting: Vec<usize> = vars[i].iter().filter_map(|v| forms_by_first_word().get(v.as_str())).flatten().copied().collect();
        starting.sort_unstable();
        starting.dedup();
        let exact = starting.iter().map(|&k| &forms[k]).filter(|f| fits(f, false)).max_by_key(|f| f.words.len());
        // Among typo matches: the longest, then the most words typed right, then the plain
        // form (مقدم براامج is a presenter, not a woman presenter). A first word that may not
        // be a typo limits them to the forms it starts.
        let best = exact.map(|f| (f, false)).or_else(|| {
            let candidates: Box<dyn Iterator<Item = &Form>> =
                if near_ok[i] { Box::new(forms.iter()) } else { Box::new(starting.iter().map(|&k| &forms[k])) };
            forgiving
                .then(|| candidates.filter(|f| fits(f, true)).max_by_key(|f| (f.words.len(), exact_words(f), !f.female)))
                .flatten()
                .map(|f| (f, true))
        });
        match best {
            Some((f, fuzzy)) => {
                found.push(Found { concept: f.concept, start: i, len: f.words.len(), female: f.female, fuzzy });
                i += f.words.len();
            }
            None => i += 1,
        }
    }
    found
}

/// One typo away (an insertion, deletion, substitution or swap of neighbours), for words of
/// five letters or more; shorter words must be exact, or every short word would match another.
pub fn one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().max(b.len()) < 5 || a.len().min(b.len()) < 4 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if prefix == a.len() && a.len() == b.len() {
        return false;
    }
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match ra.len().cmp(&rb.len()) {
        std::cmp::Ordering::Equal => ra[1..] == rb[1..] || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..]),
        std::cmp::Ordering::Greater => ra[1..] == *rb,
        std::cmp::Ordering::Less => *ra == rb[1..],
    }
}

/// A spelling-proof key of a Latin name: the consonants, doubled letters once, vowels (and y)
/// dropped, a leading vowel kept as one mark, q as k, a closing h after a vowel dropped. So
/// Mohammed = Muhammad = Mohamed, Munira = Muneera, Nourah = Noura = Nora, Naif = Nayef.
pub fn name_key(token: &str) -> Option<String> {
    if !token.chars().all(|c| c.is_ascii_lowercase()) || token.len() < 3 {
        return None;
    }
    let t = token.strip_suffix('h').filter(|t| t.ends_with(['a', 'e', 'i', 'o', 'u'])).unwrap_or(token);
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut key = String::new();
    for (i, c) in t.chars().enumerate() {
        let c = if c == 'q' { 'k' } else { c };
        if vowel(c) {
            if i == 0 {
                key.push('_');
            }
        } else if !key.ends_with(c) {
            key.push(c);
        }
    }
    (key.trim_start_matches('_').len() >= 2).then_some(key)
}

/// Cities whose calls and talent count as "nearby": the same metro area.
pub fn neighbours(city: &str) -> &'static [&'static str] {
    match city {
        "dammam" | "khobar" | "dhahran" => &["dammam", "khobar", "dhahran"],
        "abha" | "khamis_mushait" => &["abha", "khamis_mushait"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_spellings_people_type_are_one() {
        assert_eq!(normalize("نُورَة"), normalize("نوره"));
        assert_eq!(normalize("أحمد"), "احمد");
        assert_eq!(normalize("رؤى"), normalize("روي"));
        assert_eq!(normalize("عائشة"), normalize("عايشه"));
        assert_eq!(normalize("هيفاء"), normalize("هيفا"), "a standalone hamza is dropped");
        assert_eq!(normalize("مصطفى"), normalize("مصطفي"));
        assert_eq!(normalize("مـمـثـلـة"), "ممثله", "tatweel");
        assert_eq!(normalize("Ha'il"), "hail");
        assert_eq!(normalize("Al-Qahtani"), "al qahtani");
        assert_eq!(normalize("«مسلسل»"), "مسلسل");
    }

    #[test]
    fn numbers_in_any_script_and_with_separators_are_one() {
        assert_eq!(normalize("٣٬٠٠٠ ريال"), "3000 ريال");
        assert_eq!(normalize("3,000"), "3000");
        assert_eq!(normalize("۱۲۰۰"), "1200");
        assert_eq!(normalize("جدة، الرياض"), "جده الرياض", "a comma between words is a space");
        assert_eq!(normalize("1.5"), "1.5");
    }

    #[test]
    fn attached_prefixes_are_seen_through() {
        assert!(variants("بالرياض").contains(&"رياض".to_string()));
        assert!(word_matches("بالرياض", &normalize("الرياض")));
        assert!(word_matches("للرياض", &normalize("الرياض")));
        assert!(word_matches("رياض", &normalize("الرياض")));
        assert!(word_matches(&normalize("بجدة"), &normalize("جدة")));
        assert!(word_matches(&normalize("للإعلانات"), &normalize("إعلانات")));
        assert!(!word_matches(&normalize("رياضة"), &normalize("الرياض")), "a longer word is another word (sport is not Riyadh)");
        assert_eq!(variants("بر"), ["بر"], "two letters must remain");
        assert_eq!(variants("ballet"), ["ballet"], "Latin words have no Arabic prefixes");
        assert_eq!(variants("alqahtani"), ["alqahtani", "qahtani"], "Alqahtani = Al-Qahtani");
        assert_eq!(variants("alaa"), ["alaa"], "a name that starts with al is not cut to nothing");
    }

    fn concept_terms(text: &str) -> Vec<String> {
        concepts(&tokens(text)).into_iter().map(|f| f.concept.term()).collect()
    }

    fn query_terms(text: &str) -> Vec<String> {
        query_concepts(&tokens(text)).into_iter().map(|f| f.concept.term()).collect()
    }

    #[test]
    fn one_typo_is_forgiven_in_long_words_only() {
        assert!(one_edit("siinger", "singer"));
        assert!(one_edit("voce", "voice"));
        assert!(one_edit("albalswi", "albalawi"));
        assert!(one_edit("actor", "atcor"), "neighbours swapped");
        assert!(!one_edit("singer", "singer"), "equal is not a typo");
        assert!(!one_edit("cat", "car"), "short words must be exact");
        assert!(!one_edit("mode", "more"), "four letters are too short a word");
        assert!(!one_edit("muneera", "munira"), "two edits");
        assert_eq!(query_terms("مودييل حائل"), ["skill:modelling", "city:hail"]);
        assert_eq!(query_terms("تمثيل اظهران"), ["skill:acting", "city:dhahran"]);
        assert_eq!(query_terms("تمثيل جاازان"), ["skill:acting", "city:jazan"]);
        assert_eq!(query_terms("voce over Riyadh"), ["skill:voice_over", "city:riyadh"]);
        assert!(concept_terms("siinger").is_empty(), "documents are read exactly");
        let names = |w: &str| w == "razan";
        assert!(query_concepts_known(&tokens("Razan"), &names).is_empty(), "a word the documents use is no typo");
        assert_eq!(query_concepts_known(&tokens("Rizan"), &names)[0].concept, Concept::City("jazan"));
        let presenter = query_concepts(&tokens("مقدم براامج"));
        assert_eq!((presenter[0].concept, presenter[0].female), (Concept::Skill("presenting"), false), "the plain form wins a tie");
    }

    #[test]
    fn feminine_forms_and_gender_words_say_who_is_wanted() {
        let found = query_concepts(&tokens("ممثلة مذيع كومبارس نسائي"));
        let female: Vec<bool> = found.iter().map(|f| f.female).collect();
        assert_eq!(female, [true, false, false, false]);
        assert_eq!(found[3].concept, Concept::Gender("female"));
        assert_eq!(query_terms("extras men"), ["skill:extras", "gender:male"]);
        assert_eq!(query_terms("أطفال"), ["age:child"]);
    }

    #[test]
    fn latin_name_keys_survive_spellings() {
        let key = |s: &str| name_key(s).unwrap();
        assert_eq!(key("mohammed"), key("muhammad"));
        assert_eq!(key("mohamed"), key("mohammad"));
        assert_eq!(key("muneera"), key("munira"));
        assert_eq!(key("nourah"), key("noura"));
        assert_eq!(key("nora"), key("noura"));
        assert_eq!(key("nayef"), key("naif"));
        assert_eq!(key("mosttafa"), key("mostafa"));
        assert_eq!(key("eman"), key("iman"));
        assert_ne!(key("eman"), key("mana"));
        assert_eq!(name_key("نورة"), None, "Arabic is matched by normalization");
        assert_eq!(name_key("al"), None);
    }

    #[test]
    fn words_people_type_find_their_concept_in_both_languages() {
        for q in ["كومبارس", "اكسترا", "مجاميع", "Extras", "إكسترا"] {
            assert_eq!(concept_terms(q), ["skill:extras"], "{q}");
        }
        for q in ["فويس اوفر", "تعليق صوتي", "دبلجة", "voice-over", "Voice over"] {
            assert_eq!(concept_terms(q), ["skill:voice_over"], "{q}");
        }
        assert_eq!(concept_terms("عارضة أزياء للإعلانات في بالرياض"), ["skill:modelling", "project:commercial", "city:riyadh"]);
        assert_eq!(concept_terms("ممثلة لهجة حجازية Jiddah"), ["skill:acting", "dialect:hijazi", "city:jeddah"]);
        assert_eq!(concept_terms("Ar-Riyadh Al-Ula Tabouk Al Khobar"), ["city:riyadh", "city:al_ula", "city:tabuk", "city:khobar"]);
        assert_eq!(concept_terms("مكة المكرمة"), ["city:mecca"], "the longest phrase wins");
        assert!(concept_terms("تمارين عرض الاكتاف").is_empty(), "عرض alone is no fashion show");
    }

    #[test]
    fn neighbouring_cities() {
        assert!(neighbours("khobar").contains(&"dhahran"));
        assert!(neighbours("abha").contains(&"khamis_mushait"));
        assert!(neighbours("riyadh").is_empty());
    }
}
