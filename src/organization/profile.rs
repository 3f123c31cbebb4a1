use crate::{FieldErrors, Msg, casting::detect_language, city::City, locale::Locale, text};
use serde::{Deserialize, Serialize};
use std::fmt;
use time::OffsetDateTime;
use uuid::Uuid;

crate::choice! {
    pub enum OrgKind: "org-kind" {
        ProductionCompany => "production_company",
        Agency => "agency",
        Brand => "brand",
        Individual => "individual",
    }
}

crate::choice! {
    pub enum MemberRole: "member-role" {
        Owner => "owner",
        Member => "member",
    }
}

/// A Saudi commercial registration (السجل التجاري) number: ten digits, the first naming the
/// issuing region (1 to 7). Typed with any digits, spaces or dashes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommercialRegistration(String);

impl CommercialRegistration {
    pub fn parse(input: &str) -> Result<CommercialRegistration, Msg> {
        let digits: String = text::ascii_digits(input).chars().filter(|c| !matches!(c, ' ' | '-' | '\u{00A0}')).collect();
        if digits.is_empty() {
            return Err(Msg::new("error-required"));
        }
        let ok =
            digits.len() == 10 && digits.chars().all(|c| c.is_ascii_digit()) && ('1'..='7').contains(&digits.chars().next().unwrap_or('0'));
        if ok { Ok(CommercialRegistration(digits)) } else { Err(Msg::new("error-cr-invalid")) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A company's web site: http(s) only, with a real host name. `example.sa` becomes
/// `https://example.sa`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Website(String);

impl Website {
    pub fn parse(input: &str) -> Result<Website, Msg> {
        let s = input.trim();
        if s.is_empty() {
            return Err(Msg::new("error-required"));
        }
        if s.chars().count() > 200 {
            return Err(Msg::new("error-too-long").with("max", 200));
        }
        let lower = s.to_ascii_lowercase();
        let url = if lower.starts_with("http://") || lower.starts_with("https://") {
            s.to_string()
        } else if lower.contains("://") {
            return Err(Msg::new("error-website-invalid"));
        } else {
            format!("https://{s}")
        };
        let rest = url.split_once("://").map(|(_, r)| r).unwrap_or("");
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit_once('@').map(|(_, h)| h).unwrap_or(host);
        let host = host.split(':').next().unwrap_or("");
        let labels: Vec<&str> = host.split('.').collect();
        let host_ok = labels.len() >= 2
            && labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
            && labels.last().is_some_and(|t| t.chars().count() >= 2);
        let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"'));
        if host_ok && clean && !rest.contains('@') { Ok(Website(url)) } else { Err(Msg::new("error-website-invalid")) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Website {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub id: Uuid,
    pub name_ar: Option<String>,
    pub name_en: Option<String>,
    pub kind: OrgKind,
    pub city: Option<City>,
    pub website: Option<String>,
    pub commercial_registration: Option<String>,
    pub verified: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl Organization {
    pub fn name(&self, locale: Locale) -> &str {
        let (a, b) = match locale {
            Locale::Ar => (&self.name_ar, &self.name_en),
            Locale::En => (&self.name_en, &self.name_ar),
        };
        a.as_deref().or(b.as_deref()).unwrap_or_default()
    }

    pub fn to_input(&self) -> OrganizationInput {
        OrganizationInput {
            name_ar: self.name_ar.clone().unwrap_or_default(),
            name_en: self.name_en.clone().unwrap_or_default(),
            kind: self.kind.as_str().into(),
            city: self.city.map(|c| c.slug().to_string()).unwrap_or_default(),
            website: self.website.clone().unwrap_or_default(),
            commercial_registration: self.commercial_registration.clone().unwrap_or_default(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationInput {
    #[serde(default)]
    pub name_ar: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub commercial_registration: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganizationUpdate {
    pub name_ar: Option<String>,
    pub name_en: Option<String>,
    pub kind: OrgKind,
    pub city: Option<City>,
    pub website: Option<Website>,
    pub commercial_registration: Option<CommercialRegistration>,
}

impl OrganizationUpdate {
    /// A name in at least one language; the Arabic name should be Arabic and the English Latin.
    pub fn parse(input: &OrganizationInput) -> Result<OrganizationUpdate, FieldErrors> {
        let mut e = FieldErrors::new();
        let name_ar = e.take("name_ar", text::optional_text(&input.name_ar, 120, false));
        let name_en = e.take("name_en", text::optional_text(&input.name_en, 120, false));
        if let Some(Some(n)) = &name_ar
            && n.chars().count() < 2
        {
            e.add("name_ar", Msg::new("error-too-short").with("min", 2));
        }
        if let (Some(None), Some(None)) = (&name_ar, &name_en) {
            e.add("name_ar", Msg::new("error-org-name-required"));
        }
        if let Some(Some(n)) = &name_ar
            && detect_language(n) != Locale::Ar
        {
            e.add("name_ar", Msg::new("error-name-not-arabic"));
        }
        let kind = e.take("kind", OrgKind::parse(&input.kind));
        let city = if input.city.trim().is_empty() { Some(None) } else { e.take("city", City::parse(&input.city)).map(Some) };
        let website =
            if input.website.trim().is_empty() { Some(None) } else { e.take("website", Website::parse(&input.website)).map(Some) };
        let cr = if input.commercial_registration.trim().is_empty() {
            Some(None)
        } else {
            e.take("commercial_registration", CommercialRegistration::parse(&input.commercial_registration)).map(Some)
        };
        match (name_ar, name_en, kind, city, website, cr) {
            (Some(name_ar), Some(name_en), Some(kind), Some(city), Some(website), Some(commercial_registration)) if e.is_empty() => {
                Ok(OrganizationUpdate { name_ar, name_en, kind, city, website, commercial_registration })
            }
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commercial_registration_numbers() {
        assert_eq!(CommercialRegistration::parse("1010 123 456").unwrap().as_str(), "1010123456");
        assert_eq!(CommercialRegistration::parse("٤٠٣٠١٢٣٤٥٦").unwrap().as_str(), "4030123456");
        for bad in ["123", "0010123456", "9010123456", "10101234567", "10101234ab"] {
            assert_eq!(CommercialRegistration::parse(bad).unwrap_err().key, "error-cr-invalid", "{bad}");
        }
    }

    #[test]
    fn websites() {
        assert_eq!(Website::parse("nakhla.sa").unwrap().as_str(), "https://nakhla.sa");
        assert_eq!(Website::parse("http://studio.example.com/cast").unwrap().as_str(), "http://studio.example.com/cast");
        for bad in ["javascript:alert(1)", "ftp://x.sa", "https://localhost", "https://a b.sa", "https://user@evil.sa", "https://x.s"] {
            assert_eq!(Website::parse(bad).unwrap_err().key, "error-website-invalid", "{bad}");
        }
    }

    #[test]
    fn organization_form() {
        let input = OrganizationInput {
            name_ar: "استوديو نخلة".into(),
            name_en: "Nakhla Studio".into(),
            kind: "production_company".into(),
            city: "riyadh".into(),
            website: "nakhla.sa".into(),
            commercial_registration: "1010123456".into(),
        };
        let u = OrganizationUpdate::parse(&input).unwrap();
        assert_eq!(u.kind, OrgKind::ProductionCompany);
        let e = OrganizationUpdate::parse(&OrganizationInput {
            name_ar: String::new(),
            name_en: String::new(),
            kind: "studio".into(),
            ..input.clone()
        })
        .unwrap_err();
        assert_eq!(e.get("name_ar").unwrap().key, "error-org-name-required");
        assert_eq!(e.get("kind").unwrap().key, "error-unknown-choice");
        let e = OrganizationUpdate::parse(&OrganizationInput { name_ar: "Nakhla".into(), ..input }).unwrap_err();
        assert_eq!(e.get("name_ar").unwrap().key, "error-name-not-arabic");
    }
}
