use super::Gender;
use crate::{FieldErrors, Msg, city::City, text};
use serde::{Deserialize, Serialize};

pub const PAGE_SIZE: i64 = 12;
/// Deeper pages are refused rather than scanned: nobody reads page 500 of a list.
pub const MAX_PAGE: i64 = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaidFilter {
    Paid,
    Unpaid,
}

/// The public list's filters, from the query string (`?city=jeddah&gender=female&paid=paid&page=2`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallFilter {
    pub city: Option<City>,
    pub gender: Option<Gender>,
    pub paid: Option<PaidFilter>,
    pub page: i64,
}

impl CallFilter {
    /// Parses raw query values; every unknown value is an error on its own parameter, and the
    /// filter still carries the values that were good.
    pub fn parse(city: &str, gender: &str, paid: &str, page: &str) -> (CallFilter, FieldErrors) {
        let mut e = FieldErrors::new();
        let mut f = CallFilter { page: 1, ..Default::default() };
        if !city.trim().is_empty() {
            f.city = e.take("city", City::parse(city));
        }
        if !gender.trim().is_empty() {
            f.gender = e.take("gender", Gender::parse(gender));
        }
        f.paid = match paid.trim() {
            "" => None,
            "paid" => Some(PaidFilter::Paid),
            "unpaid" => Some(PaidFilter::Unpaid),
            _ => {
                e.add("paid", Msg::new("error-unknown-choice"));
                None
            }
        };
        if !page.trim().is_empty() {
            match text::parse_integer(page) {
                Some(p) if (1..=MAX_PAGE).contains(&p) => f.page = p,
                _ => e.add("page", Msg::new("error-page-invalid")),
            }
        }
        (f, e)
    }

    /// The query string for this filter on another page (empty values left out).
    pub fn query(&self, page: i64) -> String {
        let mut parts = Vec::new();
        if let Some(c) = self.city {
            parts.push(format!("city={}", c.slug()));
        }
        if let Some(g) = self.gender {
            parts.push(format!("gender={}", g.as_str()));
        }
        if let Some(p) = self.paid {
            parts.push(format!("paid={}", if p == PaidFilter::Paid { "paid" } else { "unpaid" }));
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_and_bad_values() {
        let (f, e) = CallFilter::parse("jeddah", "female", "paid", "٢");
        assert!(e.is_empty());
        assert_eq!(f.page, 2);
        assert_eq!(f.query(3), "?city=jeddah&gender=female&paid=paid&page=3");
        let (f, e) = CallFilter::parse("mars", "female", "maybe", "-1");
        assert_eq!(f.gender, Some(Gender::Female));
        assert_eq!(f.city, None);
        assert_eq!(e.0.len(), 3);
        assert_eq!(CallFilter::parse("", "", "", "99999").1.get("page").unwrap().key, "error-page-invalid");
    }
}
