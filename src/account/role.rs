use crate::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UserRole {
    Talent,
    Hirer,
    /// A parent or legal guardian who runs a minor's applications.
    Guardian,
    Admin,
}

impl UserRole {
    pub const ALL: [UserRole; 4] = [UserRole::Talent, UserRole::Hirer, UserRole::Guardian, UserRole::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            UserRole::Talent => "talent",
            UserRole::Hirer => "hirer",
            UserRole::Guardian => "guardian",
            UserRole::Admin => "admin",
        }
    }

    pub fn from_db(s: &str) -> Option<UserRole> {
        match s {
            "talent" => Some(UserRole::Talent),
            "hirer" => Some(UserRole::Hirer),
            "guardian" => Some(UserRole::Guardian),
            "admin" => Some(UserRole::Admin),
            _ => None,
        }
    }

    /// The roles someone may choose when signing up; admins are only made from the command line.
    pub fn parse_self_service(s: &str) -> Result<UserRole, Msg> {
        match s.trim() {
            "talent" => Ok(UserRole::Talent),
            "hirer" => Ok(UserRole::Hirer),
            "guardian" => Ok(UserRole::Guardian),
            "" => Err(Msg::new("error-required")),
            _ => Err(Msg::new("error-unknown-choice")),
        }
    }
}
