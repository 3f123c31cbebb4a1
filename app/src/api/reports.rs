use crate::errors::AppError;
use leptos::prelude::*;
use takeone::report::ReportInput;

#[cfg(feature = "ssr")]
use crate::ssr;
#[cfg(feature = "ssr")]
use takeone::routes::{Page, with_query};

/// Anyone signed in reports a casting call.
#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "report_call")]
pub async fn report_call(lang_code: String, call_id: String, form: ReportInput) -> Result<(), AppError> {
    let locale = ssr::locale(&lang_code);
    let user = ssr::require_user().await?;
    let call = ssr::parse_id(&call_id)?;
    let page = Page::CastingCall { id: call }.href(locale);
    let report = takeone::report::NewReport::parse(&form).map_err(|e| ssr::form_failure("report", &form, e, None, 422, page.clone()))?;
    ssr::services()?
        .reports
        .file(&user, call, &report, &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("report", &form, e, page.clone()))?;
    ssr::redirect_plain(&with_query(page, &[("reported", "1")]));
    Ok(())
}
