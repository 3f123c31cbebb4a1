use crate::errors::{AppError, Feedback};
use leptos::prelude::*;
use server_fn::codec::GetUrl;

/// The feedback of a failed plain form post while its page is rendered again; `None` on
/// every ordinary visit.
#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "form_feedback")]
pub async fn form_feedback(form: String) -> Result<Option<Feedback>, AppError> {
    Ok(use_context::<crate::ssr::RerenderFeedback>().map(|f| f.0).filter(|f| f.form == form))
}
