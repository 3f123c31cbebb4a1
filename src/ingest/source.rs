//! Ingestion sources: a web page or a WhatsApp group the admins want watched, with the
//! counts that tell whether it is worth watching.

use crate::{FieldErrors, Msg, text};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

crate::choice! {
    pub enum SourceKind: "source-kind" {
        Web => "web",
        Whatsapp => "whatsapp",
    }
}

impl SourceKind {
    /// The schedule a source of this kind follows unless it names its own (the spec's
    /// cadence: pages change slowly, groups quickly).
    pub fn default_schedule(self) -> &'static str {
        match self {
            SourceKind::Web => "0 0 */4 * * *",
            SourceKind::Whatsapp => "0 */15 * * * *",
        }
    }

    /// As the REST API spells it (`WEB`, `WHATSAPP`).
    pub fn api_name(self) -> &'static str {
        match self {
            SourceKind::Web => "WEB",
            SourceKind::Whatsapp => "WHATSAPP",
        }
    }

    /// Accepts the form's slugs and the API's upper-case names.
    pub fn parse_any(s: &str) -> Result<SourceKind, Msg> {
        SourceKind::parse(&s.trim().to_ascii_lowercase())
    }
}

/// What the source form (or the API) sends, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    /// The page URL (web) or the group chat id (WhatsApp).
    #[serde(default)]
    pub target: String,
    /// Empty: the kind's default schedule.
    #[serde(default)]
    pub schedule: String,
    #[serde(default)]
    pub is_active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSource {
    pub kind: SourceKind,
    pub name: String,
    pub target: String,
    pub schedule: Option<String>,
    pub is_active: bool,
}

pub const MAX_URL_LEN: usize = 2000;

impl NewSource {
    pub fn parse(input: &SourceInput) -> Result<NewSource, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = e.take("kind", SourceKind::parse_any(&input.kind));
        let name = e.take("name", text::required_text(&input.name, 2, 120, false));
        let target = match kind {
            Some(SourceKind::Web) => e.take("target", parse_page_url(&input.target)),
            Some(SourceKind::Whatsapp) => e.take("target", parse_group_id(&input.target)),
            None => None,
        };
        let schedule = e.take("schedule", parse_schedule(&input.schedule));
        match (kind, name, target, schedule) {
            (Some(kind), Some(name), Some(target), Some(schedule)) if e.is_empty() => {
                Ok(NewSource { kind, name, target, schedule, is_active: input.is_active })
            }
            _ => Err(e),
        }
    }
}

/// An absolute http(s) URL with a host, as a crawler can fetch it.
pub fn parse_page_url(input: &str) -> Result<String, Msg> {
    let s = input.trim();
    if s.is_empty() {
        return Err(Msg::new("error-required"));
    }
    if s.len() > MAX_URL_LEN {
        return Err(Msg::new("error-too-long").with("max", MAX_URL_LEN));
    }
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")).ok_or_else(|| Msg::new("error-url-invalid"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_name = host.rsplit_once('@').map_or(host, |(_, h)| h).split(':').next().unwrap_or_default();
    if host_name.is_empty()
        || s.chars().any(char::is_whitespace)
        || !host_name.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '[' | ']'))
    {
        return Err(Msg::new("error-url-invalid"));
    }
    Ok(s.to_string())
}

/// A WhatsApp group chat id as Whapi names it: digits and dashes, then `@g.us`.
pub fn parse_group_id(input: &str) -> Result<String, Msg> {
    let s = input.trim();
    if s.is_empty() {
        return Err(Msg::new("error-required"));
    }
    match s.strip_suffix("@g.us") {
        Some(id) if !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_digit() || c == '-') => Ok(s.to_string()),
        _ => Err(Msg::new("error-group-id-invalid")),
    }
}

/// A cron expression with seconds (`sec min hour day month weekday [year]`); empty is `None`.
pub fn parse_schedule(input: &str) -> Result<Option<String>, Msg> {
    let s = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        return Ok(None);
    }
    let fields = s.split(' ').count();
    if !(6..=7).contains(&fields) || s.len() > 120 {
        return Err(Msg::new("error-schedule-invalid"));
    }
    #[cfg(feature = "ssr")]
    if <cron::Schedule as std::str::FromStr>::from_str(&s).is_err() {
        return Err(Msg::new("error-schedule-invalid"));
    }
    Ok(Some(s))
}

/// Whether a schedule had a time in `(since, now]`: a fetch is due.
#[cfg(feature = "ssr")]
pub fn is_due(schedule: &str, since: OffsetDateTime, now: OffsetDateTime) -> bool {
    let Ok(schedule) = <cron::Schedule as std::str::FromStr>::from_str(schedule) else { return false };
    let Some(since) = chrono::DateTime::from_timestamp(since.unix_timestamp(), since.nanosecond()) else { return false };
    schedule.after(&since).next().is_some_and(|next| next.timestamp() <= now.unix_timestamp())
}

/// Per-source counts: what came in, what looked like a casting call, what the admins decided.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceCounts {
    pub fetched: i64,
    pub casting_calls_found: i64,
    pub approved: i64,
    pub rejected: i64,
    pub failed: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub id: Uuid,
    pub kind: SourceKind,
    pub name: String,
    pub target: String,
    pub schedule: Option<String>,
    pub is_active: bool,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_processed_at: Option<OffsetDateTime>,
    pub last_error: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_error_at: Option<OffsetDateTime>,
    pub counts: SourceCounts,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl Source {
    pub fn effective_schedule(&self) -> &str {
        self.schedule.as_deref().unwrap_or(self.kind.default_schedule())
    }

    pub fn to_input(&self) -> SourceInput {
        SourceInput {
            kind: self.kind.as_str().into(),
            name: self.name.clone(),
            target: self.target.clone(),
            schedule: self.schedule.clone().unwrap_or_default(),
            is_active: self.is_active,
        }
    }
}

/// An item whose processing failed for good: the dead letters admins see.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FailedItem {
    pub id: Uuid,
    pub source_id: Uuid,
    pub source_name: String,
    pub excerpt: String,
    pub attempts: i32,
    pub error: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: &str, target: &str, schedule: &str) -> SourceInput {
        SourceInput {
            kind: kind.into(),
            name: "Saudi casting page".into(),
            target: target.into(),
            schedule: schedule.into(),
            is_active: true,
        }
    }

    #[test]
    fn web_sources_need_an_http_url() {
        let ok = NewSource::parse(&input("WEB", " https://casting.example.com/calls?page=1 ", "")).unwrap();
        assert_eq!((ok.kind, ok.target.as_str(), ok.schedule), (SourceKind::Web, "https://casting.example.com/calls?page=1", None));
        for bad in ["ftp://example.com", "example.com/calls", "https://", "https://exa mple.com", "javascript:alert(1)"] {
            let e = NewSource::parse(&input("web", bad, "")).unwrap_err();
            assert_eq!(e.get("target").unwrap().key, "error-url-invalid", "{bad}");
        }
    }

    #[test]
    fn whatsapp_sources_need_a_group_id() {
        let ok = NewSource::parse(&input("whatsapp", "120363025246125888@g.us", "")).unwrap();
        assert_eq!(ok.target, "120363025246125888@g.us");
        for bad in ["966555000111@s.whatsapp.net", "@g.us", "abc@g.us"] {
            assert_eq!(NewSource::parse(&input("whatsapp", bad, "")).unwrap_err().get("target").unwrap().key, "error-group-id-invalid");
        }
    }

    #[test]
    fn schedules_are_cron_with_seconds() {
        assert_eq!(parse_schedule("0  */30 * * * *").unwrap().as_deref(), Some("0 */30 * * * *"));
        assert_eq!(parse_schedule("").unwrap(), None);
        assert_eq!(parse_schedule("*/5 * * * *").unwrap_err().key, "error-schedule-invalid");
        assert_eq!(parse_schedule("0 99 * * * *").unwrap_err().key, "error-schedule-invalid");
        assert_eq!(SourceKind::Whatsapp.default_schedule(), "0 */15 * * * *");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_schedule_is_due_once_its_next_time_has_passed() {
        use time::macros::datetime;
        let since = datetime!(2026-12-01 10:00:00 UTC);
        assert!(!is_due("0 0 */4 * * *", since, datetime!(2026-12-01 11:59:59 UTC)));
        assert!(is_due("0 0 */4 * * *", since, datetime!(2026-12-01 12:00:00 UTC)));
        assert!(is_due("0 */15 * * * *", since, datetime!(2026-12-01 10:15:00 UTC)));
        assert!(!is_due("not cron", since, datetime!(2027-01-01 00:00:00 UTC)));
    }

    #[test]
    fn every_field_reports_its_own_error() {
        let e = NewSource::parse(&SourceInput::default()).unwrap_err();
        assert_eq!(e.get("kind").unwrap().key, "error-required");
        assert_eq!(e.get("name").unwrap().key, "error-required");
    }
}
