//! The hirer's worksheet of one role: which applicants to show and in what order, from the
//! query string (`?status=shortlisted&dialect=najdi&sort=age_asc&page=2`).

use super::ApplicationStatus;
use crate::{
    FieldErrors, Msg,
    casting::Gender,
    city::City,
    talent::{Dialect, Language, Skill},
    text,
};
use serde::{Deserialize, Serialize};

pub const WORKSHEET_PAGE_SIZE: i64 = 50;
pub const MAX_WORKSHEET_PAGE: i64 = 1000;

crate::choice! {
    pub enum WorksheetSort: "sort" {
        Newest => "newest",
        Oldest => "oldest",
        AgeAsc => "age_asc",
        AgeDesc => "age_desc",
        Name => "name",
        Status => "status",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorksheetFilter {
    pub status: Option<ApplicationStatus>,
    pub gender: Option<Gender>,
    pub age_min: Option<i32>,
    pub age_max: Option<i32>,
    pub city: Option<City>,
    pub dialect: Option<Dialect>,
    pub language: Option<Language>,
    pub skill: Option<Skill>,
    pub sort: WorksheetSort,
    pub page: i64,
}

impl Default for WorksheetFilter {
    fn default() -> Self {
        WorksheetFilter {
            status: None,
            gender: None,
            age_min: None,
            age_max: None,
            city: None,
            dialect: None,
            language: None,
            skill: None,
            sort: WorksheetSort::Newest,
            page: 1,
        }
    }
}

/// The worksheet's query as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorksheetQuery {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub age_min: String,
    #[serde(default)]
    pub age_max: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub dialect: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub skill: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: String,
}

fn opt<T>(e: &mut FieldErrors, field: &str, s: &str, parse: impl Fn(&str) -> Result<T, Msg>) -> Option<T> {
    if s.trim().is_empty() { None } else { e.take(field, parse(s)) }
}

fn age(s: &str) -> Result<i32, Msg> {
    match text::parse_integer(s) {
        Some(n) if (0..=100).contains(&n) => Ok(n as i32),
        _ => Err(Msg::new("error-age-range").with("min", 0).with("max", 100)),
    }
}

impl WorksheetFilter {
    /// Unknown values are errors on their own parameter; the good ones still apply.
    pub fn parse(q: &WorksheetQuery) -> (WorksheetFilter, FieldErrors) {
        let mut e = FieldErrors::new();
        let mut f = WorksheetFilter {
            status: opt(&mut e, "status", &q.status, ApplicationStatus::parse),
            gender: opt(&mut e, "gender", &q.gender, Gender::parse),
            age_min: opt(&mut e, "age_min", &q.age_min, age),
            age_max: opt(&mut e, "age_max", &q.age_max, age),
            city: opt(&mut e, "city", &q.city, City::parse),
            dialect: opt(&mut e, "dialect", &q.dialect, Dialect::parse),
            language: opt(&mut e, "language", &q.language, Language::parse),
            skill: opt(&mut e, "skill", &q.skill, Skill::parse),
            sort: opt(&mut e, "sort", &q.sort, WorksheetSort::parse).unwrap_or(WorksheetSort::Newest),
            page: 1,
        };
        if f.gender == Some(Gender::Any) {
            f.gender = None;
        }
        if f.status == Some(ApplicationStatus::AwaitingGuardian) {
            // Never the hirer's to see.
            e.add("status", Msg::new("error-unknown-choice"));
            f.status = None;
        }
        if let (Some(lo), Some(hi)) = (f.age_min, f.age_max)
            && lo > hi
        {
            e.add("age_max", Msg::new("error-age-order"));
            f.age_max = None;
        }
        if !q.page.trim().is_empty() {
            match text::parse_integer(&q.page) {
                Some(p) if (1..=MAX_WORKSHEET_PAGE).contains(&p) => f.page = p,
                _ => e.add("page", Msg::new("error-page-invalid")),
            }
        }
        (f, e)
    }

    /// The query string of this filter on `page` (empty values left out).
    pub fn query(&self, page: i64) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut push = |k: &str, v: Option<&str>| {
            if let Some(v) = v {
                parts.push(format!("{k}={v}"));
            }
        };
        push("status", self.status.map(|s| s.as_str()));
        push("gender", self.gender.map(|g| g.as_str()));
        let (lo, hi) = (self.age_min.map(|a| a.to_string()), self.age_max.map(|a| a.to_string()));
        push("age_min", lo.as_deref());
        push("age_max", hi.as_deref());
        push("city", self.city.map(|c| c.slug()));
        push("dialect", self.dialect.map(|d| d.as_str()));
        push("language", self.language.map(|l| l.as_str()));
        push("skill", self.skill.map(|s| s.as_str()));
        push("sort", (self.sort != WorksheetSort::Newest).then(|| self.sort.as_str()));
        let page = (page > 1).then(|| page.to_string());
        push("page", page.as_deref());
        if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_round_trips() {
        let q = WorksheetQuery {
            status: "shortlisted".into(),
            dialect: "najdi".into(),
            age_min: "٢٠".into(),
            age_max: "35".into(),
            sort: "age_asc".into(),
            page: "2".into(),
            ..Default::default()
        };
        let (f, e) = WorksheetFilter::parse(&q);
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(f.age_min, Some(20));
        assert_eq!(f.query(f.page), "?status=shortlisted&age_min=20&age_max=35&dialect=najdi&sort=age_asc&page=2");
    }

    #[test]
    fn bad_values_are_named() {
        let q = WorksheetQuery {
            status: "awaiting_guardian".into(),
            skill: "juggling".into(),
            age_min: "40".into(),
            age_max: "30".into(),
            page: "0".into(),
            sort: "random".into(),
            ..Default::default()
        };
        let (f, e) = WorksheetFilter::parse(&q);
        assert_eq!(f.status, None, "a minor's unapproved application is never listed");
        assert_eq!(e.get("status").unwrap().key, "error-unknown-choice");
        assert_eq!(e.get("skill").unwrap().key, "error-unknown-choice");
        assert_eq!(e.get("age_max").unwrap().key, "error-age-order");
        assert_eq!(e.get("page").unwrap().key, "error-page-invalid");
        assert_eq!(e.get("sort").unwrap().key, "error-unknown-choice");
        assert_eq!(f.sort, WorksheetSort::Newest);
    }
}
