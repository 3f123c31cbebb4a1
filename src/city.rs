//! Saudi cities TakeOne knows. Names live in the locales (`city-<slug>`); the domain keeps slugs.

use crate::Msg;
use serde::{Deserialize, Serialize};

macro_rules! cities {
    ($($variant:ident => $slug:literal),+ $(,)?) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum City { $($variant),+ }

        impl City {
            pub const ALL: &'static [City] = &[$(City::$variant),+];

            pub fn slug(self) -> &'static str {
                match self { $(City::$variant => $slug),+ }
            }
        }
    };
}

cities! {
    Riyadh => "riyadh",
    Jeddah => "jeddah",
    Mecca => "mecca",
    Medina => "medina",
    Dammam => "dammam",
    Khobar => "khobar",
    Dhahran => "dhahran",
    Taif => "taif",
    Abha => "abha",
    KhamisMushait => "khamis_mushait",
    Tabuk => "tabuk",
    AlUla => "al_ula",
    Hail => "hail",
    Buraidah => "buraidah",
    Najran => "najran",
    Jazan => "jazan",
    AlAhsa => "al_ahsa",
    Yanbu => "yanbu",
    AlBaha => "al_baha",
    Jubail => "jubail",
}

impl City {
    pub fn parse(slug: &str) -> Result<City, Msg> {
        let slug = slug.trim();
        if slug.is_empty() {
            return Err(Msg::new("error-required"));
        }
        City::ALL.iter().copied().find(|c| c.slug() == slug).ok_or_else(|| Msg::new("error-unknown-choice"))
    }

    /// The Fluent key of the city's name.
    pub fn name_key(self) -> String {
        format!("city-{}", self.slug().replace('_', "-"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip() {
        for c in City::ALL {
            assert_eq!(City::parse(c.slug()), Ok(*c));
            assert_eq!(serde_json::to_string(c).unwrap(), format!("\"{}\"", c.slug()));
        }
        assert_eq!(City::parse("paris").unwrap_err().key, "error-unknown-choice");
    }
}
