//! Accounts: who someone is on TakeOne and how they prove it.

mod email;
mod national_id;
mod password;
mod registration;
mod role;
mod user;

pub use email::Email;
pub use national_id::{Holder, NationalId};
pub use password::Password;
pub use registration::{Registration, RegistrationInput};
pub use role::UserRole;
pub use user::User;

#[cfg(feature = "ssr")]
mod hashing;
#[cfg(feature = "ssr")]
mod service;
#[cfg(feature = "ssr")]
pub mod session_store;

#[cfg(feature = "ssr")]
pub use hashing::PasswordHasher;
#[cfg(feature = "ssr")]
pub use service::{AccountError, Accounts, LoginInput};

#[cfg(test)]
pub(crate) mod tests_support {
    use super::{User, UserRole};
    use crate::Locale;
    use time::OffsetDateTime;
    use uuid::Uuid;

    /// A signed-in person for rule tests.
    pub fn user(role: UserRole, organization_id: Option<Uuid>) -> User {
        User {
            id: Uuid::new_v4(),
            email: "x@example.sa".into(),
            role,
            display_name: "x".into(),
            locale: Locale::Ar,
            created_at: OffsetDateTime::UNIX_EPOCH,
            organization_id,
            organization_name: None,
            email_verified: true,
        }
    }
}
