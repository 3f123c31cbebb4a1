//! Server functions: the pages' only way to the domain. Reads are GET (safe, cacheable, no
//! CSRF token needed); every change is a POST that carries the CSRF token.

pub mod auth;
pub mod calls;
pub mod forms;
