use serde::{Deserialize, Serialize};

/// The languages TakeOne speaks. Arabic is the default everywhere a choice must be made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Ar,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Ar, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Locale::Ar => "ar",
            Locale::En => "en",
        }
    }

    pub fn dir(self) -> &'static str {
        match self {
            Locale::Ar => "rtl",
            Locale::En => "ltr",
        }
    }

    pub fn other(self) -> Locale {
        match self {
            Locale::Ar => Locale::En,
            Locale::En => Locale::Ar,
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        match code {
            "ar" => Some(Locale::Ar),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The locale a URL path is in (`/en/...`), if it carries one.
    pub fn from_path(path: &str) -> Option<Locale> {
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        Locale::from_code(first)
    }

    /// Picks the best supported language of an `Accept-Language` header by its q-values.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(locale) = Locale::from_code(primary)
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, locale));
            }
        }
        best.map(|(_, l)| l)
    }

    /// A path of the site in this language: `casting-calls` -> `/ar/casting-calls`. The one
    /// place the language prefix is written (pages name their paths in `routes`).
    pub fn prefix(self, path: &str) -> String {
        format!("/{}/{}", self.code(), path.trim_start_matches('/'))
    }

    /// The same path in another language: `/ar/casting-calls?page=2` -> `/en/casting-calls?page=2`.
    pub fn switch_path(self, path_and_query: &str) -> String {
        let rest = match Locale::from_path(path_and_query) {
            Some(_) => &path_and_query.trim_start_matches('/')[2..],
            None => path_and_query,
        };
        self.prefix(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_highest_q() {
        assert_eq!(Locale::from_accept_language("en-US,en;q=0.9,ar;q=0.8"), Some(Locale::En));
        assert_eq!(Locale::from_accept_language("fr;q=1, ar-SA;q=0.5, en;q=0.4"), Some(Locale::Ar));
        assert_eq!(Locale::from_accept_language("fr, de"), None);
        assert_eq!(Locale::from_accept_language("en;q=0"), None);
    }

    #[test]
    fn switch_keeps_the_page() {
        assert_eq!(Locale::En.switch_path("/ar/casting-calls/abc?x=1"), "/en/casting-calls/abc?x=1");
        assert_eq!(Locale::Ar.switch_path("/en/"), "/ar/");
        assert_eq!(Locale::Ar.switch_path("/en"), "/ar/");
        assert_eq!(Locale::En.switch_path("/"), "/en/");
        assert_eq!(Locale::from_path("/english/x"), None);
    }
}
