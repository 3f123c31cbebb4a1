use super::{Email, Password, UserRole};
use crate::{FieldErrors, locale::Locale, text};
use serde::{Deserialize, Serialize};

/// What the sign-up form sends, as typed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RegistrationInput {
    pub name: String,
    pub email: String,
    pub password: String,
    pub role: String,
    #[serde(default)]
    pub organization: String,
    /// The token of an organization's invitation: the hirer joins it instead of founding one.
    #[serde(default)]
    pub invitation: String,
}

/// A sign-up that passed every rule.
#[derive(Debug)]
pub struct Registration {
    pub name: String,
    pub email: Email,
    pub password: Password,
    pub role: UserRole,
    /// The company a hirer posts for; talent have none.
    pub organization: Option<String>,
    pub invitation: Option<String>,
    pub locale: Locale,
}

impl Registration {
    pub fn parse(input: &RegistrationInput, locale: Locale) -> Result<Registration, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.take("name", text::required_text(&input.name, 2, 80, false));
        let email = errors.take("email", Email::parse(&input.email));
        let password = errors.take("password", Password::parse(&input.password));
        let role = errors.take("role", UserRole::parse_self_service(&input.role));
        let invitation = Some(input.invitation.trim().to_string()).filter(|t| !t.is_empty());
        let organization = match role {
            Some(UserRole::Hirer) if invitation.is_none() => {
                errors.take("organization", text::required_text(&input.organization, 2, 120, false))
            }
            _ => None,
        };
        let invitation = invitation.filter(|_| role == Some(UserRole::Hirer));
        if !errors.is_empty() {
            return Err(errors);
        }
        match (name, email, password, role) {
            (Some(name), Some(email), Some(password), Some(role)) => {
                Ok(Registration { name, email, password, role, organization, invitation, locale })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> RegistrationInput {
        RegistrationInput {
            name: "سارة".into(),
            email: "sara@example.sa".into(),
            password: "a-long-enough-secret".into(),
            role: "talent".into(),
            organization: String::new(),
            invitation: String::new(),
        }
    }

    #[test]
    fn talent_needs_no_organization() {
        let r = Registration::parse(&input(), Locale::Ar).unwrap();
        assert_eq!(r.role, UserRole::Talent);
        assert!(r.organization.is_none());
    }

    #[test]
    fn hirer_needs_an_organization_and_errors_name_their_field() {
        let mut i = input();
        i.role = "hirer".into();
        let e = Registration::parse(&i, Locale::En).unwrap_err();
        assert_eq!(e.get("organization").unwrap().key, "error-required");
        i.invitation = "token".into();
        assert!(Registration::parse(&i, Locale::En).is_ok(), "an invited hirer joins an organization");

        let mut i = input();
        i.role = "admin".into();
        i.email = "x".into();
        let e = Registration::parse(&i, Locale::En).unwrap_err();
        assert_eq!(e.get("role").unwrap().key, "error-unknown-choice");
        assert_eq!(e.get("email").unwrap().key, "error-email-invalid");
    }
}
