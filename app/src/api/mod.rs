//! Server functions: the pages' only way to the domain. Reads are GET (safe, no CSRF token
//! needed); every change is a POST that the server's CSRF layer checks before the function runs:
//! the token travels in the `X-CSRF-Token` header when the browser's JavaScript calls
//! (`csrf_client::CsrfClient`) and in the `csrf_token` form field when it posts a form alone
//! (`forms::AppForm`), so no function takes it as an argument.

pub mod admin;
pub mod applications;
pub mod auth;
pub mod billing;
pub mod calls;
pub mod hirer;
pub mod media;
pub mod notifications;
pub mod reports;
pub mod search;
pub mod talent;
pub mod twin;
