//! The built-in rule-based extractor: free text of a WhatsApp message or a web page ->
//! [`Extraction`]. No model, no network: vocabularies of Saudi/Gulf casting language in Arabic
//! and English, regular expressions compiled once, and the labelling rules of the development
//! set (`fixtures/casting-posts-dev.jsonl`, scored by [`crate::ingest::eval`]).
//!
//! The pipeline: the cheap keyword pre-filter ([`crate::ingest::filter`]) sets chatter aside;
//! the post is prepared once (`post`: ASCII digits, links and e-mails masked, normalized
//! lines, news datelines; texts are cut at 20,000 characters); every field has its module
//! (`city`, `contact`, `roles` with `age`, `money`, `dates`, `company`, `language`,
//! `requirements`, `title`); `classify` decides with what the others found, and a post that
//! is not a call keeps only its language. About 3,500 posts/s on one core (release build).

mod age;
mod city;
mod classify;
mod company;
mod contact;
mod dates;
mod language;
mod money;
mod post;
mod requirements;
mod roles;
mod title;

use crate::ingest::extraction::{ExtractInput, Extraction, SourceType};
use crate::ingest::filter;

pub use dates::DEFAULT_YEAR;

/// The rule-based extractor. Stateless and cheap to build: its rules are compiled once per
/// process on first use.
#[derive(Clone, Copy, Debug, Default)]
pub struct RuleExtractor;

impl RuleExtractor {
    pub fn new() -> Self {
        RuleExtractor
    }

    pub fn extract(&self, input: &ExtractInput) -> Extraction {
        let post = post::Post::new(&input.text, input.source_type);
        let language = language::detect(&post);
        let cues = filter::Cues::of(&post.words);
        if filter::clearly_not_casting(&post.words, &cues, &post.text) {
            return Extraction::not_a_call(language);
        }
        let (city, country) = city::find(&post);
        let contact = contact::find(&post, country);
        let roles = roles::find(&post);
        let saudi = match country {
            Some(c) => c == "SA",
            None => input.source_type == SourceType::Whatsapp,
        };
        let pay = money::find(&post, saudi);
        let evidence = classify::Evidence { cues: &cues, roles: &roles, contact: &contact, has_pay: pay.text.is_some() };
        if !classify::is_casting_call(&post, &evidence) {
            return Extraction::not_a_call(language);
        }
        let dates = dates::find(&post, input.received_on);
        let company = company::find(&post);
        let requirements = requirements::find(&post, pay.talent_fee.clone());
        let title = title::make(&post, &roles, city);
        Extraction {
            is_casting_call: true,
            title: Some(title),
            company,
            location_city: city.map(str::to_string),
            roles,
            compensation: pay.text,
            compensation_amount_sar: pay.amount_sar,
            deadline: dates.deadline,
            shoot_dates: dates.shoot_dates,
            contact,
            language,
            requirements,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::extraction::{Gender, Language};
    use time::macros::date;

    fn run(text: &str, source: SourceType) -> Extraction {
        RuleExtractor::new().extract(&ExtractInput { text: text.to_string(), source_type: source, received_on: None })
    }

    #[test]
    fn a_whatsapp_call_end_to_end() {
        let e = run(
            "السلام عليكم\nالتصوير في الرياض 📌\nاحتاج بنات اكسترا من عمر ٢٠-٤٠\nالمبلغ ٢٠٠\nآخر موعد ١٥/٦\nرقم التواصل\n+966 55 512 7730",
            SourceType::Whatsapp,
        );
        assert!(e.is_casting_call);
        assert_eq!(e.location_city.as_deref(), Some("Riyadh"));
        assert_eq!(e.roles.len(), 1);
        assert_eq!((e.roles[0].gender, e.roles[0].age_min, e.roles[0].age_max), (Some(Gender::Female), Some(20), Some(40)));
        assert_eq!(e.compensation_amount_sar, Some(200));
        assert_eq!(e.deadline, Some(date!(2026 - 06 - 15)));
        assert_eq!(e.contact.phone.as_deref(), Some("+966555127730"));
        assert_eq!(e.language, Language::Ar);
    }

    #[test]
    fn an_english_listing_end_to_end() {
        let e = run(
            "CASTING CALL – JIDDAH | TVC\nRoles: Saudi male 25-35\nFee: SAR 2,500/day\nApply by 3 April via https://apply.example.com/x\nProduction: Red Dune Films",
            SourceType::Web,
        );
        assert!(e.is_casting_call);
        assert_eq!(e.location_city.as_deref(), Some("Jeddah"));
        assert_eq!(e.company.as_deref(), Some("Red Dune Films"));
        assert_eq!(e.compensation_amount_sar, Some(2500));
        assert_eq!(e.deadline, Some(date!(2026 - 04 - 03)));
        assert_eq!(e.contact.url.as_deref(), Some("https://apply.example.com/x"));
        assert_eq!(e.language, Language::En);
    }

    #[test]
    fn not_calls_keep_only_their_language() {
        for (t, lang) in [
            ("تم ✅", Language::Ar),
            ("ورشة عمل تمثيلية لمدة أربعة أيام، سجل الآن عبر الرابط", Language::Ar),
            ("أنا ممثل سعودي، أبحث عن فرص تمثيل جديدة، هذا البروفايل حقي، للتواصل 0555 880 142", Language::Ar),
            ("Open auditions were held last week at the theatre; 40 hopefuls sang and danced.", Language::En),
            ("مواعيد التيست تاريخ 10/14\nام سعد تواجد ساعه 9:30 الصبح", Language::Ar),
        ] {
            let e = run(t, SourceType::Whatsapp);
            assert_eq!(e, Extraction::not_a_call(lang), "{t}");
        }
    }

    fn roles_of(text: &str) -> Vec<(Option<Gender>, Option<u8>, Option<u8>)> {
        run(text, SourceType::Whatsapp).roles.iter().map(|r| (r.gender, r.age_min, r.age_max)).collect()
    }

    #[test]
    fn role_lists_written_many_ways() {
        use Gender::{Any, Female, Male};
        // A spaced range is one age; comma lists are separate roles; counts keep roles apart.
        assert_eq!(roles_of("مطلوب عاجل\nممثلين رجال من عمر ٣٠ - ٤٥ سنة\nللتواصل ٠٥٥٥٢٨٢٨٢٨"), vec![(Some(Male), Some(30), Some(45))]);
        assert_eq!(
            roles_of("نحتاج مجاميع (رجال، نساء، أطفال) لمسلسل في العلا\nالتسجيل https://bit.ly/x"),
            vec![(Some(Male), None, None), (Some(Female), None, None), (None, None, None)]
        );
        assert_eq!(
            roles_of("نحتاج ٢ كومبارس بنات و٣ كومبارس شباب لمشهد مطعم، واتس 0555343434"),
            vec![(Some(Female), None, None), (Some(Male), None, None)]
        );
        assert_eq!(roles_of("ابغى بنتين عمرهم بين ١٨ و ٢٢ لتصوير سناب، 0555332211"), vec![(Some(Female), Some(18), Some(22))]);
        assert_eq!(
            roles_of("تعلن قناة الواحة عن حاجتها لمذيعين ومذيعات\nالعمر لا يتجاوز ٣٥ سنة\njobs@x.tv"),
            vec![(Some(Any), None, Some(35))]
        );
        assert_eq!(
            roles_of("Voice actors wanted: Saudi-accent narrators (m/f), 25 and over. Apply at https://v.example.com"),
            vec![(Some(Any), Some(25), None)]
        );
        assert_eq!(
            roles_of("Casting for a TV series: young man 20-25 (lead), his mother 45-55. Call 0122 555 3344"),
            vec![(Some(Male), Some(20), Some(25)), (Some(Female), Some(45), Some(55))]
        );
        assert_eq!(
            roles_of("Khobar: looking for a couple (husband & wife, 30-40) for a commercial. WhatsApp 0555123987"),
            vec![(Some(Male), Some(30), Some(40)), (Some(Female), Some(30), Some(40))]
        );
    }

    #[test]
    fn garbage_never_panics() {
        let big = "مطلوب بنات ٢٠-٤٠ 0555123456 casting ".repeat(3000);
        let inputs = [
            String::new(),
            " ".to_string(),
            "\u{0}\u{1}\u{200f}\u{202e}\u{feff}".to_string(),
            "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹/-+()".repeat(50),
            "🎬🎭".repeat(10_000),
            big,
            "a".repeat(100_000),
            "ﷺ ﷽ ǅ ﬁ Ⅻ ① ＡＢＣ ١٥/٦/٢٠٢٦ 31/02 99/99 00/00 2026-13-45 +9665 +".to_string(),
            "\n\n\n::::----––––,,,,،،،".to_string(),
            "x@y.z http:// wa.me/ 00 0 +".to_string(),
            "آخر موعد ٣٠ صفر ١٤٠٠٠هـ 31 فبراير".to_string(),
        ];
        for t in inputs {
            for s in [SourceType::Whatsapp, SourceType::Web] {
                let _ = run(&t, s);
            }
        }
    }
}
