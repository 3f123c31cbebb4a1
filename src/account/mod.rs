//! Accounts: who someone is on TakeOne and how they prove it.

mod email;
mod password;
mod registration;
mod role;
mod user;

pub use email::Email;
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
