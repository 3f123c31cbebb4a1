//! Talent roles with gender and ages. Each line is cut into segments (commas, "–", "+",
//! "and"/"و"/"or"/"أو"); a segment naming talent (ممثلة، بنات، رجال، father, extras, voice…)
//! starts a role, the segments after it that name nothing add their ages; roles named again
//! later ("بنت شعرها كيرلي", "Dad 35-45" after "أب") are merged by kind and gender.
//!
//! Gender: `male`/`female` when stated or grammatically specific (بنات، رجال، actress), `any`
//! when both are invited together (شباب وبنات، ممثلين وممثلات، ممثل أو ممثلة، male & female,
//! m/f, any gender), none for generic words (ممثلين، طفل، talent). Two singulars joined by
//! "and" are two roles (شاب وبنت، a woman and a boy). "Actors" beside a separate "actresses"
//! role are the men. Crew positions (مخرج، director, make-up, drivers…) are not roles.

use super::age::{self, Age};
use super::post::Post;
use crate::ingest::extraction::{ExtractedRole, Gender};
use crate::ingest::words::{PhraseSet, matches_word, tokenize};
use regex::Regex;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// ممثلين, actors, talent: who, not what.
    Generic,
    /// رجال, بنات, male, woman: a gender (and maybe an age group).
    Descriptor,
    /// A kind of role: father, extras, voice, model, child…
    Specific,
    /// عائلة, couple: the members are the roles.
    Collective,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Num {
    Sg,
    Pl,
    /// male/female, ذكر/أنثى: adjectives, joined they mean "any".
    Adj,
}

#[derive(Clone, Copy, Debug)]
struct Noun {
    form: &'static str,
    class: Class,
    gender: Option<Gender>,
    num: Num,
    kind: Option<&'static str>,
}

const M: Option<Gender> = Some(Gender::Male);
const F: Option<Gender> = Some(Gender::Female);
const N: Option<Gender> = None;

const fn g(form: &'static str, gender: Option<Gender>, num: Num) -> Noun {
    Noun { form, class: Class::Generic, gender, num, kind: None }
}
const fn d(form: &'static str, gender: Option<Gender>, num: Num) -> Noun {
    Noun { form, class: Class::Descriptor, gender, num, kind: None }
}
const fn s(form: &'static str, kind: &'static str, gender: Option<Gender>, num: Num) -> Noun {
    Noun { form, class: Class::Specific, gender, num, kind: Some(kind) }
}
const fn c(form: &'static str) -> Noun {
    Noun { form, class: Class::Collective, gender: None, num: Num::Pl, kind: None }
}

use Num::{Adj, Pl, Sg};

/// Normalized forms (see `text::normalize_for_search`); multi-word forms first.
static LEXICON: &[Noun] = &[
    // Multi-word.
    s("mistress of ceremonies", "host", F, Sg),
    s("master of ceremonies", "host", M, Sg),
    s("voice over", "voice", N, Sg),
    s("voice actors", "voice", N, Pl),
    s("voice actor", "voice", N, Sg),
    s("voice talent", "voice", N, Sg),
    s("background actors", "extra", N, Pl),
    s("background artists", "extra", N, Pl),
    s("background talent", "extra", N, Pl),
    s("stand ins", "stand-in", N, Pl),
    s("stand in", "stand-in", N, Sg),
    s("content creators", "creator", N, Pl),
    s("content creator", "creator", N, Sg),
    s("معلق صوتي", "voice", M, Sg),
    s("معلقه صوتيه", "voice", F, Sg),
    s("معلقين صوتيين", "voice", N, Pl),
    s("مودي صوت", "voice", M, Sg),
    s("موديه صوت", "voice", F, Sg),
    s("كبير سن", "elder", N, Sg),
    s("كبير السن", "elder", N, Sg),
    s("كبار سن", "elder", N, Pl),
    s("كبار السن", "elder", N, Pl),
    s("كبيره سن", "elder", F, Sg),
    s("صانع محتوي", "creator", M, Sg),
    s("صانعه محتوي", "creator", F, Sg),
    s("صناع محتوي", "creator", N, Pl),
    g("وجوه جديده", N, Pl),
    g("new faces", N, Pl),
    // English.
    g("actor", N, Sg),
    g("actors", N, Pl),
    g("actress", F, Sg),
    g("actresses", F, Pl),
    g("talent", N, Sg),
    g("talents", N, Pl),
    g("performer", N, Sg),
    g("performers", N, Pl),
    d("male", M, Adj),
    d("males", M, Pl),
    d("man", M, Sg),
    d("men", M, Pl),
    d("guy", M, Sg),
    d("guys", M, Pl),
    d("gentleman", M, Sg),
    d("gentlemen", M, Pl),
    d("boy", M, Sg),
    d("boys", M, Pl),
    d("female", F, Adj),
    d("females", F, Pl),
    d("woman", F, Sg),
    d("women", F, Pl),
    d("lady", F, Sg),
    d("ladies", F, Pl),
    d("girl", F, Sg),
    d("girls", F, Pl),
    s("father", "father", M, Sg),
    s("dad", "father", M, Sg),
    s("mother", "mother", F, Sg),
    s("mom", "mother", F, Sg),
    s("mum", "mother", F, Sg),
    s("son", "son", M, Sg),
    s("daughter", "daughter", F, Sg),
    s("grandfather", "grandfather", M, Sg),
    s("grandpa", "grandfather", M, Sg),
    s("grandmother", "grandmother", F, Sg),
    s("grandma", "grandmother", F, Sg),
    s("granny", "grandmother", F, Sg),
    s("husband", "husband", M, Sg),
    s("wife", "wife", F, Sg),
    s("brother", "brother", M, Sg),
    s("sister", "sister", F, Sg),
    s("uncle", "uncle", M, Sg),
    s("aunt", "aunt", F, Sg),
    s("bride", "bride", F, Sg),
    s("groom", "groom", M, Sg),
    s("mistress", "host", F, Sg),
    s("child", "child", N, Sg),
    s("children", "child", N, Pl),
    s("kid", "child", N, Sg),
    s("kids", "child", N, Pl),
    s("toddler", "child", N, Sg),
    s("toddlers", "child", N, Pl),
    s("teen", "child", N, Sg),
    s("teens", "child", N, Pl),
    s("teenager", "child", N, Sg),
    s("teenagers", "child", N, Pl),
    s("baby", "baby", N, Sg),
    s("babies", "baby", N, Pl),
    s("infant", "baby", N, Sg),
    s("newborn", "baby", N, Sg),
    s("model", "model", N, Sg),
    s("models", "model", N, Pl),
    s("extras", "extra", N, Pl),
    s("standins", "stand-in", N, Pl),
    s("double", "stand-in", N, Sg),
    s("stunt", "stunt", N, Sg),
    s("stunts", "stunt", N, Pl),
    s("stuntman", "stunt", M, Sg),
    s("stuntwoman", "stunt", F, Sg),
    s("voice", "voice", N, Sg),
    s("voices", "voice", N, Pl),
    s("voiceover", "voice", N, Sg),
    s("narrator", "voice", N, Sg),
    s("presenter", "host", N, Sg),
    s("presenters", "host", N, Pl),
    s("host", "host", N, Sg),
    s("hosts", "host", N, Pl),
    s("mc", "host", N, Sg),
    s("dancer", "dancer", N, Sg),
    s("dancers", "dancer", N, Pl),
    s("singer", "singer", N, Sg),
    s("singers", "singer", N, Pl),
    s("vocalist", "singer", N, Sg),
    s("musician", "musician", N, Sg),
    s("musicians", "musician", N, Pl),
    s("storyteller", "storyteller", N, Sg),
    s("storytellers", "storyteller", N, Pl),
    s("rider", "rider", N, Sg),
    s("riders", "rider", N, Pl),
    s("horseman", "rider", M, Sg),
    s("horsemen", "rider", M, Pl),
    s("influencer", "creator", N, Sg),
    s("influencers", "creator", N, Pl),
    s("creators", "creator", N, Pl),
    s("ugc", "creator", N, Sg),
    s("comedian", "comedian", N, Sg),
    s("comedians", "comedian", N, Pl),
    s("athlete", "athlete", N, Sg),
    s("athletes", "athlete", N, Pl),
    s("bodybuilder", "athlete", N, Sg),
    s("bodybuilders", "athlete", N, Pl),
    s("swimmer", "athlete", N, Sg),
    s("swimmers", "athlete", N, Pl),
    s("footballer", "athlete", N, Sg),
    s("footballers", "athlete", N, Pl),
    s("lookalike", "lookalike", N, Sg),
    s("twins", "twins", N, Pl),
    g("person", N, Sg),
    g("people", N, Pl),
    g("someone", N, Sg),
    c("family"),
    c("families"),
    c("couple"),
    c("couples"),
    c("duo"),
    c("pair"),
    c("troupe"),
    // Arabic.
    g("ممثل", N, Sg),
    g("ممثلين", N, Pl),
    g("ممثلون", N, Pl),
    g("ممثله", F, Sg),
    g("ممثلات", F, Pl),
    g("موهبه", N, Sg),
    g("مواهب", N, Pl),
    d("ذكر", M, Adj),
    d("ذكور", M, Adj),
    d("رجل", M, Sg),
    d("رجال", M, Pl),
    d("رجلين", M, Pl),
    d("شاب", M, Sg),
    d("شباب", M, Pl),
    d("شابين", M, Pl),
    d("شبان", M, Pl),
    d("ولد", M, Sg),
    d("اولاد", M, Pl),
    d("ولدين", M, Pl),
    d("صبي", M, Sg),
    d("ابو", M, Sg),
    d("انثي", F, Adj),
    d("اناث", F, Adj),
    d("بنت", F, Sg),
    d("بنات", F, Pl),
    d("بنتين", F, Pl),
    d("فتاه", F, Sg),
    d("فتيات", F, Pl),
    d("امراه", F, Sg),
    d("مراه", F, Sg),
    d("نساء", F, Pl),
    d("حريم", F, Pl),
    d("سيده", F, Sg),
    d("سيدات", F, Pl),
    d("بنوته", F, Sg),
    s("اب", "father", M, Sg),
    s("والد", "father", M, Sg),
    s("ام", "mother", F, Sg),
    s("والده", "mother", F, Sg),
    s("جد", "grandfather", M, Sg),
    s("جده", "grandmother", F, Sg),
    s("زوجه", "wife", F, Sg),
    s("عروس", "bride", F, Sg),
    s("عريس", "groom", M, Sg),
    s("طفل", "child", N, Sg),
    s("طفله", "child", F, Sg),
    s("اطفال", "child", N, Pl),
    s("طفلين", "child", N, Pl),
    s("عيال", "child", N, Pl),
    s("رضيع", "baby", N, Sg),
    s("رضع", "baby", N, Pl),
    s("بيبي", "baby", N, Sg),
    s("موديل", "model", N, Sg),
    s("مودل", "model", N, Sg),
    s("موديلز", "model", N, Pl),
    s("مودلز", "model", N, Pl),
    s("عارض", "model", M, Sg),
    s("عارضه", "model", F, Sg),
    s("عارضين", "model", M, Pl),
    s("عارضات", "model", F, Pl),
    s("كومبارس", "extra", N, Pl),
    s("كمبارس", "extra", N, Pl),
    s("مجاميع", "extra", N, Pl),
    s("اكسترا", "extra", N, Pl),
    s("اكسترات", "extra", N, Pl),
    s("معلق", "voice", M, Sg),
    s("معلقه", "voice", F, Sg),
    s("معلقين", "voice", N, Pl),
    s("مقدم", "host", M, Sg),
    s("مقدمه", "host", F, Sg),
    s("مقدمين", "host", N, Pl),
    s("مقدمات", "host", F, Pl),
    s("مذيع", "host", M, Sg),
    s("مذيعه", "host", F, Sg),
    s("مذيعين", "host", N, Pl),
    s("مذيعات", "host", F, Pl),
    s("راقص", "dancer", M, Sg),
    s("راقصه", "dancer", F, Sg),
    s("راقصين", "dancer", N, Pl),
    s("راقصات", "dancer", F, Pl),
    s("مغني", "singer", M, Sg),
    s("مغنيه", "singer", F, Sg),
    s("منشد", "singer", M, Sg),
    s("منشدين", "singer", N, Pl),
    s("عازف", "musician", M, Sg),
    s("عازفه", "musician", F, Sg),
    s("عازفين", "musician", N, Pl),
    s("خياله", "rider", N, Pl),
    s("هجانه", "rider", N, Pl),
    s("هجان", "rider", N, Sg),
    s("فرسان", "rider", N, Pl),
    s("دوبلير", "stand-in", N, Sg),
    s("مجازف", "stunt", N, Sg),
    s("مشاهير", "creator", N, Pl),
    s("مشهور", "creator", N, Sg),
    s("مشهوره", "creator", F, Sg),
    s("موثر", "creator", N, Sg),
    s("موثره", "creator", F, Sg),
    s("موثرين", "creator", N, Pl),
    s("موثرات", "creator", F, Pl),
    s("بلوقر", "creator", N, Sg),
    s("بلوجر", "creator", N, Sg),
    s("يوتيوبر", "creator", N, Sg),
    s("مسن", "elder", M, Sg),
    s("مسنه", "elder", F, Sg),
    s("مسنين", "elder", N, Pl),
    s("شايب", "elder", M, Sg),
    s("شياب", "elder", M, Pl),
    s("عجوز", "elder", F, Sg),
    s("توام", "twins", N, Pl),
    s("لاعب", "athlete", M, Sg),
    s("لاعبين", "athlete", N, Pl),
    s("لاعبه", "athlete", F, Sg),
    s("لاعبات", "athlete", F, Pl),
    g("شخص", N, Sg),
    g("اشخاص", N, Pl),
    g("ناس", N, Pl),
    s("راوي", "storyteller", N, Sg),
    s("حكواتي", "storyteller", N, Sg),
    c("عائله"),
    c("اسره"),
    c("عوايل"),
    c("ثنائي"),
    c("زوجين"),
];

/// Crew words: a segment naming one of these is about crew, not talent.
const CREW: &[&str] = &[
    "مخرج",
    "مخرجين",
    "مساعد",
    "مساعدين",
    "مصور",
    "مصورين",
    "مونتير",
    "منتج",
    "منتجين",
    "منفذ",
    "كاتب",
    "سيناريست",
    "ميك",
    "مكياج",
    "ميكب",
    "سواق",
    "سواقين",
    "سايق",
    "سايقين",
    "رنر",
    "كلاكيت",
    "اضاءه",
    "فني",
    "فنيين",
    "منسق",
    "منسقه",
    "director",
    "directors",
    "producer",
    "producers",
    "editor",
    "editors",
    "cinematographer",
    "dop",
    "makeup",
    "wardrobe",
    "stylist",
    "driver",
    "drivers",
    "runner",
    "runners",
    "crew",
    "writer",
    "writers",
    "photographer",
    "videographer",
    "coordinator",
    "gaffer",
    "grip",
];

/// Descriptors of grown-ups.
const ADULT: &[&str] = &[
    "man",
    "men",
    "woman",
    "women",
    "lady",
    "ladies",
    "gentleman",
    "gentlemen",
    "رجل",
    "رجال",
    "رجلين",
    "امراه",
    "مراه",
    "نساء",
    "حريم",
    "سيده",
    "سيدات",
];
const POSSESSIVES: &[&str] = &["her", "his", "their", "my", "your", "our", "its"];
const GREETING_BEFORE: &[&str] = &["عليكم", "الخير", "مرحبا", "هلا", "يا", "اهلا", "hi", "hello", "hey", "dear", "السلام"];
/// Lines that only add to roles already named: pay, notes, how to apply.
const MERGE_ONLY_START: &[&str] = &[
    "note",
    "nb",
    "ملاحظه",
    "المكافاه",
    "مكافاه",
    "الاجر",
    "اجر",
    "الريت",
    "الراتب",
    "fee",
    "fees",
    "rate",
    "rates",
    "pay",
    "budget",
    "compensation",
    "salary",
    "send",
    "submit",
    "please",
    "ارسل",
    "ارسلي",
    "للتواصل",
    "للتقديم",
    "contact",
    "email",
    "apply",
    "الدفع",
    "المبلغ",
];
const REQUEST_WORDS: &[&str] =
    &["نحتاج", "احتاج", "مطلوب", "مطلوبه", "نبحث", "نبي", "ابي", "نبغي", "ابغي", "محتاجين", "محتاج", "برامج", "برنامج"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Conn {
    /// Commas, dashes, colons: the next segment may describe the same role.
    Comma,
    And,
    Or,
}

#[derive(Clone, Copy, Debug)]
struct Hit {
    noun: Noun,
}

#[derive(Clone, Debug, Default)]
struct Chunk {
    gender: Option<Gender>,
    any: bool,
    kind: Option<&'static str>,
    age: Option<Age>,
    plural: bool,
    /// Named with an actor word (ممثل، actors).
    actor: bool,
    /// Named only with the feminine actor word (ممثلة، actresses).
    actress_only: bool,
    collective: bool,
    /// Named with a word for grown-ups (رجال، نساء، men, women).
    adult: bool,
    /// A generic word and nothing else ("talent", "ممثلين").
    bare: bool,
    line: usize,
    merge_only: bool,
}

impl Chunk {
    fn gender(&self) -> Option<Gender> {
        if self.any { Some(Gender::Any) } else { self.gender }
    }
}

static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""[^"\n]{1,80}"|“[^”\n]{1,80}”|«[^»\n]{1,80}»|(?:^|[\s(])'[^'\n]{1,60}'(?:$|[\s),.;:])"#).unwrap());
static SEGMENT_SEP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[,،;؛•|]|[.!?؟](?:\s|$)|\s[-–—]+\s|:\s+|\s\+\s").unwrap());
static MF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:m\s*/\s*f|f\s*/\s*m)\b|any gender|all genders|both genders|للجنسين|من الجنسين|كلا الجنسين").unwrap()
});
static LONE_MF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*[-–•*]?\s*\(?([mfMF])\)?\s*$").unwrap());

static LEX_SET: LazyLock<PhraseSet> = LazyLock::new(|| PhraseSet::new(LEXICON.iter().map(|n| n.form)));

/// The longest lexicon noun starting at word `i`, with its length in words.
fn lexicon_at(words: &[String], i: usize) -> Option<(Noun, usize)> {
    LEX_SET.at(words, i).into_iter().max_by_key(|&(id, len)| (len, std::cmp::Reverse(id))).map(|(id, len)| (LEXICON[id], len))
}

/// The lexicon noun that one word is, if any.
fn lexicon_word(w: &str) -> Option<Noun> {
    lexicon_at(&[w.to_string()], 0).filter(|(_, len)| *len == 1).map(|(n, _)| n)
}

/// Whether the text right after a number starts with a talent noun ("10-15 كومبارس").
fn starts_with_noun(rest: &str) -> bool {
    let words = tokenize(rest);
    !words.is_empty() && lexicon_at(&words, 0).is_some()
}

struct Segment {
    conn: Conn,
    /// Starts with its own count ("و٣ كومبارس شباب", "2 girls").
    counted: bool,
    hits: Vec<Hit>,
    age: Option<Age>,
    any: bool,
}

/// One segment of a normalized line.
fn analyze(norm: &str, conn: Conn, line_has_request: bool, family_line: bool, line_age_word: bool) -> Segment {
    let words = tokenize(norm);
    let mut hits = Vec::new();
    let crew = words.iter().any(|w| CREW.contains(&w.as_str()));
    let mut i = 0;
    while i < words.len() {
        let Some((noun, len)) = lexicon_at(&words, i) else {
            i += 1;
            continue;
        };
        let prev = if i > 0 { words[i - 1].as_str() } else { "" };
        let next = words.get(i + len).map(String::as_str).unwrap_or("");
        let mut keep = true;
        // "losing her son" is narrative; "his mother 45-55" in a list of roles is a role.
        if POSSESSIVES.contains(&prev) && !next.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            keep = false;
        }
        if noun.class == Class::Descriptor && GREETING_BEFORE.contains(&prev) {
            keep = false;
        }
        match noun.form {
            "talent" | "talents" if matches!(next, "agency" | "agencies" | "management" | "show" | "pool") => keep = false,
            "mother" if matches!(next, "tongue" | "language") => keep = false,
            "stunt" if matches!(next, "coordinator" | "coordinators") => keep = false,
            "ابو" if matches!(next, "ظبي") => keep = false,
            "double" if !matches!(prev, "a" | "body" | "stunt") => keep = false,
            "اب" | "ام" | "جد" => {
                let alone = words.len() <= 3 || next.is_empty() || next.chars().all(|c| c.is_ascii_digit()) || prev == "دور";
                if !alone && !family_line {
                    keep = false;
                }
            }
            "جده" if (!family_line || matches!(prev, "في" | "من" | "مدينه" | "بمدينه" | "الي" | "محافظه")) => {
                keep = false;
            }
            "مقدم" | "مقدمه" | "مقدمين" | "مقدمات" if !line_has_request && !matches!(next, "برامج" | "برنامج" | "محتوي") =>
            {
                keep = false;
            }
            _ => {}
        }
        if crew && noun.class != Class::Specific && noun.class != Class::Generic {
            // "مساعدين مخرجين سعودين": no talent here, only crew.
            keep = keep && !matches!(noun.class, Class::Descriptor);
        }
        if keep {
            hits.push(Hit { noun });
        }
        i += len;
    }
    // A lone "m" / "f" (listing shorthand), "m/f", "any gender".
    let any = MF.is_match(norm);
    if hits.is_empty()
        && let Some(c) = LONE_MF.captures(norm)
    {
        let gender = if c[1].eq_ignore_ascii_case("m") { M } else { F };
        hits.push(Hit { noun: d("m", gender, Sg) });
    }
    let mut age = age::parse(norm, starts_with_noun);
    if let Some(a) = age.as_mut() {
        a.cued = a.cued || line_age_word;
    }
    let counted = norm.trim_start().trim_start_matches('و').starts_with(|c: char| c.is_ascii_digit());
    Segment { conn, counted, hits, age, any }
}

/// Splits a piece of a line at "and", "&", "or", "و"/"أو" before a talent word.
fn split_conjunctions(piece: &str, first: Conn) -> Vec<(Conn, String)> {
    let mut out: Vec<(Conn, String)> = vec![(first, String::new())];
    let counted = |t: &str| t.chars().nth(1).is_some_and(|c| c.is_ascii_digit());
    let words: Vec<&str> = piece.split_whitespace().collect();
    for (i, w) in words.iter().copied().enumerate() {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
        // "بين ١٨ و ٢٢", "20 and 30": numbers joined, not roles.
        let digit = |w: &&str| w.starts_with(|c: char| c.is_ascii_digit());
        let before_number = words.get(i + 1).is_some_and(digit) || (i > 0 && words.get(i - 1).is_some_and(digit));
        let conn = match bare {
            "and" | "&" | "و" if !before_number => Some(Conn::And),
            "or" | "او" if !before_number => Some(Conn::Or),
            _ => None,
        };
        if let Some(c) = conn {
            out.push((c, String::new()));
            continue;
        }
        if let Some(rest) = bare.strip_prefix('و') {
            let own = lexicon_word(bare).is_some_and(|n| n.form == bare);
            // "وأطفال", or "و٣ كومبارس" (a count of its own: another role).
            if (!own && !rest.is_empty() && lexicon_word(rest).is_some()) || counted(bare) {
                out.push((Conn::And, String::new()));
            }
        }
        if let Some(last) = out.last_mut() {
            if !last.1.is_empty() {
                last.1.push(' ');
            }
            last.1.push_str(w);
        }
    }
    out.into_iter().filter(|(_, t)| !t.trim().is_empty()).collect()
}

fn chunk_of(seg: &Segment, line: usize, merge_only: bool) -> Chunk {
    let mut ch = Chunk { line, merge_only, ..Chunk::default() };
    let talent: Vec<&Hit> = seg.hits.iter().filter(|h| h.noun.class != Class::Collective).collect();
    if talent.is_empty() {
        ch.collective = true;
        ch.plural = true;
        return ch;
    }
    let mut male = false;
    let mut female = false;
    for h in &talent {
        match h.noun.gender {
            Some(Gender::Male) => male = true,
            Some(Gender::Female) => female = true,
            _ => {}
        }
        if ch.kind.is_none() {
            ch.kind = h.noun.kind;
        }
        ch.plural |= h.noun.num != Sg;
        ch.adult |= ADULT.contains(&h.noun.form);
        if h.noun.class == Class::Generic && matches!(h.noun.form, "actor" | "actors" | "ممثل" | "ممثلين" | "ممثلون") {
            ch.actor = true;
        }
    }
    let actress_word = |h: &&Hit| matches!(h.noun.form, "actress" | "actresses" | "ممثله" | "ممثلات");
    ch.actress_only = talent.iter().any(actress_word) && !male && !ch.actor;
    ch.any = seg.any || (male && female);
    ch.gender = if male && !female {
        M
    } else if female && !male {
        F
    } else {
        None
    };
    ch.age = seg.age.filter(|a| a.min.is_some() || a.max.is_some() || a.all_ages);
    ch.bare = talent.iter().all(|h| h.noun.class == Class::Generic) && ch.gender.is_none() && !ch.any && ch.age.is_none();
    ch
}

fn ages_equal(a: Option<Age>, b: Option<Age>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x.min == y.min && x.max == y.max && x.all_ages == y.all_ages,
        _ => true,
    }
}

fn genders_ok(a: &Chunk, b: &Chunk) -> bool {
    match (a.gender(), b.gender()) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// Whether `new` may describe the same role as `role`, as far as their kinds go.
fn kinds_ok(role: &Chunk, new: &Chunk) -> bool {
    // Women are not the children, men not the babies.
    let young = |c: &Chunk| matches!(c.kind, Some("child" | "baby"));
    if (young(role) && new.adult) || (young(new) && role.adult) {
        return false;
    }
    match (role.kind, new.kind) {
        (Some(x), Some(y)) => x == y,
        // A named kind joins a generic role only when that role says little about itself
        // ("مطلوب ممثلين" then "- أب ٤٠-٥٠"), not "4 actors (any gender), 18+" then "1 musician".
        (None, Some(_)) => !role.actor || role.bare,
        // Actors described at length are not the musicians or dancers named before.
        (Some(k), None) => !(new.actor && !new.bare && NON_ACTING.contains(&k)),
        (None, None) => true,
    }
}

/// Kinds of talent that are not acting.
const NON_ACTING: &[&str] = &["musician", "singer", "dancer", "host", "rider", "athlete", "creator", "model"];

fn absorb(into: &mut Chunk, from: &Chunk) {
    if into.gender().is_none() {
        into.gender = from.gender;
        into.any = from.any;
    }
    if into.age.is_none() {
        into.age = from.age;
    }
    if into.kind.is_none() {
        into.kind = from.kind;
    }
    into.actor |= from.actor;
    into.adult |= from.adult;
    into.plural |= from.plural;
    into.actress_only = into.actress_only && from.actress_only;
    into.bare = into.bare && from.bare;
}

/// Chunks of one normalized line, in order.
fn line_chunks(text: &str, line: usize, merge_only: bool, pending_age: &mut Option<Age>) -> Vec<Chunk> {
    let norm_line = text;
    let line_words = tokenize(norm_line);
    let has_request = line_words.iter().any(|w| REQUEST_WORDS.iter().any(|r| matches_word(w, r)));
    let family_line = line_words.iter().any(|w| ["عائله", "اسره", "اطفال", "ابناء", "family"].iter().any(|f| matches_word(w, f)));
    let line_age_word = age::has_age_word(norm_line);
    let mut segments = Vec::new();
    let mut last = 0;
    let mut pieces: Vec<(Conn, &str)> = Vec::new();
    for m in SEGMENT_SEP.find_iter(text) {
        let sep = m.as_str().trim();
        // "من عمر ٣٠ - ٤٥": a range, not two segments.
        if sep.starts_with(['-', '–', '—'])
            && text[..m.start()].trim_end().ends_with(|c: char| c.is_ascii_digit())
            && text[m.end()..].trim_start().starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        let conn = if sep == "+" { Conn::And } else { Conn::Comma };
        pieces.push((Conn::Comma, &text[last..m.start()]));
        last = m.end();
        if conn == Conn::And {
            pieces.push((Conn::And, ""));
        }
    }
    pieces.push((Conn::Comma, &text[last..]));
    let mut next_conn = Conn::Comma;
    for (conn, piece) in pieces {
        if piece.trim().is_empty() {
            if conn == Conn::And {
                next_conn = Conn::And;
            }
            continue;
        }
        for (i, (c, t)) in split_conjunctions(piece, conn).into_iter().enumerate() {
            let c = if i == 0 && next_conn == Conn::And { Conn::And } else { c };
            segments.push(analyze(&t, c, has_request, family_line, line_age_word));
        }
        next_conn = Conn::Comma;
    }
    let mut out: Vec<Chunk> = Vec::new();
    let mut current: Option<Chunk> = None;
    let mut lead_age: Option<Age> = None;
    // Where the roles joined by "and"/"or" with the current one start in `out`
    // ("husband & wife, 30-40": the age is both's).
    let mut group_start = 0;
    for seg in &segments {
        if seg.hits.is_empty() {
            if seg.any
                && let Some(cur) = current.as_mut().filter(|c| c.gender.is_none() && !c.collective)
            {
                cur.any = true;
                cur.bare = false;
                for o in out[group_start..].iter_mut().filter(|o| o.gender.is_none() && !o.collective) {
                    o.any = true;
                    o.bare = false;
                }
            }
            let Some(a) = seg.age else { continue };
            match current.as_mut() {
                Some(cur) if cur.age.is_none() && !cur.collective => {
                    cur.age = Some(a);
                    cur.bare = false;
                    for o in out[group_start..].iter_mut().filter(|o| o.age.is_none() && !o.collective) {
                        o.age = Some(a);
                        o.bare = false;
                    }
                }
                Some(_) => {}
                None if a.cued => lead_age = lead_age.or(Some(a)),
                None => {}
            }
            continue;
        }
        let mut ch = chunk_of(seg, line, merge_only);
        if ch.age.is_none() && !ch.collective {
            ch.age = lead_age.take();
            if ch.age.is_some() {
                ch.bare = false;
            }
        }
        let Some(cur) = current.as_mut() else {
            current = Some(ch);
            continue;
        };
        let opposite =
            matches!((cur.gender, ch.gender), (Some(Gender::Male), Some(Gender::Female)) | (Some(Gender::Female), Some(Gender::Male)))
                || (cur.actor && cur.gender.is_none() && ch.gender == F)
                || (ch.actor && ch.gender.is_none() && cur.gender == F);
        let same_kind = cur.kind.is_some() && cur.kind == ch.kind;
        // "مذيعين ومذيعات": the masculine plural of a kind beside its feminine.
        let opposite = opposite
            || (same_kind
                && cur.plural
                && ch.plural
                && matches!((cur.gender, ch.gender), (None, Some(Gender::Female)) | (Some(Gender::Female), None)));
        match seg.conn {
            Conn::And | Conn::Or => {
                let plural_pair = (cur.plural || cur.actor) && (ch.plural || ch.actor);
                if opposite && cur.age.is_none() && !cur.any && !seg.counted && (seg.conn == Conn::Or || plural_pair) {
                    cur.any = true;
                    cur.age = cur.age.or(ch.age);
                    cur.plural |= ch.plural;
                    cur.kind = cur.kind.or(ch.kind);
                    cur.bare = false;
                    continue;
                }
                if same_kind && genders_ok(cur, &ch) && ages_equal(cur.age, ch.age) {
                    absorb(cur, &ch);
                    continue;
                }
            }
            Conn::Comma => {
                // "Father – Saudi male, 40-50" is one role; "رجال، نساء، أطفال" are three.
                if !cur.collective && !ch.collective && genders_ok(cur, &ch) && ages_equal(cur.age, ch.age) && kinds_ok(cur, &ch) {
                    absorb(cur, &ch);
                    continue;
                }
            }
        }
        let joined = matches!(seg.conn, Conn::And | Conn::Or) && cur.age.is_none() && ch.age.is_none();
        if let Some(done) = current.replace(ch) {
            out.push(done);
        }
        if !joined {
            group_start = out.len();
        }
    }
    if let Some(done) = current {
        out.push(done);
    }
    if out.iter().all(|c| c.collective)
        && line_age_word
        && let Some(a) = lead_age
    {
        *pending_age = pending_age.or(Some(a));
    }
    out
}

fn label(ch: &Chunk) -> String {
    let kind = match ch.kind {
        Some("extra") => "extras".to_string(),
        Some("voice") => "voice-over artist".to_string(),
        Some("host") => "presenter".to_string(),
        Some("stand-in") => "stand-in".to_string(),
        Some("stunt") => "stunt performer".to_string(),
        Some("rider") => "horse/camel riders".to_string(),
        Some("creator") => "content creator".to_string(),
        Some("elder") => "elderly".to_string(),
        Some("child") if ch.plural => "children".to_string(),
        Some(k) => k.to_string(),
        None => match (ch.gender(), ch.plural) {
            (Some(Gender::Male), true) if !ch.actor => "men".to_string(),
            (Some(Gender::Female), true) if !ch.actor => "women".to_string(),
            (Some(Gender::Male), false) if !ch.actor => "man".to_string(),
            (Some(Gender::Female), false) if !ch.actor => "woman".to_string(),
            (Some(Gender::Female), p) if ch.actress_only => {
                if p {
                    "actresses".into()
                } else {
                    "actress".into()
                }
            }
            (Some(Gender::Any), _) => "actors and actresses".to_string(),
            (_, true) => "actors".to_string(),
            (_, false) => "actor".to_string(),
        },
    };
    let gender = match (ch.gender(), ch.kind) {
        (Some(Gender::Male), Some(k)) if !matches!(k, "father" | "son" | "grandfather" | "husband" | "brother" | "uncle" | "groom") => {
            "Male "
        }
        (Some(Gender::Female), Some(k)) if !matches!(k, "mother" | "daughter" | "grandmother" | "wife" | "sister" | "aunt" | "bride") => {
            "Female "
        }
        (Some(Gender::Male), None) if ch.actor => "Male ",
        _ => "",
    };
    let mut s = format!("{gender}{kind}");
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    if let Some(a) = ch.age {
        match (a.min, a.max) {
            (Some(lo), Some(hi)) if lo == hi => s.push_str(&format!(" ({lo})")),
            (Some(lo), Some(hi)) => s.push_str(&format!(" ({lo}-{hi})")),
            (Some(lo), None) => s.push_str(&format!(" ({lo}+)")),
            (None, Some(hi)) => s.push_str(&format!(" (under {hi})")),
            _ if a.all_ages => s.push_str(" (all ages)"),
            _ => {}
        }
    }
    s
}

/// The talent roles of a post.
pub fn find(post: &Post) -> Vec<ExtractedRole> {
    let mut pending_age: Option<Age> = None;
    let mut chunks: Vec<Chunk> = Vec::new();
    for (li, line) in post.content_lines() {
        let text = QUOTED.replace_all(&line.norm, " ");
        let first = line.words.first().map(String::as_str).unwrap_or("");
        let merge_only = MERGE_ONLY_START.contains(&first);
        let found = line_chunks(&text, li, merge_only, &mut pending_age);
        if found.is_empty() {
            // An age line of its own: "العمر ٢٥-٣٥".
            let norm = &line.norm;
            if age::has_age_word(norm)
                && let Some(a) = age::parse(norm, starts_with_noun)
            {
                pending_age = pending_age.or(Some(a));
            }
        }
        chunks.extend(found);
        if chunks.len() > 200 {
            break;
        }
    }
    // "Actors" beside a role of actresses are the men.
    if chunks.iter().any(|c| c.actress_only && !c.any) {
        for c in chunks.iter_mut().filter(|c| c.actor && c.gender.is_none() && !c.any) {
            c.gender = M;
        }
    }
    let mut roles: Vec<Chunk> = Vec::new();
    let mut touched: Vec<Vec<usize>> = Vec::new();
    for ch in chunks {
        if ch.collective {
            continue;
        }
        if ch.bare && !roles.is_empty() {
            continue;
        }
        let candidates: Vec<usize> = (0..roles.len())
            .filter(|&i| !touched[i].contains(&ch.line))
            .filter(|&i| genders_ok(&roles[i], &ch) && ages_equal(roles[i].age, ch.age) && kinds_ok(&roles[i], &ch))
            .collect();
        let pick = candidates
            .iter()
            .copied()
            .find(|&i| roles[i].kind.is_some() && roles[i].kind == ch.kind)
            .or_else(|| candidates.iter().copied().find(|&i| roles[i].gender().is_some() && roles[i].gender() == ch.gender()))
            .or_else(|| candidates.first().copied());
        match pick {
            Some(i) => {
                absorb(&mut roles[i], &ch);
                touched[i].push(ch.line);
            }
            None if !ch.merge_only && roles.len() < 20 => {
                touched.push(vec![ch.line]);
                roles.push(ch);
            }
            None => {}
        }
    }
    if roles.iter().any(|r| !r.bare) {
        roles.retain(|r| !r.bare);
    }
    // A summary role "actors (m/f) 30-50" above separate men's and women's roles.
    let has_m = roles.iter().any(|r| r.gender() == M);
    let has_f = roles.iter().any(|r| r.gender() == F);
    if has_m && has_f {
        let covered = |r: &Chunk| {
            roles.iter().filter(|o| matches!(o.gender(), Some(Gender::Male) | Some(Gender::Female))).all(|o| match (r.age, o.age) {
                (None, _) => true,
                (Some(a), Some(b)) => a.min.unwrap_or(0) <= b.min.unwrap_or(0) && a.max.unwrap_or(99) >= b.max.unwrap_or(99),
                (Some(_), None) => false,
            })
        };
        let keep: Vec<bool> = roles.iter().map(|r| !(r.gender() == Some(Gender::Any) && r.kind.is_none() && covered(r))).collect();
        let mut i = 0;
        roles.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }
    if let Some(a) = pending_age {
        for r in roles.iter_mut().filter(|r| r.age.is_none()) {
            r.age = Some(a);
        }
    }
    // Generic roles named many times are one role; collectives alone are a role.
    roles
        .iter()
        .map(|r| ExtractedRole {
            name_or_description: label(r),
            gender: r.gender(),
            age_min: r.age.and_then(|a| a.min),
            age_max: r.age.and_then(|a| a.max),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::extraction::SourceType;

    fn roles(t: &str) -> Vec<(Option<Gender>, Option<u8>, Option<u8>)> {
        find(&Post::new(t, SourceType::Whatsapp)).into_iter().map(|r| (r.gender, r.age_min, r.age_max)).collect()
    }
    use Gender::{Any, Female, Male};

    #[test]
    fn arabic_gender_words() {
        assert_eq!(roles("احتاج بنات اكسترا من عمر 20-40"), vec![(Some(Female), Some(20), Some(40))]);
        assert_eq!(roles("محتاجين رجال اعمارهم من ٤٥-٥٥ سنه\nدور اكسترا في مسلسل قصير"), vec![(Some(Male), Some(45), Some(55))]);
        assert_eq!(roles("مطلوب حريم كبار سن ٦٠ سنة وفوق لمشهد في مسلسل"), vec![(Some(Female), Some(60), None)]);
        assert_eq!(roles("نحتاج مودل بنت عمرها 16 سنة."), vec![(Some(Female), Some(16), Some(16))]);
        assert_eq!(roles("مطلوب موديل طفل (ولد) عمره ٣-٥ سنوات"), vec![(Some(Male), Some(3), Some(5))]);
    }

    #[test]
    fn any_gender_and_pairs() {
        assert_eq!(roles("نبحث عن ممثلين وممثلات\n- العمر 18 سنة وفوق"), vec![(Some(Any), Some(18), None)]);
        assert_eq!(roles("مطلوب ممثل أو ممثلة يجيد لغة الإشارة\nالعمر ٢٠-٤٥"), vec![(Some(Any), Some(20), Some(45))]);
        assert_eq!(roles("نحتاج مقدم/مقدمة لفيديو تعريفي\nالعمر ٢٥-٣٥"), vec![(Some(Any), Some(25), Some(35))]);
        assert_eq!(roles("مطلوب شباب وبنات للتصوير"), vec![(Some(Any), None, None)]);
        assert_eq!(
            roles("احتاج شاب وبنت\nبنت شعرها كيرلي\nوشاب ستايل بحر\nالعمر : من 20 - 26"),
            vec![(Some(Male), Some(20), Some(26)), (Some(Female), Some(20), Some(26))]
        );
        assert_eq!(
            roles("Looking for: a woman in her 60s (grandmother) and a boy aged 10-12."),
            vec![(Some(Female), Some(60), Some(69)), (Some(Male), Some(10), Some(12))]
        );
        assert_eq!(
            roles("Seeking: 4 actors (any gender), 18+, strong movement skills; 1 musician who can play the oud."),
            vec![(Some(Any), Some(18), None), (None, None, None)]
        );
    }

    #[test]
    fn family_lists_merge_across_languages() {
        let t = "عائلة خليجية (أب، أم، جدة، ٢ أطفال)\nDad 35-45 in kandura, Mom 30-40 with sheila, Grandma 60+, kids 5-10";
        assert_eq!(
            roles(t),
            vec![
                (Some(Male), Some(35), Some(45)),
                (Some(Female), Some(30), Some(40)),
                (Some(Female), Some(60), None),
                (None, Some(5), Some(10))
            ]
        );
        assert_eq!(
            roles(
                "Looking for: Egyptian mom (30-38), Egyptian dad (35-42), baby (6-12 months)\nBudget: EGP 15,000 per adult, EGP 8,000 baby"
            ),
            vec![(Some(Female), Some(30), Some(38)), (Some(Male), Some(35), Some(42)), (None, Some(0), Some(1))]
        );
    }

    #[test]
    fn header_then_specific_roles() {
        let t = "مطلوب ممثلين عرب لإعلان سيارات\n• Arab male 28-40, fit\n• Arab female 25-35, long hair preferred";
        assert_eq!(roles(t), vec![(Some(Male), Some(28), Some(40)), (Some(Female), Some(25), Some(35))]);
        let t = "Actors and actresses are needed.\n- Actors from 3 to 10 years old\n- Actors from 20 to 40 years old\n- Actresses from 17 to 30 years old";
        assert_eq!(roles(t), vec![(Some(Male), Some(3), Some(10)), (Some(Male), Some(20), Some(40)), (Some(Female), Some(17), Some(30))]);
        let t = "ENGLAND: actors (m/f) 30-50, for short film in London\nm, 30-50, Middle Eastern appearance\nf, 40-50, must speak a Slavic language\nSylvia is a woman grieving her son.";
        assert_eq!(roles(t), vec![(Some(Male), Some(30), Some(50)), (Some(Female), Some(40), Some(50))]);
    }

    #[test]
    fn crew_greetings_and_narrative_are_not_roles() {
        assert_eq!(roles("السلام عليكم شباب\nمطلوب مخرجين ومصورين وسواقين"), vec![]);
        assert_eq!(
            roles("1- ممثلين سعودين جميع الأعمار وأطفال\n2- مخرجين سعودين\n3- ميك اب سعودين"),
            vec![(None, None, None), (None, None, None)]
        );
        assert_eq!(
            roles("The film Forever My Girl requires young girl actors aged 7 to 8 years old"),
            vec![(Some(Female), Some(7), Some(8))]
        );
    }
}
