//! Closed lists of choices (dialects, skills, statuses...): one spelling per value, shared by
//! the database (`as_str`), forms (`parse`) and the locales (`label_key`).

/// Declares an enum of choices with its slugs and the Fluent key prefix of its labels.
#[macro_export]
macro_rules! choice {
    ($(#[$meta:meta])* $vis:vis enum $name:ident : $prefix:literal { $($variant:ident => $slug:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        $vis enum $name {
            $(#[serde(rename = $slug)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }

            pub fn from_db(s: &str) -> Option<$name> {
                match s { $($slug => Some($name::$variant),)+ _ => None }
            }

            /// A value from a form: empty is "required", anything unknown "choose one of the options".
            pub fn parse(s: &str) -> Result<$name, $crate::Msg> {
                let s = s.trim();
                if s.is_empty() {
                    return Err($crate::Msg::new("error-required"));
                }
                $name::from_db(s).ok_or_else(|| $crate::Msg::new("error-unknown-choice"))
            }

            /// The Fluent key of its label: `<prefix>-<slug with dashes>`.
            pub fn label_key(self) -> String {
                format!("{}-{}", $prefix, self.as_str().replace('_', "-"))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::choice! {
        enum Fruit: "fruit" { Date => "date", PricklyPear => "prickly_pear" }
    }

    #[test]
    fn slugs_keys_and_parsing() {
        assert_eq!(Fruit::ALL.len(), 2);
        assert_eq!(Fruit::PricklyPear.label_key(), "fruit-prickly-pear");
        assert_eq!(Fruit::parse(" date "), Ok(Fruit::Date));
        assert_eq!(Fruit::parse("").unwrap_err().key, "error-required");
        assert_eq!(Fruit::parse("apple").unwrap_err().key, "error-unknown-choice");
        assert_eq!(serde_json::to_string(&Fruit::PricklyPear).unwrap(), "\"prickly_pear\"");
    }
}
