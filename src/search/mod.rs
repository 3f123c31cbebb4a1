//! Search: an Arabic-aware index of casting calls and talent. The analyzer, the documents, the
//! reading of a query and the ranking weights are plain rules (they compile for the browser);
//! the index itself, its change feed and the test collection's evaluation do I/O.

pub mod analyze;
pub mod doc;
pub mod facts;
pub mod highlight;
pub mod plan;
pub mod rank;
pub mod results;
pub mod saved;

#[cfg(feature = "ssr")]
pub mod alerts;
#[cfg(feature = "ssr")]
pub mod collection;
#[cfg(feature = "ssr")]
pub mod feed;
#[cfg(feature = "ssr")]
pub mod index;
#[cfg(feature = "ssr")]
pub mod service;
