use crate::errors::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;
use takeone::{
    FieldErrors,
    casting::{CallFilter, CallInput, CastingCall, PublicState},
};

#[cfg(feature = "ssr")]
use crate::ssr;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallList {
    pub items: Vec<(CastingCall, PublicState)>,
    pub filter: CallFilter,
    pub filter_errors: FieldErrors,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallView {
    pub call: CastingCall,
    pub state: PublicState,
    pub can_edit: bool,
    pub public_url: String,
    /// Who is looking (`None`: a visitor), for the apply, report and moderation controls.
    pub viewer: Option<takeone::account::UserRole>,
}

#[cfg(feature = "ssr")]
fn parse_id(id: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)
}

#[cfg(feature = "ssr")]
fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "latest_calls")]
pub async fn latest_calls() -> Result<Vec<(CastingCall, PublicState)>, AppError> {
    let now = now();
    let calls = ssr::services()?.calls.latest_open(6, now).await.map_err(ssr::internal)?;
    Ok(calls
        .into_iter()
        .map(|c| {
            let s = c.public_state(now);
            (c, s)
        })
        .collect())
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "list_calls")]
pub async fn list_calls(city: String, gender: String, paid: String, page: String) -> Result<CallList, AppError> {
    let now = now();
    let (filter, filter_errors) = CallFilter::parse(&city, &gender, &paid, &page);
    if !filter_errors.is_empty() {
        ssr::set_status(400);
    }
    let result = ssr::services()?.calls.list_open(&filter, now).await.map_err(ssr::internal)?;
    Ok(CallList {
        items: result
            .items
            .into_iter()
            .map(|c| {
                let s = c.public_state(now);
                (c, s)
            })
            .collect(),
        filter,
        filter_errors,
        total: result.total,
        page: result.page,
        pages: result.pages,
    })
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "get_call")]
pub async fn get_call(id: String) -> Result<CallView, AppError> {
    let id = parse_id(&id)?;
    let viewer = ssr::current_user().await?;
    let services = ssr::services()?;
    let call = services.calls.get_visible(id, viewer.as_ref()).await.map_err(ssr::internal)?.ok_or(AppError::NotFound)?;
    let can_edit = viewer.as_ref().is_some_and(|u| takeone::casting::may_manage(u, call.organization_id));
    let state = call.public_state(now());
    Ok(CallView { call, state, can_edit, public_url: services.public_url.clone(), viewer: viewer.map(|u| u.role) })
}

/// A call as its form shows it: only for who may change it.
#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "call_for_edit")]
pub async fn call_for_edit(id: String) -> Result<CastingCall, AppError> {
    let user = ssr::require_user().await?;
    let id = parse_id(&id)?;
    let call = ssr::services()?.calls.get(id).await.map_err(ssr::internal)?.ok_or(AppError::NotFound)?;
    if !takeone::casting::may_manage(&user, call.organization_id) {
        return Err(AppError::Forbidden);
    }
    Ok(call)
}

/// Creates (`call_id` empty) or changes a casting call. The `add_role` intent only gives the
/// form one more role row back (that is how the form grows without JavaScript).
#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "save_call")]
pub async fn save_call(lang_code: String, call_id: String, form: CallInput) -> Result<(), AppError> {
    use takeone::{
        Locale,
        casting::{NewCall, RoleInput, SaveError},
        routes::Page,
    };
    let locale = Locale::from_code(&lang_code).unwrap_or_default();
    let user = ssr::require_user().await?;
    let existing = if call_id.trim().is_empty() { None } else { Some(parse_id(&call_id)?) };
    let (key, page) = match existing {
        Some(id) => (format!("call:{id}"), Page::EditCall { id }.href(locale)),
        None => ("call:new".to_string(), Page::NewCall.href(locale)),
    };
    if form.intent == "add_role" {
        let mut grown = form.clone();
        grown.intent = String::new();
        if grown.roles.len() < takeone::casting::MAX_ROLES {
            grown.roles.push(RoleInput::default());
        }
        return Err(ssr::form_failure(&key, &grown, FieldErrors::new(), None, 200, page));
    }
    let call = NewCall::parse(&form, now()).map_err(|e| ssr::failure(&key, &form, SaveError::Invalid(e), page.clone()))?;
    let services = ssr::services()?;
    let meta = ssr::request_meta();
    let id = match existing {
        Some(id) => services.calls.update(&user, id, &call, &meta).await.map(|_| id),
        None => services.calls.create(&user, &call, &meta).await,
    }
    .map_err(|e| ssr::failure(&key, &form, e, page))?;
    ssr::redirect(&Page::CastingCall { id }.href(locale));
    Ok(())
}
