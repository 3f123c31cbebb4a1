//! Search: an Arabic-aware index of casting calls and talent (issue 5, in progress). For now the
//! analyzer every document and query goes through.

pub mod analyze;
