//! The one shape every domain error takes where it meets a person or a client. Each area's
//! error type says which kind of failure it is (`DomainError`); the edge maps the kind to an
//! HTTP status, a form re-rendered with its messages, or JSON, in one place each. A new area
//! gets its error handling by implementing `DomainError` for its error type.

use crate::{FieldErrors, Msg};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Fields that broke their rules, each message at its field (422).
    Invalid(FieldErrors),
    /// A rule refused the request as a whole; the message says which (409).
    Refused(Msg),
    /// Someone else changed it first (409).
    Conflict(Msg),
    /// A value that must be unique is taken; the message sits at its field (409).
    Taken(FieldErrors),
    /// Who is asking could not be established: wrong credentials, a dead link (401).
    Unauthenticated(Msg),
    /// Too many attempts; the message says how long to wait (429).
    TooManyRequests(Msg),
    /// The request itself is malformed (400).
    BadRequest(Msg),
    /// It does not exist, or the asker may not know it does (404).
    NotFound,
    /// Something the request names is missing, and the form says which (404).
    Missing(Msg),
    /// The asker is known and may not do this (403).
    Forbidden,
    /// The asker's plan does not allow this; the message says what it allows and the edge links
    /// to the plans page (402).
    PlanLimit(Msg),
    /// Our fault; the details go to the log, never to the person (500).
    Internal,
}

impl Failure {
    /// The HTTP status every edge answers this failure with.
    pub fn status(&self) -> u16 {
        match self {
            Failure::Invalid(_) => 422,
            Failure::Refused(_) | Failure::Conflict(_) | Failure::Taken(_) => 409,
            Failure::Unauthenticated(_) => 401,
            Failure::TooManyRequests(_) => 429,
            Failure::BadRequest(_) => 400,
            Failure::NotFound | Failure::Missing(_) => 404,
            Failure::Forbidden => 403,
            Failure::PlanLimit(_) => 402,
            Failure::Internal => 500,
        }
    }

    /// A short machine-readable name for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            Failure::Invalid(_) => "invalid",
            Failure::Refused(_) => "refused",
            Failure::Conflict(_) => "conflict",
            Failure::Taken(_) => "exists",
            Failure::Unauthenticated(_) => "unauthorized",
            Failure::TooManyRequests(_) => "rate_limited",
            Failure::BadRequest(_) => "bad_request",
            Failure::NotFound | Failure::Missing(_) => "not_found",
            Failure::Forbidden => "forbidden",
            Failure::PlanLimit(_) => "plan_limit",
            Failure::Internal => "internal",
        }
    }

    /// The message for the whole request (field messages sit in `Invalid`).
    pub fn msg(&self) -> Msg {
        match self {
            Failure::Invalid(_) => Msg::new("error-form-invalid"),
            Failure::Taken(f) => f.0.first().map(|(_, m)| m.clone()).unwrap_or_else(|| Msg::new("error-form-invalid")),
            Failure::Refused(m)
            | Failure::Missing(m)
            | Failure::Conflict(m)
            | Failure::Unauthenticated(m)
            | Failure::TooManyRequests(m)
            | Failure::BadRequest(m)
            | Failure::PlanLimit(m) => m.clone(),
            Failure::NotFound => Msg::new("error-not-found"),
            Failure::Forbidden => Msg::new("error-forbidden"),
            Failure::Internal => Msg::new("error-internal"),
        }
    }
}

/// An area's error, seen as one of the kinds above.
pub trait DomainError: std::error::Error {
    fn failure(&self) -> Failure;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_status_and_a_message() {
        let kinds = [
            Failure::Invalid(FieldErrors::new()),
            Failure::Refused(Msg::new("x")),
            Failure::Conflict(Msg::new("x")),
            Failure::Taken(FieldErrors::new()),
            Failure::Unauthenticated(Msg::new("x")),
            Failure::TooManyRequests(Msg::new("x")),
            Failure::BadRequest(Msg::new("x")),
            Failure::NotFound,
            Failure::Missing(Msg::new("x")),
            Failure::Forbidden,
            Failure::PlanLimit(Msg::new("x")),
            Failure::Internal,
        ];
        let statuses: Vec<u16> = kinds.iter().map(Failure::status).collect();
        assert_eq!(statuses, [422, 409, 409, 409, 401, 429, 400, 404, 404, 403, 402, 500]);
        assert!(kinds.iter().all(|k| !k.msg().key.is_empty() && !k.code().is_empty()));
    }
}
