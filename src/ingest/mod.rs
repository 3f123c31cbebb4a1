//! The Digital Twin: casting calls gathered from web pages and WhatsApp groups. Sources are
//! fetched on a schedule (or pushed by webhook, or imported from a chat export), every post is
//! stored as an item with its job, the job filters and extracts it, duplicates are folded or
//! flagged, and what looks like a casting call waits in the validation queue for an admin.

pub mod extraction;
pub mod review;
pub mod source;

#[cfg(feature = "ssr")]
pub mod collect;
#[cfg(feature = "ssr")]
pub mod dedupe;
#[cfg(feature = "ssr")]
pub mod eval;
#[cfg(feature = "ssr")]
pub mod extract;
#[cfg(feature = "ssr")]
pub mod filter;
#[cfg(feature = "ssr")]
pub mod items;
#[cfg(feature = "ssr")]
pub mod llm;
#[cfg(feature = "ssr")]
pub mod pipeline;
#[cfg(feature = "ssr")]
pub mod queue;
#[cfg(feature = "ssr")]
pub mod sources;
#[cfg(feature = "ssr")]
pub mod web;
#[cfg(feature = "ssr")]
pub mod whapi;
#[cfg(feature = "ssr")]
pub mod whatsapp;
#[cfg(feature = "ssr")]
pub mod words;

#[cfg(feature = "ssr")]
pub use sources::SourceError;
