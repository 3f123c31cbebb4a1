//! The structured casting call an extractor reads out of free text. Its JSON shape is the
//! `expected` object of the labelled development set, so any scorer can judge any extractor.

use serde::{Deserialize, Serialize};

/// Where a text came from; extractors may weigh cues differently (a WhatsApp group is Saudi
/// by default, a web page may be a news article with a dateline).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SourceType {
    Web,
    Whatsapp,
}

impl SourceType {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceType::Web => "WEB",
            SourceType::Whatsapp => "WHATSAPP",
        }
    }
}

/// What an extractor is given.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ExtractInput {
    pub text: String,
    pub source_type: SourceType,
    /// The day the post was received, to place relative dates and dates without a year;
    /// `None` means "no context" (the labelled set's convention: a missing year is 2026).
    #[serde(default)]
    pub received_on: Option<time::Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
    Any,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Ar,
    En,
    Mixed,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractedRole {
    pub name_or_description: String,
    pub gender: Option<Gender>,
    pub age_min: Option<u8>,
    pub age_max: Option<u8>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// E.164 without spaces (`+9665…`).
    pub phone: Option<String>,
    pub email: Option<String>,
    /// A number explicitly tied to WhatsApp, E.164.
    pub whatsapp: Option<String>,
    pub url: Option<String>,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        self.phone.is_none() && self.email.is_none() && self.whatsapp.is_none() && self.url.is_none()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extraction {
    pub is_casting_call: bool,
    pub title: Option<String>,
    pub company: Option<String>,
    /// Normalized English city name ("Riyadh", "Jeddah", "AlUla", "Dubai", ...).
    pub location_city: Option<String>,
    pub roles: Vec<ExtractedRole>,
    pub compensation: Option<String>,
    pub compensation_amount_sar: Option<i64>,
    #[serde(with = "iso_date")]
    pub deadline: Option<time::Date>,
    pub shoot_dates: Option<String>,
    pub contact: Contact,
    pub language: Language,
    pub requirements: Vec<String>,
}

impl Extraction {
    /// What a text that is not a casting call extracts to: nothing but its language.
    pub fn not_a_call(language: Language) -> Extraction {
        Extraction {
            is_casting_call: false,
            title: None,
            company: None,
            location_city: None,
            roles: Vec::new(),
            compensation: None,
            compensation_amount_sar: None,
            deadline: None,
            shoot_dates: None,
            contact: Contact::default(),
            language,
            requirements: Vec::new(),
        }
    }
}

/// `YYYY-MM-DD` or null, as in the labelled set.
mod iso_date {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::macros::format_description;

    const FORMAT: &[time::format_description::BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

    pub fn serialize<S: Serializer>(date: &Option<time::Date>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => s.serialize_str(&d.format(FORMAT).map_err(serde::ser::Error::custom)?),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<time::Date>, D::Error> {
        let raw: Option<String> = Option::deserialize(d)?;
        raw.map(|s| time::Date::parse(&s, FORMAT).map_err(serde::de::Error::custom)).transpose()
    }
}
