//! The one error type of server functions, and its HTTP status: the edge maps every failure
//! here, so pages and the plain-HTML fallback agree.

use serde::{Deserialize, Serialize};
use server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use takeone::{FieldErrors, Msg};

/// What a form submission got wrong, with what was typed so the form can be shown again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Feedback {
    /// Which form this is for (`register`, `login`, `call:new`, `call:<id>`).
    pub form: String,
    /// The input as typed, passwords removed.
    pub input: serde_json::Value,
    pub errors: FieldErrors,
    pub form_error: Option<Msg>,
    pub status: u16,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("the form has errors")]
    Form(Box<Feedback>),
    #[error("sign in first")]
    Unauthorized,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The plan does not allow it; the page says what it allows and links to the plans.
    #[error("the plan does not allow this")]
    PlanLimit(Msg),
    #[error("something went wrong on our side")]
    Internal,
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::Form(f) => f.status,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::BadRequest(_) => 400,
            AppError::PlanLimit(_) => 402,
            AppError::Internal => 500,
        }
    }

    pub fn msg(&self) -> Msg {
        match self {
            AppError::Form(f) => f.form_error.clone().unwrap_or_else(|| Msg::new("error-form-invalid")),
            AppError::Unauthorized => Msg::new("error-unauthorized"),
            AppError::Forbidden => Msg::new("error-forbidden"),
            AppError::NotFound => Msg::new("error-not-found"),
            AppError::BadRequest(_) => Msg::new("error-bad-request"),
            AppError::PlanLimit(m) => m.clone(),
            AppError::Internal => Msg::new("error-internal"),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(e) | ServerFnErrorErr::Deserialization(e) | ServerFnErrorErr::MissingArg(e) => AppError::BadRequest(e),
            _ => AppError::Internal,
        }
    }
}
