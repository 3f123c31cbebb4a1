//! The validation queue as admins see it: each candidate with its source text, what was
//! extracted, where in the text each field came from, and the call form filled in from it.

use super::extraction::{Extraction, Gender as ExtractedGender};
use super::source::SourceKind;
use crate::{
    Msg,
    casting::{CallInput, RoleInput},
    city::City,
    text,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

crate::choice! {
    pub enum CandidateStatus: "candidate-status" {
        Pending => "pending",
        Approved => "approved",
        Rejected => "rejected",
        Merged => "merged",
    }
}

/// A near-duplicate the candidate may be the same call as.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimilarCandidate {
    pub id: Uuid,
    pub title: Option<String>,
    pub status: CandidateStatus,
    pub casting_call_id: Option<Uuid>,
    pub similarity: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: Uuid,
    pub status: CandidateStatus,
    pub source_id: Uuid,
    pub source_name: String,
    pub source_kind: SourceKind,
    pub source_url: Option<String>,
    pub sender: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub posted_at: Option<OffsetDateTime>,
    pub text: String,
    pub extraction: Extraction,
    pub extractor: Option<String>,
    pub extractor_note: Option<String>,
    pub similar: Option<SimilarCandidate>,
    pub repost_count: i32,
    pub casting_call_id: Option<Uuid>,
    pub reject_reason: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// One line of a bulk decision that could not be taken.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkFailure {
    pub id: Uuid,
    pub msg: Msg,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub done: Vec<Uuid>,
    pub failed: Vec<BulkFailure>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueuePage {
    pub items: Vec<Candidate>,
    pub total: i64,
}

/// A stretch of the source text an extracted field was read from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    /// Char offsets into the text, end exclusive.
    pub start: usize,
    pub end: usize,
    /// The form field it fills (`company`, `city`, `contact`, `roles`, `deadline`, `compensation`).
    pub field: String,
}

/// Whether the approval form's "show the phone number" box is ticked.
pub fn shows_phone(input: &CallInput) -> bool {
    matches!(input.show_phone.as_str(), "on" | "true" | "1")
}

/// Maps the extractor's English city name onto TakeOne's Saudi cities (others stay unset: the
/// admin chooses, or rejects a call outside the Kingdom).
pub fn city_of(name: &str) -> Option<City> {
    let key: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    let slug = match key.as_str() {
        "riyadh" => "riyadh",
        "jeddah" => "jeddah",
        "mecca" | "makkah" => "mecca",
        "medina" | "madinah" => "medina",
        "dammam" => "dammam",
        "khobar" | "alkhobar" => "khobar",
        "dhahran" => "dhahran",
        "taif" => "taif",
        "abha" => "abha",
        "khamismushait" => "khamis_mushait",
        "tabuk" => "tabuk",
        "alula" => "al_ula",
        "hail" => "hail",
        "buraydah" | "buraidah" => "buraidah",
        "najran" => "najran",
        "jazan" | "jizan" => "jazan",
        "alahsa" | "hofuf" => "al_ahsa",
        "yanbu" => "yanbu",
        "albaha" => "al_baha",
        "jubail" => "jubail",
        _ => return None,
    };
    City::parse(slug).ok()
}

fn guess_project_type(text: &str) -> &'static str {
    let t = text::normalize_for_search(text);
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&["مسلسل", "series", "tv show"]) {
        "tv_series"
    } else if has(&["اعلان", "دعايه", "دعائي", "commercial", "advert", " ad ", "tvc"]) {
        "commercial"
    } else if has(&["مسرح", "theatre", "theater", "stage play"]) {
        "theatre"
    } else if has(&["فيديو كليب", "كليب", "music video"]) {
        "music_video"
    } else if has(&["فيلم قصير", "short film"]) {
        "short_film"
    } else if has(&["وثائقي", "documentary"]) {
        "documentary"
    } else if has(&["فيلم", "film", "movie", "feature"]) {
        "feature_film"
    } else if has(&["محتوى", "ugc", "content", "tiktok", "snap", "يوتيوب", "youtube"]) {
        "digital_content"
    } else {
        ""
    }
}

fn first_line(text: &str) -> String {
    text.lines().map(str::trim).find(|l| l.chars().filter(|c| c.is_alphabetic()).count() >= 3).unwrap_or("").chars().take(150).collect()
}

/// The contact as one public line; a personal phone number only when the admin allowed it.
pub fn contact_line(e: &Extraction) -> String {
    let c = &e.contact;
    [c.whatsapp.as_ref().map(|w| format!("WhatsApp {w}")), c.phone.clone(), c.email.clone(), c.url.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

impl Candidate {
    /// The approve form as the extraction fills it; the admin corrects what is wrong.
    pub fn prefill(&self) -> CallInput {
        let e = &self.extraction;
        let day = |d: Option<time::Date>| {
            d.and_then(|d| d.format(time::macros::format_description!("[year]-[month]-[day]")).ok()).unwrap_or_default()
        };
        let paid = e.compensation_amount_sar.map(|n| if n > 0 { "paid" } else { "unpaid" }).unwrap_or(if e.compensation.is_some() {
            "paid"
        } else {
            ""
        });
        let roles = e
            .roles
            .iter()
            .take(crate::casting::MAX_ROLES)
            .map(|r| RoleInput {
                name: r.name_or_description.chars().take(100).collect(),
                description: String::new(),
                gender: match r.gender {
                    Some(ExtractedGender::Male) => "male",
                    Some(ExtractedGender::Female) => "female",
                    Some(ExtractedGender::Any) | None => "any",
                }
                .into(),
                age_min: r.age_min.map(|a| a.to_string()).unwrap_or_default(),
                age_max: r.age_max.map(|a| a.to_string()).unwrap_or_default(),
                paid: paid.into(),
                compensation: e.compensation_amount_sar.filter(|n| *n > 0).map(|n| n.to_string()).unwrap_or_default(),
                requires: vec![],
            })
            .collect();
        let requirements = e.requirements.iter().map(|r| format!("- {r}")).collect::<Vec<_>>().join("\n");
        CallInput {
            title: e.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| first_line(&self.text)),
            description: self.text.clone(),
            city: e.location_city.as_deref().and_then(city_of).map(|c| c.slug().to_string()).unwrap_or_default(),
            project_type: guess_project_type(&self.text).into(),
            deadline: day(e.deadline),
            shoot_starts_on: String::new(),
            shoot_ends_on: String::new(),
            requirements,
            intent: "publish".into(),
            roles,
            questions: Vec::new(),
            company: e.company.clone().unwrap_or_default(),
            contact: contact_line(e),
            show_phone: String::new(),
        }
    }

    /// Where in the text each extracted value appears (values written as in the text: company,
    /// e-mail, link, ages, amounts, phone digits in any spacing).
    pub fn highlights(&self) -> Vec<Highlight> {
        let e = &self.extraction;
        let mut needles: Vec<(String, &str)> = Vec::new();
        if let Some(c) = &e.company {
            needles.push((c.clone(), "company"));
        }
        for v in [&e.contact.email, &e.contact.url].into_iter().flatten() {
            needles.push((v.clone(), "contact"));
        }
        for r in &e.roles {
            for a in [r.age_min, r.age_max].into_iter().flatten() {
                needles.push((a.to_string(), "roles"));
            }
        }
        if let Some(n) = e.compensation_amount_sar.filter(|n| *n > 0) {
            needles.push((n.to_string(), "compensation"));
        }
        let chars: Vec<char> = self.text.chars().collect();
        // Digits compared in ASCII, so "٢٢" in the text lights up for an age of 22.
        let folded: Vec<char> = chars.iter().map(|c| text::ascii_digits(&c.to_string()).chars().next().unwrap_or(*c)).collect();
        let mut out: Vec<Highlight> = Vec::new();
        for (needle, field) in needles {
            let n: Vec<char> = needle.chars().collect();
            if n.is_empty() {
                continue;
            }
            let mut i = 0;
            while i + n.len() <= folded.len() {
                let numeric = n.iter().all(char::is_ascii_digit);
                let bounded = !numeric
                    || ((i == 0 || !folded[i - 1].is_ascii_digit())
                        && (i + n.len() == folded.len() || !folded[i + n.len()].is_ascii_digit()));
                if folded[i..i + n.len()] == n[..] && bounded {
                    out.push(Highlight { start: i, end: i + n.len(), field: field.into() });
                    i += n.len();
                } else {
                    i += 1;
                }
            }
        }
        for phone in [&e.contact.phone, &e.contact.whatsapp].into_iter().flatten() {
            if let Some((start, end)) = find_phone(&folded, phone) {
                out.push(Highlight { start, end, field: "contact".into() });
            }
        }
        out.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        // Overlaps keep the first (longest) stretch.
        let mut kept: Vec<Highlight> = Vec::new();
        for h in out {
            if kept.last().is_none_or(|k| h.start >= k.end) {
                kept.push(h);
            }
        }
        kept
    }
}

/// Finds a phone number however it is spaced in the text: the last nine digits match.
fn find_phone(text: &[char], e164: &str) -> Option<(usize, usize)> {
    let want: String = e164.chars().filter(char::is_ascii_digit).collect();
    let tail = &want[want.len().saturating_sub(9)..];
    if tail.len() < 7 {
        return None;
    }
    let mut start = 0;
    while start < text.len() {
        if text[start].is_ascii_digit() || text[start] == '+' {
            let mut digits = String::new();
            let mut end = start;
            while end < text.len() && (text[end].is_ascii_digit() || matches!(text[end], ' ' | '-' | '+' | '\u{a0}')) && digits.len() < 15 {
                if text[end].is_ascii_digit() {
                    digits.push(text[end]);
                }
                end += 1;
            }
            if digits.ends_with(tail) {
                while end > start && !text[end - 1].is_ascii_digit() {
                    end -= 1;
                }
                return Some((start, end));
            }
            start = end.max(start + 1);
        } else {
            start += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::extraction::{Contact, ExtractedRole, Language};

    fn candidate(text: &str, e: Extraction) -> Candidate {
        Candidate {
            id: Uuid::nil(),
            status: CandidateStatus::Pending,
            source_id: Uuid::nil(),
            source_name: "كاستنج جدة".into(),
            source_kind: SourceKind::Whatsapp,
            source_url: None,
            sender: None,
            posted_at: None,
            text: text.into(),
            extraction: e,
            extractor: Some("rules".into()),
            extractor_note: None,
            similar: None,
            repost_count: 0,
            casting_call_id: None,
            reject_reason: None,
            created_at: OffsetDateTime::UNIX_EPOCH,
        }
    }

    fn extraction() -> Extraction {
        Extraction {
            is_casting_call: true,
            title: None,
            company: Some("وكالة نجوم".into()),
            location_city: Some("Jeddah".into()),
            roles: vec![ExtractedRole {
                name_or_description: "شاب".into(),
                gender: Some(ExtractedGender::Male),
                age_min: Some(22),
                age_max: Some(28),
            }],
            compensation: Some("500 SAR per day".into()),
            compensation_amount_sar: Some(500),
            deadline: Some(time::macros::date!(2026 - 05 - 01)),
            shoot_dates: None,
            contact: Contact { phone: None, email: None, whatsapp: Some("+966555551234".into()), url: None },
            language: Language::Ar,
            requirements: vec!["Hijazi dialect".into()],
        }
    }

    const TEXT: &str = "مطلوب لمسلسل مع وكالة نجوم في جدة\nشاب ٢٢-٢٨ لهجة حجازية\nالأجر ٥٠٠ ريال\nواتساب 055 555 1234";

    #[test]
    fn the_form_is_filled_from_the_extraction() {
        let f = candidate(TEXT, extraction()).prefill();
        assert_eq!(f.title, "مطلوب لمسلسل مع وكالة نجوم في جدة");
        assert_eq!((f.city.as_str(), f.project_type.as_str(), f.deadline.as_str()), ("jeddah", "tv_series", "2026-05-01"));
        let r = &f.roles[0];
        assert_eq!(
            (r.gender.as_str(), r.age_min.as_str(), r.age_max.as_str(), r.paid.as_str(), r.compensation.as_str()),
            ("male", "22", "28", "paid", "500")
        );
        assert_eq!(f.company, "وكالة نجوم");
        assert_eq!(f.contact, "WhatsApp +966555551234");
        assert!(!shows_phone(&f), "a personal number is hidden unless the admin ticks it");
    }

    #[test]
    fn fields_are_found_in_the_text() {
        let c = candidate(TEXT, extraction());
        let h = c.highlights();
        let chars: Vec<char> = TEXT.chars().collect();
        let got: Vec<(String, &str)> = h.iter().map(|h| (chars[h.start..h.end].iter().collect(), h.field.as_str())).collect();
        assert!(got.contains(&("وكالة نجوم".into(), "company")), "{got:?}");
        assert!(got.contains(&("٢٢".into(), "roles")), "{got:?}");
        assert!(got.contains(&("٥٠٠".into(), "compensation")), "{got:?}");
        assert!(got.contains(&("055 555 1234".into(), "contact")), "{got:?}");
        assert!(!got.iter().any(|(s, _)| s == "2"), "digits inside a longer number are not an age");
    }

    #[test]
    fn foreign_cities_are_left_to_the_admin() {
        assert_eq!(city_of("AlUla"), Some(City::AlUla));
        assert_eq!(city_of("Al-Khobar"), Some(City::Khobar));
        assert_eq!(city_of("Dubai"), None);
    }
}
