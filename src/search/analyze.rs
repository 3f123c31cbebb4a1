//! The one analyzer of search, for documents and queries alike: Arabic-aware normalization,
//! word tokens, the attached prefixes people write (بالرياض, للإعلانات, والممثلين), and the
//! concepts behind the words they type in either language (كومبارس = اكسترا = extras).

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
fn word_matches(token: &str, lexicon_word: &str) -> bool {
    let bare = lexicon_word.strip_prefix("ال").filter(|r| r.chars().count() >= 2 && is_arabic(lexicon_word));
    variants(token).iter().any(|v| v == lexicon_word || bare == Some(v.as_str()))
}

/// What a word or phrase means, whichever language and spelling it was typed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Concept {
    Skill(&'static str),
    ProjectType(&'static str),
    Dialect(&'static str),
    Language(&'static str),
    City(&'static str),
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
        };
        format!("{kind}:{value}")
    }
}

/// (concept, surface forms as people write them; normalized when matched).
const LEXICON: &[(Concept, &[&str])] = &[
    (Concept::Skill("acting"), &["ممثل", "ممثلة", "ممثلين", "ممثلات", "تمثيل", "actor", "actors", "actress", "actresses", "acting"]),
    (
        Concept::Skill("voice_over"),
        &["تعليق صوتي", "معلق صوتي", "معلقة صوتية", "أداء صوتي", "فويس اوفر", "فويس أوفر", "دبلجة", "مدبلج", "مدبلجة", "voice over", "voiceover", "voice-over", "dubbing"],
    ),
    (
        Concept::Skill("modelling"),
        &[
            "عارض أزياء", "عارضة أزياء", "عارضين أزياء", "عارضات أزياء", "عارض", "عارضة", "عارضات", "عارضين", "مودل", "موديل", "عروض أزياء", "عرض أزياء",
            "model", "models", "modelling", "modeling",
        ],
    ),
    (
        Concept::Skill("presenting"),
        &["مقدم برامج", "مقدمة برامج", "تقديم برامج", "مذيع", "مذيعة", "مقدم فعاليات", "مقدمة فعاليات", "presenter", "presenting", "host", "hosting", "mc", "emcee"],
    ),
    (Concept::Skill("singing"), &["غناء", "مغني", "مغنية", "مطرب", "مطربة", "أداء غنائي", "singer", "singers", "singing", "vocalist"]),
    (Concept::Skill("dancing"), &["رقص", "راقص", "راقصة", "راقصين", "راقصات", "استعراضي", "استعراضية", "dance", "dancer", "dancers", "dancing"]),
    (Concept::Skill("stunts"), &["مشاهد خطرة", "دوبلير", "stunt", "stunts", "stuntman"]),
    (Concept::Skill("martial_arts"), &["فنون قتالية", "كاراتيه", "تايكواندو", "martial arts", "martial artist", "karate", "taekwondo", "kickboxing"]),
    (Concept::Skill("horse_riding"), &["ركوب الخيل", "فروسية", "horse riding", "horseback riding", "horse rider", "equestrian"]),
    (Concept::Skill("extras"), &["كومبارس", "كمبارس", "اكسترا", "إكسترا", "مجاميع", "extras", "extra"]),
    (
        Concept::ProjectType("commercial"),
        &["إعلان", "إعلانات", "إعلاني", "دعاية", "دعايات", "دعائي", "commercial", "commercials", "ad", "ads", "advert", "adverts", "advertisement"],
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
    (Concept::City("makkah"), &["مكة", "مكة المكرمة", "makkah", "mecca", "makka", "mekkah"]),
    (Concept::City("madinah"), &["المدينة المنورة", "madinah", "medina", "al madinah", "madina", "medinah"]),
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
];

/// The lexicon with its forms normalized and split into words, built once.
fn lexicon() -> &'static [(Concept, Vec<Vec<String>>)] {
    static LEXICON_WORDS: std::sync::OnceLock<Vec<(Concept, Vec<Vec<String>>)>> = std::sync::OnceLock::new();
    LEXICON_WORDS.get_or_init(|| LEXICON.iter().map(|(c, forms)| (*c, forms.iter().map(|f| tokens(f)).collect())).collect())
}

/// A concept found in text, and which tokens it spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub concept: Concept,
    pub start: usize,
    pub len: usize,
}

/// Every concept the tokens mention, longest phrase first at each position (عارضة أزياء is one
/// mention of modelling, not two).
pub fn concepts(tokens: &[String]) -> Vec<Found> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let best = lexicon()
            .iter()
            .flat_map(|(c, forms)| forms.iter().map(move |f| (*c, f)))
            .filter(|(_, f)| f.len() <= tokens.len() - i && f.iter().zip(&tokens[i..]).all(|(w, t)| word_matches(t, w)))
            .max_by_key(|(_, f)| f.len());
        match best {
            Some((concept, f)) => {
                found.push(Found { concept, start: i, len: f.len() });
                i += f.len();
            }
            None => i += 1,
        }
    }
    found
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
    }

    fn concept_terms(text: &str) -> Vec<String> {
        concepts(&tokens(text)).into_iter().map(|f| f.concept.term()).collect()
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
        assert_eq!(concept_terms("مكة المكرمة"), ["city:makkah"], "the longest phrase wins");
        assert!(concept_terms("تمارين عرض الاكتاف").is_empty(), "عرض alone is no fashion show");
    }

    #[test]
    fn neighbouring_cities() {
        assert!(neighbours("khobar").contains(&"dhahran"));
        assert!(neighbours("abha").contains(&"khamis_mushait"));
        assert!(neighbours("riyadh").is_empty());
    }
}
