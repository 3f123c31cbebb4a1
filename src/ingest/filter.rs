//! The cheap pre-filter that runs before extraction: a keyword score over normalized words
//! (see [`crate::ingest::words`]) that sets aside what is clearly not a casting call —
//! greetings, "sent ✅", group rules, actors advertising themselves, short replies, release
//! and workshop posts — and lets everything else through to the extractor, which decides.
//! It is tuned for recall: every casting call of the labelled development set passes it.
//!
//! The vocabularies here are shared with the extractor's classifier.

use super::words::{PhraseSet, normalized_words};
use regex::Regex;
use std::sync::LazyLock;

/// Casting vocabulary: the strongest single cue.
pub(crate) const CASTING: &[&str] = &[
    "casting",
    "castings",
    "audition",
    "auditions",
    "auditioning",
    "self tape",
    "self tapes",
    "selftape",
    "selftapes",
    "open call",
    "casting call",
    "كاستنج",
    "كاستينج",
    "كاستنق",
    "كاستينق",
    "كاستنغ",
    "كاستينغ",
    "كاست",
    "تجارب اداء",
    "تجربه اداء",
    "تجارب الاداء",
    "اختبار اداء",
    "اختبارات اداء",
    "سيلف تيب",
    "stand ins",
    "standins",
];

/// "We need / wanted / looking for" in Gulf dialect, MSA and English.
pub(crate) const REQUEST: &[&str] = &[
    "مطلوب",
    "مطلوبين",
    "مطلوبه",
    "مطلوبات",
    "نحتاج",
    "احتاج",
    "محتاجين",
    "محتاجه",
    "محتاج",
    "نبحث",
    "ابحث",
    "نبي",
    "نبغي",
    "نبغا",
    "ابي",
    "ابغي",
    "ابغا",
    "ندور",
    "ادور",
    "يبحث",
    "تبحث",
    "حاجتها",
    "حاجته",
    "حاجتنا",
    "نطلب",
    "يطلب",
    "تطلب",
    "ندعو",
    "تدعو",
    "يدعو",
    "looking for",
    "seeking",
    "we need",
    "need",
    "needed",
    "wanted",
    "in search of",
    "invited",
    "invites",
    "now casting",
    "is casting",
    "are casting",
    "searching for",
    "required",
    "calling all",
];

/// Talent words (on-camera, on-stage or voice).
pub(crate) const TALENT: &[&str] = &[
    "ممثل",
    "ممثلين",
    "ممثلون",
    "ممثله",
    "ممثلات",
    "موديل",
    "مودل",
    "موديلز",
    "مودلز",
    "عارض",
    "عارضه",
    "عارضين",
    "عارضات",
    "كومبارس",
    "كمبارس",
    "مجاميع",
    "اكسترا",
    "معلق صوتي",
    "معلقين",
    "معلقه صوتيه",
    "مودي صوت",
    "مودين",
    "مقدم",
    "مقدمه",
    "مقدمين",
    "مقدمات",
    "مذيع",
    "مذيعه",
    "وجوه جديده",
    "مواهب",
    "موهبه",
    "دوبلير",
    "خياله",
    "هجانه",
    "فرسان",
    "actor",
    "actors",
    "actress",
    "actresses",
    "talent",
    "talents",
    "model",
    "models",
    "extras",
    "background actors",
    "background artists",
    "voice over",
    "voiceover",
    "voice actor",
    "voice actors",
    "voice talent",
    "voices",
    "presenter",
    "presenters",
    "host",
    "hosts",
    "stand in",
    "stunt",
    "stunts",
    "dancer",
    "dancers",
    "performer",
    "performers",
    "singer",
    "singers",
    "influencer",
    "influencers",
    "ugc",
    "creators",
    "new faces",
    "cast members",
    "musician",
    "musicians",
    "athletes",
    "bodybuilder",
    "bodybuilders",
    "lookalike",
    "twins",
    "توام",
    "لاعب",
    "لاعبين",
    "لاعبه",
    "لاعبات",
];

/// People words that make a talent request when asked for ("بنات للتصوير").
pub(crate) const PEOPLE: &[&str] = &[
    "بنات",
    "بنت",
    "شباب",
    "شاب",
    "رجال",
    "رجل",
    "حريم",
    "نساء",
    "سيدات",
    "اطفال",
    "طفل",
    "طفله",
    "ولد",
    "اولاد",
    "فتيات",
    "فتاه",
    "عائله",
    "men",
    "women",
    "man",
    "woman",
    "male",
    "female",
    "girls",
    "boys",
    "girl",
    "boy",
    "kids",
    "children",
    "child",
    "baby",
    "family",
    "families",
];

/// What is being made.
pub(crate) const PRODUCTION: &[&str] = &[
    "تصوير",
    "اعلان",
    "اعلاني",
    "اعلانات",
    "دعايه",
    "دعائي",
    "مسلسل",
    "فيلم",
    "افلام",
    "مسرحيه",
    "مسرح",
    "كليب",
    "فيديو",
    "برنامج",
    "حمله",
    "فوتوشوت",
    "commercial",
    "tvc",
    "film",
    "feature",
    "series",
    "shoot",
    "shooting",
    "filming",
    "campaign",
    "music video",
    "play",
    "theatre",
    "theater",
    "stage",
    "production",
    "dub",
    "dubbing",
    "docudrama",
    "drama",
    "advert",
    "photoshoot",
    "short film",
    "movie",
    "video",
    "episode",
    "contest",
    "مسابقه",
];

/// How to apply.
pub(crate) const APPLY: &[&str] = &[
    "تواصل",
    "التواصل",
    "تقديم",
    "التقديم",
    "ارسل",
    "ارسلي",
    "ارسال",
    "ارسلوا",
    "ارسلو",
    "مشاركه",
    "استفسار",
    "send",
    "submit",
    "submissions",
    "apply",
    "application",
    "applications",
    "email",
    "contact",
    "whatsapp",
    "واتس",
    "واتساب",
    "register",
    "سجل",
    "تسجيل",
    "dm",
    "inbox",
    "book a slot",
    "رابط",
];

/// Pay words.
pub(crate) const PAY: &[&str] = &[
    "اجر",
    "مبلغ",
    "مكافاه",
    "ريت",
    "يوميه",
    "راتب",
    "مقابل",
    "fee",
    "rate",
    "pay",
    "paid",
    "budget",
    "compensation",
    "ريال",
    "sar",
    "aed",
    "salary",
    "عرض عمل",
    "فرصه عمل",
];

/// Training, not a role.
pub(crate) const WORKSHOP: &[&str] = &[
    "ورشه",
    "ورش",
    "دوره تدريبيه",
    "دورات",
    "كورس",
    "workshop",
    "workshops",
    "course",
    "courses",
    "masterclass",
    "acting training",
    "training course",
    "training program",
    "training programme",
    "training sessions",
    "bootcamp",
    "برنامج تدريبي",
    "تدريب الممثلين",
    "تدريب على التمثيل",
    "لاعداد الممثل",
    "acting class",
    "acting classes",
    "دوره تمثيل",
    "دورات تمثيل",
    "دوره في التمثيل",
    "diploma",
    "دبلوم",
];

/// Reports of what already happened.
pub(crate) const PAST: &[&str] = &[
    "were held",
    "was held",
    "took place",
    "we cast",
    "were cast",
    "was cast",
    "have cast",
    "has been cast",
    "casted",
    "were selected",
    "have been selected",
    "casting is complete",
    "thank you to everyone who",
    "thanks to everyone who",
    "thank you to all who",
    "that s a wrap",
    "its a wrap",
    "سعدنا",
    "تم اختيار",
    "تم اختيارهم",
    "اخترنا",
    "اختيار واعداد",
    "اقيمت",
    "انتهت",
    "انتهينا",
    "اختتمنا",
    "تم تصوير",
    "انتهي تصوير",
    "انتهاء تصوير",
    "latest project",
    "wrapped",
];

/// Credits of a finished work.
pub(crate) const CREDITS: &[&str] = &["casting by", "starring", "directed by", "written by", "بطوله", "اخراج", "تاليف", "اختيار الممثلين"];

pub(crate) const CONGRATS: &[&str] = &["congratulations", "congrats", "مبروك", "نبارك", "نهنئ", "تهانينا", "الف مبروك"];

/// Release, box office, festivals.
pub(crate) const RELEASE: &[&str] = &[
    "box office",
    "شباك التذاكر",
    "صالات السينما",
    "دور السينما",
    "دور العرض",
    "in cinemas",
    "in theaters",
    "in theatres",
    "cinema",
    "cinemas",
    "now showing",
    "premiere",
    "trailer",
    "تذكره",
    "تذاكر",
    "بينزل",
    "ينزل",
    "release",
    "released",
    "streaming now",
    "مهرجان",
    "festival",
    "العرض الاول",
    "يعرض الان",
    "screening",
    "عرض خاص للفيلم",
];

/// Logistics for people already cast.
pub(crate) const SCHEDULE: &[&str] = &[
    "مواعيد",
    "تواجد",
    "بروفا",
    "بروفه",
    "الالتزام بالمواعيد",
    "call time",
    "call sheet",
    "fitting",
    "fittings",
    "table read",
    "تيستات",
    "التيست",
    "الالتزام",
    "call times",
];

/// Actors advertising themselves.
pub(crate) const SELF_PROMO: &[&str] = &[
    "انا ممثل",
    "انا ممثله",
    "انا موديل",
    "انا مودل",
    "انا معلق",
    "انا مقدم",
    "انا مقدمه",
    "i am an actor",
    "i am an actress",
    "im an actor",
    "i m an actor",
    "im an actress",
    "i m an actress",
    "my portfolio",
    "my showreel",
    "my profile",
    "my reel",
    "البروفايل حقي",
    "بروفايلي",
    "ابحث عن فرص",
    "ابحث عن فرصه",
    "looking for opportunities",
    "available for bookings",
    "available for work",
    "hire me",
    "احجزوني",
    "اعمالي",
    "حسابي",
    "متوفره للاعمال",
    "متوفر للاعمال",
    "متاح للعمل",
    "متاحه للعمل",
    "my instagram",
    "book me",
];

/// "Call closed" follow-ups.
pub(crate) const CLOSED: &[&str] = &[
    "اكتمل العدد",
    "تم الاكتفاء",
    "تم الاغلاق",
    "تم اغلاق",
    "انتهي التقديم",
    "casting closed",
    "call closed",
    "no longer accepting",
    "roles filled",
    "positions filled",
    "applications closed",
];

/// Scam warnings (a scam post itself is still a call).
pub(crate) const WARNING: &[&str] =
    &["احذروا", "احذر", "تحذير", "نصب", "نصاب", "نصابين", "احتيال", "beware", "scam", "scams", "fraud", "warning", "scam alert"];

/// Group rules.
pub(crate) const RULES: &[&str] =
    &["قوانين", "قوانين القروب", "ممنوع", "يمنع", "rules", "group rules", "not allowed", "prohibited", "شروط القروب"];

/// Agency / database sign-ups.
pub(crate) const DATABASE: &[&str] =
    &["قاعده بيانات", "قاعده البيانات", "database", "talent pool", "roster", "انضم لوكالتنا", "join our agency"];

/// Paid crowd-filling that is explicitly not a production.
pub(crate) const AUDIENCE: &[&str] =
    &["حضور جمهور", "جمهور", "audience", "audience members", "مو تصوير", "ليس تصوير", "بدون تصوير", "not a shoot", "no filming"];

/// Words a short reply or a greeting is made of.
const CHATTER: &[&str] = &[
    "تم",
    "done",
    "sent",
    "ok",
    "okay",
    "تمام",
    "شكرا",
    "thanks",
    "thank",
    "you",
    "الله",
    "يعطيك",
    "العافيه",
    "ابشر",
    "حاضر",
    "noted",
    "received",
    "وصل",
    "السلام",
    "عليكم",
    "ورحمه",
    "وبركاته",
    "صباح",
    "مساء",
    "الخير",
    "النور",
    "مرحبا",
    "هلا",
    "اهلا",
    "وسهلا",
    "good",
    "morning",
    "evening",
    "hello",
    "hi",
    "all",
    "everyone",
    "جمعه",
    "مباركه",
    "رمضان",
    "كريم",
    "عيد",
    "مبارك",
    "كل",
    "عام",
    "وانتم",
    "بخير",
    "يا",
    "جماعه",
    "شباب",
    "الجميع",
    "جميعا",
    "ان",
    "شاء",
    "ابشروا",
    "اوكي",
    "yes",
    "no",
    "نعم",
    "لا",
    "اي",
    "ايه",
    "وعليكم",
    "please",
    "pls",
    "plz",
    "مشكور",
    "مشكورين",
    "جزاك",
    "خيرا",
    "الرسالة",
    "الرساله",
    "message",
    "the",
    "is",
    "it",
    "اتم",
    "منقول",
    "forwarded",
];

/// The cue categories of the vocabularies above.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cue {
    Casting,
    Request,
    Talent,
    People,
    Production,
    Apply,
    Pay,
    Workshop,
    Past,
    Credits,
    Congrats,
    Release,
    Schedule,
    SelfPromo,
    Closed,
    Warning,
    Rules,
    Database,
    Audience,
}

const LISTS: &[(Cue, &[&str])] = &[
    (Cue::Casting, CASTING),
    (Cue::Request, REQUEST),
    (Cue::Talent, TALENT),
    (Cue::People, PEOPLE),
    (Cue::Production, PRODUCTION),
    (Cue::Apply, APPLY),
    (Cue::Pay, PAY),
    (Cue::Workshop, WORKSHOP),
    (Cue::Past, PAST),
    (Cue::Credits, CREDITS),
    (Cue::Congrats, CONGRATS),
    (Cue::Release, RELEASE),
    (Cue::Schedule, SCHEDULE),
    (Cue::SelfPromo, SELF_PROMO),
    (Cue::Closed, CLOSED),
    (Cue::Warning, WARNING),
    (Cue::Rules, RULES),
    (Cue::Database, DATABASE),
    (Cue::Audience, AUDIENCE),
];

/// Every phrase of every list, with its category.
static ALL: LazyLock<(PhraseSet, Vec<Cue>)> = LazyLock::new(|| {
    let cues: Vec<Cue> = LISTS.iter().flat_map(|(c, l)| l.iter().map(move |_| *c)).collect();
    (PhraseSet::new(LISTS.iter().flat_map(|(_, l)| l.iter().copied())), cues)
});

/// Which cue categories occur in a text, found in one pass over its words.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Cues {
    mask: u32,
    /// Distinct production words (capped at 3).
    pub production: usize,
}

impl Cues {
    pub fn of(words: &[String]) -> Cues {
        let (set, cats) = &*ALL;
        let mut c = Cues::default();
        let mut prod: Vec<usize> = Vec::new();
        for i in 0..words.len() {
            for (id, _) in set.at(words, i) {
                let cat = cats[id];
                c.mask |= 1 << cat as u32;
                if cat == Cue::Production && !prod.contains(&id) && prod.len() < 3 {
                    prod.push(id);
                }
            }
        }
        c.production = prod.len();
        c
    }

    pub fn has(&self, cue: Cue) -> bool {
        self.mask & (1 << cue as u32) != 0
    }

    fn f(&self, cue: Cue) -> f32 {
        if self.has(cue) { 1.0 } else { 0.0 }
    }
}

static AGE_LIKE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\d])\d{1,2}\s*(?:-|–|to|الى)\s*\d{1,2}(?:[^\d]|$)|\d{1,2}\s*\+|\+\s*\d{1,2}(?:[^\d]|$)").unwrap());
static CONTACT_LIKE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"@[A-Za-z0-9-]+\.|https?://|www\.|wa\.me|(?:\+|\b0)\d[\d \-]{7,14}\d").unwrap());

/// The keyword score of `text`: points for casting words (3), a request ("مطلوب", "looking
/// for": 2), talent words (2), people words (1), what is produced (1 each, at most 2), how to
/// apply (1), pay (1), a phone/e-mail/link (1) and an age range (1); minus points for
/// workshops (5), actors advertising themselves (6), "call closed" (5), scam warnings (4),
/// group rules (4), past-tense reports (3), releases and festivals (3), database sign-ups (3),
/// congratulations (3), schedules for a cast (2), crowd-filling that is not a shoot (2) and
/// credits (1.5).
/// Each cue counts once. Roughly: below 2 is chatter, 6 and more reads like a casting call.
pub fn casting_score(text: &str) -> f32 {
    let words = normalized_words(text);
    let digits = crate::text::ascii_digits(text);
    score_words(&words, &digits)
}

pub(crate) fn score_words(words: &[String], ascii_text: &str) -> f32 {
    score_cues(&Cues::of(words), ascii_text)
}

pub(crate) fn score_cues(c: &Cues, ascii_text: &str) -> f32 {
    let mut s = 0.0;
    s += 3.0 * c.f(Cue::Casting);
    s += 2.0 * c.f(Cue::Request);
    s += 2.0 * c.f(Cue::Talent);
    s += c.f(Cue::People);
    s += c.production.min(2) as f32;
    s += c.f(Cue::Apply);
    s += c.f(Cue::Pay);
    if CONTACT_LIKE.is_match(ascii_text) {
        s += 1.0;
    }
    if AGE_LIKE.is_match(ascii_text) {
        s += 1.0;
    }
    s -= 5.0 * c.f(Cue::Workshop);
    s -= 6.0 * c.f(Cue::SelfPromo);
    s -= 5.0 * c.f(Cue::Closed);
    s -= 4.0 * c.f(Cue::Warning);
    s -= 4.0 * c.f(Cue::Rules);
    s -= 3.0 * c.f(Cue::Past);
    s -= 1.5 * c.f(Cue::Credits);
    s -= 3.0 * c.f(Cue::Release);
    s -= 3.0 * c.f(Cue::Database);
    s -= 3.0 * c.f(Cue::Congrats);
    s -= 2.0 * c.f(Cue::Schedule);
    s -= 2.0 * c.f(Cue::Audience);
    s
}

/// True for what is clearly not a casting call: empty text, a reply or greeting made only of
/// chatter words ("تم ✅", "sent", "السلام عليكم"), a very short message without a talent,
/// casting or request word, or a [`casting_score`] below 2.
pub fn is_clearly_not_casting(text: &str) -> bool {
    let words = normalized_words(text);
    clearly_not_casting(&words, &Cues::of(&words), &crate::text::ascii_digits(text))
}

/// [`is_clearly_not_casting`] on the words, cues and ASCII-digit text of a post already prepared.
pub(crate) fn clearly_not_casting(words: &[String], cues: &Cues, ascii_text: &str) -> bool {
    if words.is_empty() {
        return true;
    }
    if words.iter().all(|w| CHATTER.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit())) {
        return true;
    }
    let strong = cues.has(Cue::Casting) || cues.has(Cue::Talent) || cues.has(Cue::Request);
    if words.len() <= 3 && !strong {
        return true;
    }
    score_cues(cues, ascii_text) < 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chatter_is_dropped() {
        for t in [
            "",
            "   ",
            "تم ✅",
            "sent ✅",
            "Done 👍",
            "السلام عليكم ورحمة الله وبركاته",
            "صباح الخير جميعاً 🌸",
            "شكراً",
            "Good morning everyone!",
            "قوانين القروب: ممنوع نشر الروابط، ممنوع الإعلانات الشخصية، يمنع الخاص",
            "أنا ممثل سعودي عمري ٢٧ من الرياض، هذا البروفايل حقي https://portfolio.example.com/me",
            "كم المبلغ؟",
            "ورشة عمل تمثيلية لمدة أربعة أيام، سجل الآن",
            "It's here! Our film just hit every cinema in the Gulf!",
        ] {
            assert!(is_clearly_not_casting(t), "should be dropped: {t:?} (score {})", casting_score(t));
        }
    }

    #[test]
    fn calls_are_kept() {
        for t in [
            "مطلوب بنات للتصوير في الرياض ٠٥٥٥١٢٣٤٥٦",
            "احتاج شاب وبنت لتصوير فيديو لمطعم",
            "Casting call: female model 20-30 for a TVC, send photos to x@example.com",
            "نبي كومبارس لمسلسل، اليومية ٣٠٠",
            "Looking for Arabic voice-over talent, paid",
        ] {
            assert!(!is_clearly_not_casting(t), "should be kept: {t:?} (score {})", casting_score(t));
        }
    }

    #[test]
    fn arabic_is_matched_on_words_not_substrings() {
        // "تم" (done) is a short reply; inside "اجتماع" it is nothing.
        assert!(is_clearly_not_casting("تم"));
        let base = "مطلوب رجال لدور اكسترا في مسلسل، مشهد مجلس";
        assert_eq!(casting_score(&format!("{base} اجتماع")), casting_score(base));
        // "عرض" in "عرض الاكتاف" (shoulder width) is no job offer; "عرض عمل" is.
        let base = "نحتاج مودل بنت. أرسلي الطول من الكتف إلى الكعبين";
        assert_eq!(casting_score(&format!("{base} + عرض الاكتاف")), casting_score(base));
        assert!(casting_score(&format!("{base} عرض عمل")) > casting_score(base));
    }

    #[test]
    fn negative_cues_lower_the_score() {
        let call = "مطلوب ممثلين لفيلم قصير، للتواصل 0555123456";
        assert!(casting_score(&format!("{call} ورشة")) < casting_score(call));
        assert!(casting_score("Open auditions were held last week") < casting_score("Open auditions next week, apply now"));
    }
}
