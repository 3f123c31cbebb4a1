//! TakeOne's domain: the rules of the casting marketplace, its types and (behind the `ssr`
//! feature) the services and repositories that keep them in PostgreSQL.
//!
//! Nothing here knows about HTTP or Leptos. Without `ssr` the crate compiles to wasm so the
//! browser validates forms with exactly the rules the server enforces.

pub mod account;
pub mod application;
pub mod billing;
pub mod casting;
pub mod choice;
pub mod city;
pub mod failure;
pub mod ingest;
pub mod locale;
pub mod mail;
pub mod media;
pub mod message;
pub mod money;
pub mod notify;
pub mod organization;
pub mod phone;
pub mod report;
pub mod routes;
pub mod search;
pub mod talent;
pub mod text;

#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
pub mod rate_limit;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod token;

pub use failure::{DomainError, Failure};
pub use locale::Locale;
pub use message::{FieldErrors, Msg};
