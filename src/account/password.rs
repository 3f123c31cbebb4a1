use crate::Msg;
use std::fmt;

/// A password good enough to accept: 10 to 128 characters and not one of the passwords
/// everyone tries first. Never printed, never serialized.
#[derive(Clone)]
pub struct Password(String);

pub const MIN_LEN: usize = 10;
pub const MAX_LEN: usize = 128;

/// Passwords from the top of public breach lists that still pass a length rule, plus local
/// favourites. Compared case-insensitively.
const COMMON: &[&str] = &[
    "1234567890",
    "12345678910",
    "0123456789",
    "1111111111",
    "0000000000",
    "1234512345",
    "qwertyuiop",
    "password12",
    "password123",
    "password1234",
    "passw0rd123",
    "iloveyou12",
    "abcdefghij",
    "abc1234567",
    "qwerty1234",
    "1q2w3e4r5t",
    "1qaz2wsx3edc",
    "zaq12wsxcde",
    "asdfghjkl1",
    "letmein123",
    "welcome123",
    "admin12345",
    "administrator",
    "football12",
    "princess12",
    "sunshine12",
    "superman12",
    "trustno1234",
    "1234qwer1234",
    "aa12345678",
    "a123456789",
    "qwe1234567",
    "riyadh1234",
    "jeddah1234",
    "saudi12345",
    "ksa1234567",
    "takeone123",
    "takeone1234",
    "casting123",
    "casting1234",
    "0501234567",
    "0555555555",
];

impl Password {
    pub fn parse(input: &str) -> Result<Password, Msg> {
        let n = input.chars().count();
        if n == 0 {
            return Err(Msg::new("error-required"));
        }
        if n < MIN_LEN {
            return Err(Msg::new("error-password-short").with("min", MIN_LEN));
        }
        if n > MAX_LEN {
            return Err(Msg::new("error-too-long").with("max", MAX_LEN));
        }
        let lower = input.to_lowercase();
        let one_char = input.chars().all(|c| input.starts_with(c));
        if one_char || COMMON.contains(&lower.as_str()) {
            return Err(Msg::new("error-password-common"));
        }
        Ok(Password(input.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert_eq!(Password::parse("short").unwrap_err().key, "error-password-short");
        assert_eq!(Password::parse("Password123").unwrap_err().key, "error-password-common");
        assert_eq!(Password::parse("aaaaaaaaaaaa").unwrap_err().key, "error-password-common");
        assert_eq!(Password::parse(&"x".repeat(129)).unwrap_err().key, "error-too-long");
        assert!(Password::parse("نجمة-الرياض-٢٠٢٦").is_ok());
        assert_eq!(format!("{:?}", Password::parse("correct horse battery").unwrap()), "Password(..)");
    }
}
