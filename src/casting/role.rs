use crate::{FieldErrors, Msg, money::Halalas, text};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
    Any,
}

impl Gender {
    pub const ALL: [Gender; 3] = [Gender::Female, Gender::Male, Gender::Any];

    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
            Gender::Any => "any",
        }
    }

    pub fn parse(s: &str) -> Result<Gender, Msg> {
        match s.trim() {
            "male" => Ok(Gender::Male),
            "female" => Ok(Gender::Female),
            "any" => Ok(Gender::Any),
            "" => Err(Msg::new("error-required")),
            _ => Err(Msg::new("error-unknown-choice")),
        }
    }

    pub fn label_key(self) -> String {
        format!("gender-{}", self.as_str())
    }
}

/// A role of a casting call as stored and shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub gender: Gender,
    pub age_min: i32,
    pub age_max: i32,
    pub is_paid: bool,
    pub compensation: Option<Halalas>,
    /// What an application to this role must bring.
    #[serde(default)]
    pub requires: Vec<MediaNeed>,
}

crate::choice! {
    /// Media a role asks every applicant for.
    pub enum MediaNeed: "media-need" {
        Headshot => "headshot",
        Showreel => "showreel",
        SelfTape => "self_tape",
    }
}

/// A role as the form sends it, every field a string exactly as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub age_min: String,
    #[serde(default)]
    pub age_max: String,
    #[serde(default)]
    pub paid: String,
    #[serde(default)]
    pub compensation: String,
    /// Ticked media needs (`headshot`, `showreel`, `self_tape`).
    #[serde(default)]
    pub requires: Vec<String>,
}

/// A role that passed every rule, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleSpec {
    pub name: String,
    pub description: Option<String>,
    pub gender: Gender,
    pub age_min: i32,
    pub age_max: i32,
    pub is_paid: bool,
    pub compensation: Option<Halalas>,
    pub requires: Vec<MediaNeed>,
}

pub const MIN_AGE: i64 = 0;
pub const MAX_AGE: i64 = 100;

fn parse_age(s: &str) -> Result<i32, Msg> {
    if s.trim().is_empty() {
        return Err(Msg::new("error-required"));
    }
    match text::parse_integer(s) {
        Some(n) if (MIN_AGE..=MAX_AGE).contains(&n) => Ok(n as i32),
        Some(_) => Err(Msg::new("error-age-range").with("min", MIN_AGE).with("max", MAX_AGE)),
        None => Err(Msg::new("error-number-invalid")),
    }
}

impl RoleInput {
    pub fn is_blank(&self) -> bool {
        [&self.name, &self.description, &self.age_min, &self.age_max, &self.compensation].iter().all(|s| s.trim().is_empty())
    }

    /// Validates the role; errors are recorded under `roles[i][field]`, the form's own names.
    pub fn parse(&self, index: usize, errors: &mut FieldErrors) -> Option<RoleSpec> {
        let f = |field: &str| format!("roles[{index}][{field}]");
        let name = errors.take(&f("name"), text::required_text(&self.name, 2, 100, false));
        let description = errors.take(&f("description"), text::optional_text(&self.description, 1000, true));
        let gender = errors.take(&f("gender"), Gender::parse(&self.gender));
        let age_min = errors.take(&f("age_min"), parse_age(&self.age_min));
        let age_max = errors.take(&f("age_max"), parse_age(&self.age_max));
        if let (Some(lo), Some(hi)) = (age_min, age_max)
            && lo > hi
        {
            errors.add(f("age_max"), Msg::new("error-age-order"));
        }
        let is_paid = errors.take(
            &f("paid"),
            match self.paid.trim() {
                "paid" => Ok(true),
                "unpaid" => Ok(false),
                "" => Err(Msg::new("error-required")),
                _ => Err(Msg::new("error-unknown-choice")),
            },
        );
        let compensation = match (is_paid, self.compensation.trim().is_empty()) {
            (_, true) => Some(None),
            (Some(true), false) => errors.take(&f("compensation"), Halalas::parse_sar(&self.compensation)).map(Some),
            (Some(false), false) => {
                errors.add(f("compensation"), Msg::new("error-unpaid-amount"));
                None
            }
            (None, false) => None,
        };
        let mut requires = Vec::new();
        for r in self.requires.iter().filter(|r| !r.trim().is_empty()) {
            match MediaNeed::parse(r) {
                Ok(need) if !requires.contains(&need) => requires.push(need),
                Ok(_) => {}
                Err(m) => errors.add(f("requires"), m),
            }
        }
        Some(RoleSpec {
            name: name?,
            description: description?,
            gender: gender?,
            age_min: age_min?,
            age_max: age_max?.max(age_min?),
            is_paid: is_paid?,
            compensation: compensation?,
            requires,
        })
        .filter(|_| errors.0.iter().all(|(k, _)| !k.starts_with(&format!("roles[{index}]"))))
    }
}

impl From<&Role> for RoleInput {
    fn from(r: &Role) -> Self {
        RoleInput {
            name: r.name.clone(),
            description: r.description.clone().unwrap_or_default(),
            gender: r.gender.as_str().into(),
            age_min: r.age_min.to_string(),
            age_max: r.age_max.to_string(),
            paid: if r.is_paid { "paid" } else { "unpaid" }.into(),
            compensation: r.compensation.map(|c| c.sar_string()).unwrap_or_default(),
            requires: r.requires.iter().map(|n| n.as_str().to_string()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> RoleInput {
        RoleInput {
            name: "البطل".into(),
            description: "شاب من الرياض".into(),
            gender: "male".into(),
            age_min: "٢٠".into(),
            age_max: "30".into(),
            paid: "paid".into(),
            compensation: "١٥٠٠".into(),
            requires: vec!["headshot".into(), "self_tape".into(), "headshot".into()],
        }
    }

    #[test]
    fn parses_arabic_digits() {
        let mut e = FieldErrors::new();
        let r = input().parse(0, &mut e).unwrap();
        assert!(e.is_empty());
        assert_eq!((r.age_min, r.age_max), (20, 30));
        assert_eq!(r.compensation, Some(Halalas(150_000)));
        assert_eq!(r.requires, [MediaNeed::Headshot, MediaNeed::SelfTape], "each need once");
        let mut i = input();
        i.requires = vec!["a diploma".into()];
        let mut e = FieldErrors::new();
        assert!(i.parse(1, &mut e).is_none());
        assert_eq!(e.get("roles[1][requires]").unwrap().key, "error-unknown-choice");
    }

    #[test]
    fn errors_point_at_their_field() {
        let mut i = input();
        i.age_min = "40".into();
        i.gender = "robot".into();
        let mut e = FieldErrors::new();
        assert!(i.parse(2, &mut e).is_none());
        assert_eq!(e.get("roles[2][age_max]").unwrap().key, "error-age-order");
        assert_eq!(e.get("roles[2][gender]").unwrap().key, "error-unknown-choice");

        let mut i = input();
        i.paid = "unpaid".into();
        let mut e = FieldErrors::new();
        assert!(i.parse(0, &mut e).is_none());
        assert_eq!(e.get("roles[0][compensation]").unwrap().key, "error-unpaid-amount");

        let mut i = input();
        i.age_max = "abc".into();
        i.age_min = "101".into();
        let mut e = FieldErrors::new();
        assert!(i.parse(0, &mut e).is_none());
        assert_eq!(e.get("roles[0][age_max]").unwrap().key, "error-number-invalid");
        assert_eq!(e.get("roles[0][age_min]").unwrap().key, "error-age-range");
    }
}
