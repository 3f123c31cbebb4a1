//! Server functions: the pages' only way to the domain. Reads are GET (safe, no CSRF token
//! needed); every change is a POST whose first argument is `csrf_token` (optional: API clients may
//! send the `X-CSRF-Token` header instead). The server's CSRF
//! layer checks it before the function runs; it is an argument so that the hydrated
//! `ActionForm`, which rebuilds the body from the arguments, still sends it.

pub mod admin;
pub mod applications;
pub mod auth;
pub mod calls;
pub mod forms;
pub mod hirer;
pub mod notifications;
pub mod reports;
pub mod search;
pub mod talent;
pub mod twin;
