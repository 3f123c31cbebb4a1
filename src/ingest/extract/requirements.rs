//! Explicit conditions as short English strings: nationality, dialect, look, skills, what to
//! send, availability, fees asked from talent. Not exhaustive (the labelled set scores them
//! by fuzzy matching).

use super::post::Post;
use regex::Regex;
use std::sync::LazyLock;

static RULES: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    let r = |p: &str, s: &'static str| (Regex::new(p).unwrap(), s);
    vec![
        r(
            r"سعودي(?:ه)? الجنسيه|الجنسيه السعوديه|سعوديين فقط|سعوديات فقط|للسعوديين|(?:فتاه|بنت|بنات|شاب|شباب|ممثلين|ممثلات|رجال|نساء) سعودي(?:ه|ين|ات|ون)?\b|\bsaudi (?:nationals?|nationality|only|male|female|man|woman|boy|girl|men|women)\b|must be saudi",
            "Saudi nationality",
        ),
        r(r"\bemirati (?:nationals?|nationality|grandfather|father|boy|male|female)", "Emirati nationality"),
        r(r"\begyptian (?:mom|dad|male|female|nationals?)", "Egyptian"),
        r(r"نجدي|najdi", "Najdi dialect"),
        r(r"حجازي|hijazi", "Hijazi dialect"),
        r(r"اللهجه الجنوبيه|لهجه جنوبيه|southern dialect", "Southern dialect"),
        r(r"اللهجه البيضاء|لهجه بيضاء|باللهجه البيضاء|white dialect|neutral dialect", "Neutral ('white') dialect"),
        r(r"خليجي|khaleeji|gulf dialect", "Khaleeji dialect"),
        r(r"اللهجه الاماراتيه|emirati (?:arabic|dialect)", "Emirati dialect"),
        r(r"لغه الاشاره|sign language", "Fluent sign language"),
        r(r"سباحه|swimm", "Confident swimmer"),
        r(r"ركوب الخيل|الهجن|horse riding|camel riding", "Horse or camel riding"),
        r(r"كره القدم|football", "Football skills"),
        r(r"movement skills|رقص|dance skills", "Movement/dance skills"),
        r(r"fluent (?:in )?arabic (?:&|and) english|arabic (?:&|and) english|بالعربي والانجليزي", "Fluent Arabic and English"),
        r(r"بدون خبره|لا يشترط (?:ال)?خبره|no (?:previous |prior )?(?:acting )?experience", "No experience needed"),
        r(r"حجاب|hijab", "Hijab"),
        r(r"عبايه|نقاب|niqab|abaya", "Abaya / niqab"),
        r(r"\bslim\b|نحيف", "Slim build"),
        r(r"athletic|رياضي الجسم", "Athletic build"),
        r(r"long (?:dark )?hair|شعر طويل", "Long hair"),
        r(r"curly|كيرلي", "Curly hair"),
        r(r"clean[\s-]?shaven", "Clean-shaven"),
        r(r"ثوب و ?شماغ|thobe", "Photo in thobe and shemagh"),
        r(r"emirates id|uae residence|valid residence|اقامه ساريه", "Valid residence / ID"),
        r(r"ولي امر|guardian", "Child accompanied by a guardian"),
        r(r"available (?:for )?the whole period|must be available|متفرغ|التفرغ", "Available for the whole period"),
        r(
            r"ارسال (?:ال)?صور|ارسل(?:ي)? (?:لنا )?(?:صور|صوره)|صورتين|صور حديثه|(?:send|submit|email|include) (?:[\w+]+ ){0,4}photos|headshot|comp card|family photo",
            "Send photos",
        ),
        r(
            r"self[\s-]?tape|سيلف تيب|showreel|فيديو تقديم|مقطع|video of you|intro video|send (?:\w+ ){0,3}video",
            "Send a self-tape / video",
        ),
        r(r"سيره ذاتيه|\bcv\b|resume|résumé", "Send a CV"),
        r(r"القياسات|measurements|\bheight\b", "Send measurements"),
        r(r"عينه صوتيه|voice sample|\bdemo\b", "Send a voice sample / demo"),
        r(r"prepare a (?:short |small )?scene|جهز مشهد|جهزي مشهد", "Prepare a short scene"),
        r(r"by appointment|بموعد مسبق", "By appointment"),
    ]
});

/// The conditions of a post; `talent_fee` is a fee the talent is asked to pay.
pub fn find(post: &Post, talent_fee: Option<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let text: String = post.lines.iter().map(|l| l.norm.as_str()).collect::<Vec<_>>().join("\n");
    for (re, s) in RULES.iter() {
        if re.is_match(&text) && !out.iter().any(|o| o == s) {
            out.push((*s).to_string());
        }
    }
    if let Some(fee) = talent_fee {
        out.push(fee);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::extraction::SourceType;

    #[test]
    fn conditions() {
        let p = Post::new("- سعودي الجنسية\n- إجادة ركوب الخيل أو الهجن\nأرسل صورك", SourceType::Whatsapp);
        assert_eq!(find(&p, None), vec!["Saudi nationality", "Horse or camel riding", "Send photos"]);
        let p = Post::new("Hijazi dialect, lead. Submit 3 recent photos + self-tape", SourceType::Web);
        assert_eq!(find(&p, Some("Fee".into())), vec!["Hijazi dialect", "Send photos", "Send a self-tape / video", "Fee"]);
    }
}
