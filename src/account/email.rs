use crate::Msg;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A syntactically valid email address, trimmed and lower-cased, so that two spellings of one
/// address can never be two accounts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, Msg> {
        let s = input.trim().to_lowercase();
        if s.is_empty() {
            return Err(Msg::new("error-required"));
        }
        if s.chars().count() > 254 {
            return Err(Msg::new("error-too-long").with("max", 254));
        }
        let Some((local, domain)) = s.rsplit_once('@') else {
            return Err(Msg::new("error-email-invalid"));
        };
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        if local_ok && domain_ok { Ok(Email(s)) } else { Err(Msg::new("error-email-invalid")) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalizes() {
        assert_eq!(Email::parse("  Sara.Ali+cast@Example.SA ").unwrap().as_str(), "sara.ali+cast@example.sa");
    }

    #[test]
    fn rejects_malformed() {
        for bad in ["", "plain", "@x.sa", "a@", "a@b", "a@@b.sa", "a b@x.sa", "a@x..sa", ".a@x.sa", "a@-x.sa", "a@x.s4", "<script>@x.sa"] {
            assert!(Email::parse(bad).is_err(), "{bad} should be rejected");
        }
        assert_eq!(Email::parse("").unwrap_err().key, "error-required");
        assert_eq!(Email::parse("nope").unwrap_err().key, "error-email-invalid");
    }
}
