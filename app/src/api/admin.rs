//! Administrators: the report queue, calls in review, organizations, and the mail folder.

use crate::errors::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;
use takeone::{casting::CastingCall, mail::StoredMail, notify::Delivery, organization::Organization, report::ReportGroup};

#[cfg(feature = "ssr")]
use crate::ssr;
#[cfg(feature = "ssr")]
use takeone::routes::Page;

#[cfg(feature = "ssr")]
async fn admin() -> Result<takeone::account::User, AppError> {
    ssr::require_role(&[takeone::account::UserRole::Admin]).await
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "admin_reports")]
pub async fn admin_reports() -> Result<Vec<ReportGroup>, AppError> {
    let user = admin().await?;
    ssr::services()?.reports.queue(&user).await.map_err(|e| ssr::failure("reports", &(), e, String::new()))
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "suspend_call")]
pub async fn suspend_call(lang_code: String, call_id: String) -> Result<(), AppError> {
    let user = admin().await?;
    let call = ssr::parse_id(&call_id)?;
    let page = Page::AdminReports.href(ssr::locale(&lang_code));
    ssr::services()?
        .reports
        .suspend_call(&user, call, &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("suspend", &(), e, page.clone()))?;
    ssr::redirect_plain(&page);
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "reinstate_call")]
pub async fn reinstate_call(lang_code: String, call_id: String) -> Result<(), AppError> {
    let user = admin().await?;
    let call = ssr::parse_id(&call_id)?;
    let locale = ssr::locale(&lang_code);
    let page = Page::CastingCall { id: call }.href(locale);
    ssr::services()?
        .calls
        .reinstate(&user, call, &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("reinstate", &(), e, page.clone()))?;
    ssr::redirect_plain(&page);
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "dismiss_report")]
pub async fn dismiss_report(lang_code: String, report_id: String) -> Result<(), AppError> {
    let user = admin().await?;
    let report = ssr::parse_id(&report_id)?;
    let page = Page::AdminReports.href(ssr::locale(&lang_code));
    ssr::services()?
        .reports
        .dismiss(&user, report, &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("dismiss", &(), e, page.clone()))?;
    ssr::redirect_plain(&page);
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "review_queue")]
pub async fn review_queue() -> Result<Vec<CastingCall>, AppError> {
    let user = admin().await?;
    ssr::services()?.calls.pending_review(&user).await.map_err(|e| ssr::failure("review", &(), e, String::new()))
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReviewInput {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub note: String,
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "review_call")]
pub async fn review_call(lang_code: String, call_id: String, form: ReviewInput) -> Result<(), AppError> {
    let user = admin().await?;
    let call = ssr::parse_id(&call_id)?;
    let page = Page::AdminReview.href(ssr::locale(&lang_code));
    let approve = match form.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(AppError::BadRequest("decision".into())),
    };
    ssr::services()?
        .calls
        .review(&user, call, approve, &form.note, &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure(&format!("review:{call}"), &form, e, page.clone()))?;
    ssr::redirect_plain(&page);
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "admin_organizations")]
pub async fn admin_organizations() -> Result<Vec<Organization>, AppError> {
    let user = admin().await?;
    ssr::services()?.organizations.list_all(&user).await.map_err(|e| ssr::failure("organizations", &(), e, String::new()))
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "verify_organization")]
pub async fn verify_organization(lang_code: String, org_id: String, verified: String) -> Result<(), AppError> {
    let user = admin().await?;
    let org = ssr::parse_id(&org_id)?;
    let page = Page::AdminOrganizations.href(ssr::locale(&lang_code));
    ssr::services()?
        .organizations
        .set_verified(&user, org, verified == "true", &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("verify", &(), e, page.clone()))?;
    ssr::redirect_plain(&page);
    Ok(())
}

/// The development mail folder (when mail goes there) and the latest deliveries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MailPage {
    pub folder: Option<String>,
    pub mails: Vec<StoredMail>,
    pub deliveries: Vec<Delivery>,
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "admin_mail")]
pub async fn admin_mail() -> Result<MailPage, AppError> {
    admin().await?;
    let s = ssr::services()?;
    let mails = match &s.mail_dir {
        Some(dir) => takeone::mail::read_folder(dir, 200).await.map_err(ssr::internal)?,
        None => vec![],
    };
    let deliveries = s.outbox.latest(200).await.map_err(ssr::internal)?;
    Ok(MailPage { folder: s.mail_dir.as_ref().map(|d| d.display().to_string()), mails, deliveries })
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "retry_mail")]
pub async fn retry_mail(lang_code: String, delivery_id: String) -> Result<(), AppError> {
    admin().await?;
    let id = ssr::parse_id(&delivery_id)?;
    if !ssr::services()?.outbox.retry(id).await.map_err(ssr::internal)? {
        return Err(AppError::NotFound);
    }
    ssr::redirect_plain(&Page::AdminMail.href(ssr::locale(&lang_code)));
    Ok(())
}
