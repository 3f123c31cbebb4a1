//! Applying, the talent's and guardian's applications, and one application's page (status,
//! history, notes for the hirer, messages).

use crate::errors::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;
use takeone::{
    Msg,
    application::{ApplicationDetail, ApplicationInput, ApplicationSummary},
    casting::{CastingCall, PublicState, Role},
};
use uuid::Uuid;

#[cfg(feature = "ssr")]
use crate::ssr;
#[cfg(feature = "ssr")]
use takeone::routes::Page;

/// What the apply page needs: the call, the role, and why applying is not possible, if it is not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplyPageData {
    pub call: CastingCall,
    pub role: Role,
    pub state: PublicState,
    /// The talent applied to this role already.
    pub existing: Option<Uuid>,
    pub refusal: Option<Msg>,
    /// What the profile lacks (locale keys), when that is the refusal.
    pub missing: Vec<String>,
    /// The talent's ready profile files to send with it: (asset id, label key, file name).
    #[serde(default)]
    pub media: Vec<(String, String, String)>,
    /// Ticked at first: the main headshot.
    #[serde(default)]
    pub media_ticked: Vec<String>,
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "apply_form")]
pub async fn apply_form(call_id: String, role_id: String) -> Result<ApplyPageData, AppError> {
    use takeone::application::{ApplyRefusal, initial_status};
    let user = ssr::require_role(&[takeone::account::UserRole::Talent]).await?;
    let (call_id, role_id) = (ssr::parse_id(&call_id)?, ssr::parse_id(&role_id)?);
    let s = ssr::services()?;
    let call = s.calls.get_visible(call_id, Some(&user)).await.map_err(ssr::internal)?.ok_or(AppError::NotFound)?;
    let role = call.roles.iter().find(|r| r.id == role_id).cloned().ok_or(AppError::NotFound)?;
    let profile = s.talents.for_user(user.id).await.map_err(ssr::internal)?.ok_or(AppError::Forbidden)?;
    let now = ssr::now();
    let existing = s.applications.existing(&user, role_id).await.map_err(ssr::internal)?;
    let (refusal, missing) = match initial_status(&call, role_id, &profile, now) {
        Ok(_) => (None, vec![]),
        Err(ApplyRefusal::ProfileIncomplete(m)) => (Some(Msg::new("error-profile-incomplete")), m),
        Err(r) => (Some(r.msg()), vec![]),
    };
    let state = call.public_state(now);
    let own = s.media.list_own(user.id).await.map_err(ssr::internal)?;
    let ready = own.iter().filter(|a| a.status == takeone::media::AssetStatus::Ready);
    let media = ready
        .clone()
        .map(|a| (a.id.to_string(), format!("media-purpose-{}", a.purpose.as_str().replace('_', "-")), a.filename.clone()))
        .collect();
    let media_ticked = ready.filter(|a| a.is_primary).map(|a| a.id.to_string()).collect();
    Ok(ApplyPageData { call, role, state, existing, refusal, missing, media, media_ticked })
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "apply")]
pub async fn apply(lang_code: String, call_id: String, role_id: String, form: ApplicationInput) -> Result<(), AppError> {
    let locale = ssr::locale(&lang_code);
    let user = ssr::require_role(&[takeone::account::UserRole::Talent]).await?;
    let (call, role) = (ssr::parse_id(&call_id)?, ssr::parse_id(&role_id)?);
    let page = Page::Apply { call, role }.href(locale);
    let out = ssr::services()?
        .applications
        .apply(&user, call, role, &form, ssr::now(), &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("apply", &form, e, page))?;
    ssr::redirect(&Page::Application { id: out.id }.href(locale));
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "my_applications")]
pub async fn my_applications() -> Result<Vec<ApplicationSummary>, AppError> {
    use takeone::account::UserRole;
    let user = ssr::require_role(&[UserRole::Talent, UserRole::Guardian]).await?;
    ssr::services()?.applications.mine(&user, ssr::now()).await.map_err(|e| match e {
        takeone::application::ApplicationError::Forbidden => AppError::Forbidden,
        e => ssr::internal(e),
    })
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "get_application")]
pub async fn get_application(id: String) -> Result<ApplicationDetail, AppError> {
    let user = ssr::require_user().await?;
    let id = ssr::parse_id(&id)?;
    ssr::services()?.applications.detail(&user, id, ssr::now()).await.map_err(|e| ssr::failure("application", &(), e, String::new()))
}

/// Any party's move: the hirer's pipeline, the talent's withdrawal, the guardian's approval.
#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "move_application")]
pub async fn move_application(lang_code: String, id: String, version: String, to: String) -> Result<(), AppError> {
    let locale = ssr::locale(&lang_code);
    let user = ssr::require_user().await?;
    let id = ssr::parse_id(&id)?;
    let page = Page::Application { id }.href(locale);
    let to = takeone::application::ApplicationStatus::parse(&to).map_err(|_| AppError::BadRequest("to".into()))?;
    let version: i32 = version.trim().parse().map_err(|_| AppError::BadRequest("version".into()))?;
    ssr::services()?
        .applications
        .change_status(&user, id, version, to, ssr::now(), &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure(&format!("move:{id}"), &(), e, page.clone()))?;
    ssr::redirect_plain(&page);
    Ok(())
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TextInput {
    #[serde(default)]
    pub body: String,
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "add_note")]
pub async fn add_note(lang_code: String, id: String, form: TextInput) -> Result<(), AppError> {
    let locale = ssr::locale(&lang_code);
    let user = ssr::require_user().await?;
    let id = ssr::parse_id(&id)?;
    let page = Page::Application { id }.href(locale);
    ssr::services()?
        .applications
        .add_note(&user, id, &form.body, ssr::now())
        .await
        .map_err(|e| ssr::failure(&format!("note:{id}"), &form, e, page.clone()))?;
    ssr::redirect_plain(&page);
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "send_message")]
pub async fn send_message(lang_code: String, id: String, form: TextInput) -> Result<(), AppError> {
    let locale = ssr::locale(&lang_code);
    let user = ssr::require_user().await?;
    let id = ssr::parse_id(&id)?;
    let page = Page::Application { id }.href(locale);
    ssr::services()?
        .applications
        .post_message(&user, id, &form.body, ssr::now(), &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure(&format!("message:{id}"), &form, e, page.clone()))?;
    ssr::redirect_plain(&page);
    Ok(())
}
