//! The hirer's side: dashboard, organization and members, the worksheet of a role with bulk
//! changes, and shortlist links.

use crate::errors::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;
use takeone::{
    FieldErrors,
    application::{BulkOutcome, ShortlistView, Worksheet, WorksheetQuery},
    organization::{Dashboard, Member, MemberInvitation, Organization, OrganizationInput},
};

#[cfg(feature = "ssr")]
use crate::ssr;
#[cfg(feature = "ssr")]
use takeone::routes::{Page, with_query, with_raw_query};

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "hirer_dashboard")]
pub async fn hirer_dashboard() -> Result<Dashboard, AppError> {
    let user = ssr::require_role(&[takeone::account::UserRole::Hirer]).await?;
    ssr::services()?.organizations.dashboard(&user).await.map_err(|e| ssr::failure("dashboard", &(), e, String::new()))
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationPageData {
    pub organization: Organization,
    pub members: Vec<Member>,
    pub invitations: Vec<MemberInvitation>,
    pub owner: bool,
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "organization_settings")]
pub async fn organization_settings() -> Result<OrganizationPageData, AppError> {
    let user = ssr::require_role(&[takeone::account::UserRole::Hirer]).await?;
    let (organization, members, invitations, owner) =
        ssr::services()?.organizations.settings(&user).await.map_err(|e| ssr::failure("organization", &(), e, String::new()))?;
    Ok(OrganizationPageData { organization, members, invitations, owner })
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "save_organization")]
pub async fn save_organization(lang_code: String, form: OrganizationInput) -> Result<(), AppError> {
    let locale = ssr::locale(&lang_code);
    let user = ssr::require_role(&[takeone::account::UserRole::Hirer]).await?;
    let page = Page::HirerOrganization.href(locale);
    let update = takeone::organization::OrganizationUpdate::parse(&form)
        .map_err(|e| ssr::form_failure("organization", &form, e, None, 422, page.clone()))?;
    ssr::services()?
        .organizations
        .update(&user, &update, &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("organization", &form, e, page.clone()))?;
    ssr::redirect_plain(&with_query(page, &[("saved", "1")]));
    Ok(())
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmailInput {
    #[serde(default)]
    pub email: String,
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "invite_member")]
pub async fn invite_member(lang_code: String, form: EmailInput) -> Result<(), AppError> {
    let locale = ssr::locale(&lang_code);
    let user = ssr::require_role(&[takeone::account::UserRole::Hirer]).await?;
    let page = Page::HirerOrganization.href(locale);
    ssr::services()?
        .organizations
        .invite(&user, &form.email, ssr::now(), &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("invite-member", &form, e, page.clone()))?;
    ssr::redirect_plain(&with_query(page, &[("invited", "1")]));
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "remove_member")]
pub async fn remove_member(lang_code: String, member: String) -> Result<(), AppError> {
    let locale = ssr::locale(&lang_code);
    let user = ssr::require_role(&[takeone::account::UserRole::Hirer]).await?;
    let page = Page::HirerOrganization.href(locale);
    let member = ssr::parse_id(&member)?;
    ssr::services()?
        .organizations
        .remove_member(&user, member, &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("remove-member", &(), e, page.clone()))?;
    ssr::redirect_plain(&page);
    Ok(())
}

/// The organization an invitation is for: its name, the invited address, and whether it can
/// still be used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JoinView {
    pub organization: String,
    pub email: String,
    pub usable: bool,
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "organization_invitation")]
pub async fn organization_invitation(token: String) -> Result<JoinView, AppError> {
    let (organization, email, spent) =
        ssr::services()?.organizations.invitation(&token, ssr::now()).await.map_err(ssr::internal)?.ok_or(AppError::NotFound)?;
    Ok(JoinView { organization, email, usable: !spent })
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "accept_organization_invitation")]
pub async fn accept_organization_invitation(lang_code: String, token: String) -> Result<(), AppError> {
    let locale = ssr::locale(&lang_code);
    let user = ssr::require_user().await?;
    let page = Page::Join { token: token.clone() }.href(locale);
    ssr::services()?
        .organizations
        .accept(&user, &token, ssr::now(), &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("join", &(), e, page))?;
    ssr::redirect(&Page::Hirer.href(locale));
    Ok(())
}

/// The worksheet and what in its query string could not be understood.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorksheetPage {
    pub worksheet: Worksheet,
    pub filter_errors: FieldErrors,
    /// Each applicant's main headshot (thumbnail) the hirer may see, by profile id.
    #[serde(default)]
    pub thumbs: std::collections::BTreeMap<uuid::Uuid, String>,
    /// Each application's latest self-tape request, by application id.
    #[serde(default)]
    pub tapes: std::collections::BTreeMap<uuid::Uuid, takeone::media::self_tape::SelfTapeRequest>,
    /// The hirer's ready sides to send with a request: (asset id, file name).
    #[serde(default)]
    pub sides: Vec<(String, String)>,
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "role_worksheet")]
pub async fn role_worksheet(call_id: String, role_id: String, #[server(default)] query: WorksheetQuery) -> Result<WorksheetPage, AppError> {
    use takeone::account::UserRole;
    let user = ssr::require_role(&[UserRole::Hirer, UserRole::Admin]).await?;
    let (call, role) = (ssr::parse_id(&call_id)?, ssr::parse_id(&role_id)?);
    let (filter, filter_errors) = takeone::application::WorksheetFilter::parse(&query);
    if !filter_errors.is_empty() {
        ssr::set_status(400);
    }
    let s = ssr::services()?;
    let mut worksheet = s
        .applications
        .worksheet(&user, call, role, &filter, ssr::now())
        .await
        .map_err(|e| ssr::failure("worksheet", &(), e, String::new()))?;
    worksheet.links = s.shortlists.with_tokens(std::mem::take(&mut worksheet.links));
    let profiles: Vec<uuid::Uuid> = worksheet.rows.iter().map(|r| r.applicant.profile_id).collect();
    let media = s.media.profile_media_of_profiles(Some(&user), &profiles).await.map_err(ssr::internal)?;
    let thumbs = media.into_iter().filter_map(|(profile, m)| m.thumb.map(|t| (profile, t))).collect();
    let tapes = s.media.worksheet_tapes(&user, role).await.map_err(ssr::internal)?.into_iter().collect();
    let sides = s.media.list_sides(user.id).await.map_err(ssr::internal)?.into_iter().map(|a| (a.id.to_string(), a.filename)).collect();
    Ok(WorksheetPage { worksheet, filter_errors, thumbs, tapes, sides })
}

/// The ticked rows (`<id>:<version>`) and the status to give them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkInput {
    #[serde(default)]
    pub items: Vec<String>,
    #[serde(default)]
    pub to: String,
    /// The worksheet's query string, to come back to the same view.
    #[serde(default)]
    pub back: String,
    /// `self_tape` asks the ticked applicants for a tape instead of moving them.
    #[serde(default)]
    pub intent: String,
    #[serde(default)]
    pub instructions: String,
    #[serde(default)]
    pub deadline: String,
    /// The sides to send (one of the hirer's ready PDFs), or empty.
    #[serde(default)]
    pub sides: String,
    /// `message` sends this to each ticked applicant's thread.
    #[serde(default)]
    pub message: String,
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "bulk_move")]
pub async fn bulk_move(lang_code: String, call_id: String, role_id: String, form: BulkInput) -> Result<BulkOutcome, AppError> {
    use takeone::{Msg, account::UserRole, application::ApplicationStatus};
    let locale = ssr::locale(&lang_code);
    let user = ssr::require_role(&[UserRole::Hirer, UserRole::Admin]).await?;
    let (call, role) = (ssr::parse_id(&call_id)?, ssr::parse_id(&role_id)?);
    let back = if form.back.starts_with('?') && !form.back.chars().any(char::is_control) { form.back.clone() } else { String::new() };
    let page = with_raw_query(Page::Worksheet { call, role }.href(locale), &back);
    let mut errors = FieldErrors::new();
    let items: Vec<(uuid::Uuid, i32)> = form
        .items
        .iter()
        .filter_map(|i| i.split_once(':').and_then(|(id, v)| Some((uuid::Uuid::parse_str(id).ok()?, v.parse().ok()?))))
        .collect();
    if form.intent == "self_tape" {
        return request_self_tapes(&user, role, &items, &form, page).await;
    }
    if form.intent == "message" {
        if items.is_empty() {
            errors.add("items", Msg::new("error-bulk-none"));
            return Err(ssr::form_failure("bulk", &form, errors, None, 422, page));
        }
        let ids: Vec<uuid::Uuid> = items.iter().map(|(id, _)| *id).collect();
        let out = ssr::services()?
            .applications
            .bulk_message(&user, role, &ids, &form.message, ssr::now(), &ssr::request_meta())
            .await
            .map_err(|e| ssr::failure("bulk", &form, e, page.clone()))?;
        ssr::redirect_plain(&with_query(
            page,
            &[("messaged", &out.messaged.to_string()), ("refused", &(out.refused + out.missing).to_string())],
        ));
        return Ok(out);
    }
    let to = errors.take("to", ApplicationStatus::parse(&form.to));
    if items.is_empty() {
        errors.add("items", Msg::new("error-bulk-none"));
    }
    let Some(to) = to.filter(|_| errors.is_empty()) else {
        return Err(ssr::form_failure("bulk", &form, errors, None, 422, page));
    };
    let out = ssr::services()?
        .applications
        .bulk_change(&user, role, &items, to, ssr::now(), &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("bulk", &form, e, page.clone()))?;
    let (changed, conflicts, refused) = (out.changed.to_string(), out.conflicts.to_string(), (out.refused + out.missing).to_string());
    ssr::redirect_plain(&with_query(page, &[("changed", &changed), ("conflicts", &conflicts), ("refused", &refused)]));
    Ok(out)
}

/// The worksheet's second button: the ticked applicants are asked for a self-tape.
#[cfg(feature = "ssr")]
async fn request_self_tapes(
    user: &takeone::account::User,
    role: uuid::Uuid,
    items: &[(uuid::Uuid, i32)],
    form: &BulkInput,
    page: String,
) -> Result<BulkOutcome, AppError> {
    use takeone::media::self_tape::{NewRequest, RequestInput};
    let input = RequestInput { instructions: form.instructions.clone(), deadline: form.deadline.clone() };
    let mut errors = match NewRequest::parse(&input, takeone::talent::today(ssr::now())) {
        Ok(_) => FieldErrors::new(),
        Err(e) => e,
    };
    if items.is_empty() {
        errors.add("items", takeone::Msg::new("error-self-tape-none"));
    }
    let request = match NewRequest::parse(&input, takeone::talent::today(ssr::now())) {
        Ok(r) if errors.is_empty() => r,
        _ => return Err(ssr::form_failure("bulk", form, errors, None, 422, page)),
    };
    let ids: Vec<uuid::Uuid> = items.iter().map(|(id, _)| *id).collect();
    let sides = match form.sides.trim() {
        "" => None,
        s => Some(uuid::Uuid::parse_str(s).map_err(|_| AppError::BadRequest("sides".into()))?),
    };
    let media = &ssr::services()?.media;
    let asked = media
        .request_self_tapes(user, role, &ids, &request, sides, &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("bulk", form, e, page.clone()))?;
    ssr::redirect_plain(&with_query(page, &[("tapes", &asked.to_string())]));
    Ok(BulkOutcome { changed: asked, ..Default::default() })
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "create_shortlist_link")]
pub async fn create_shortlist_link(lang_code: String, call_id: String, role_id: String, days: String) -> Result<String, AppError> {
    use takeone::account::UserRole;
    let locale = ssr::locale(&lang_code);
    let user = ssr::require_role(&[UserRole::Hirer, UserRole::Admin]).await?;
    let (call, role) = (ssr::parse_id(&call_id)?, ssr::parse_id(&role_id)?);
    let page = Page::Worksheet { call, role }.href(locale);
    let days_n = takeone::text::parse_integer(&days).unwrap_or(0);
    let token =
        ssr::services()?.shortlists.create(&user, call, role, days_n, ssr::now(), &ssr::request_meta()).await.map_err(ssr::internal)?;
    match token {
        Ok(t) => {
            ssr::redirect_plain(&page);
            Ok(t)
        }
        Err(m) if m.key == "error-not-found" => Err(AppError::NotFound),
        Err(m) => {
            let mut e = FieldErrors::new();
            e.add("days", m);
            Err(ssr::form_failure("shortlist", &serde_json::json!({ "days": days }), e, None, 422, page))
        }
    }
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "revoke_shortlist_link")]
pub async fn revoke_shortlist_link(lang_code: String, call_id: String, role_id: String, link_id: String) -> Result<(), AppError> {
    use takeone::account::UserRole;
    let locale = ssr::locale(&lang_code);
    let user = ssr::require_role(&[UserRole::Hirer, UserRole::Admin]).await?;
    let (call, role, link) = (ssr::parse_id(&call_id)?, ssr::parse_id(&role_id)?, ssr::parse_id(&link_id)?);
    let done = ssr::services()?.shortlists.revoke(&user, call, role, link, &ssr::request_meta()).await.map_err(ssr::internal)?;
    if !done {
        return Err(AppError::NotFound);
    }
    ssr::redirect_plain(&Page::Worksheet { call, role }.href(locale));
    Ok(())
}

/// The page behind a shortlist link; anyone holding a valid link may read it.
#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "shortlist")]
pub async fn shortlist(token: String) -> Result<ShortlistView, AppError> {
    let s = ssr::services()?;
    let mut view = s.shortlists.open(&token, ssr::now()).await.map_err(ssr::internal)?.ok_or(AppError::NotFound)?;
    if let Some(org) = view.organization_id {
        let profiles: Vec<uuid::Uuid> = view.entries.iter().map(|(a, _)| a.profile_id).collect();
        let signed = s.media.shortlist_headshots(org, &profiles, view.expires_at.unix_timestamp()).await.map_err(ssr::internal)?;
        view.headshots = signed.into_iter().collect();
    }
    Ok(view)
}
