//! Talent profiles and guardians.

use crate::errors::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;
use takeone::talent::{Completeness, InvitationView, ProfileInput, ProfileView, TalentProfile};

#[cfg(feature = "ssr")]
use crate::ssr;
#[cfg(feature = "ssr")]
use takeone::routes::{Page, with_query};

/// The signed-in talent's own profile, for the edit page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OwnProfile {
    pub profile: TalentProfile,
    pub completeness: Completeness,
    pub is_minor: bool,
    pub guardian_name: Option<String>,
    /// The address an invitation is waiting at, and until when.
    pub pending_invitation: Option<(String, String)>,
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "my_profile")]
pub async fn my_profile() -> Result<OwnProfile, AppError> {
    let user = ssr::require_role(&[takeone::account::UserRole::Talent]).await?;
    let s = ssr::services()?;
    let profile = s.talents.for_user(user.id).await.map_err(ssr::internal)?.ok_or(AppError::NotFound)?;
    let today = takeone::talent::today(ssr::now());
    let guardian_name = match profile.guardian_user_id {
        Some(g) => s.accounts.find(g).await.map_err(ssr::internal)?.map(|u| u.display_name),
        None => None,
    };
    let pending_invitation = s
        .guardians
        .pending_for(profile.id)
        .await
        .map_err(ssr::internal)?
        .map(|(email, until)| (email, until.to_offset(takeone::casting::RIYADH).date().to_string()));
    let is_minor = profile.date_of_birth.is_some() && profile.is_minor(today);
    Ok(OwnProfile { completeness: profile.completeness(), is_minor, guardian_name, pending_invitation, profile })
}

/// Saves the profile; `add_language` / `add_credit` only give the form another row back.
#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "save_profile")]
pub async fn save_profile(lang_code: String, form: ProfileInput) -> Result<(), AppError> {
    use takeone::{
        FieldErrors,
        talent::{CreditInput, LanguageInput, MAX_CREDITS, MAX_LANGUAGES, ProfileUpdate},
    };
    let locale = ssr::locale(&lang_code);
    let user = ssr::require_role(&[takeone::account::UserRole::Talent]).await?;
    let page = Page::Profile.href(locale);
    match form.intent.as_str() {
        "add_language" | "add_credit" => {
            let mut grown = form.clone();
            grown.intent = String::new();
            if form.intent == "add_language" && grown.languages.len() < MAX_LANGUAGES {
                grown.languages.push(LanguageInput::default());
            }
            if form.intent == "add_credit" && grown.credits.len() < MAX_CREDITS {
                grown.credits.push(CreditInput::default());
            }
            return Err(ssr::form_failure("profile", &grown, FieldErrors::new(), None, 200, page));
        }
        _ => {}
    }
    let update = ProfileUpdate::parse(&form, takeone::talent::today(ssr::now()))
        .map_err(|e| ssr::form_failure("profile", &form, e, None, 422, page.clone()))?;
    let s = ssr::services()?;
    let id = s
        .talents
        .save(&user, &update, ssr::now(), &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("profile", &form, e, page.clone()))?;
    ssr::redirect(&Page::Talent { id }.href(locale));
    Ok(())
}

/// A talent's profile page, as the visitor may see it.
#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "get_talent")]
pub async fn get_talent(id: String) -> Result<ProfileView, AppError> {
    let id = ssr::parse_id(&id)?;
    let viewer = ssr::current_user().await?;
    ssr::services()?.talents.view(id, viewer.as_ref(), ssr::now()).await.map_err(ssr::internal)?.ok_or(AppError::NotFound)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BirthDateInput {
    #[serde(default)]
    pub date_of_birth: String,
}

/// An administrator corrects a profile's date of birth (a minor cannot change their own).
#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "correct_birth_date")]
pub async fn correct_birth_date(lang_code: String, profile_id: String, form: BirthDateInput) -> Result<(), AppError> {
    let locale = ssr::locale(&lang_code);
    let user = ssr::require_role(&[takeone::account::UserRole::Admin]).await?;
    let id = ssr::parse_id(&profile_id)?;
    let page = Page::Talent { id }.href(locale);
    ssr::services()?
        .talents
        .correct_birth_date(&user, id, &form.date_of_birth, ssr::now(), &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("birth-date", &form, e, page.clone()))?;
    ssr::redirect_plain(&with_query(page, &[("corrected", "1")]));
    Ok(())
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GuardianInviteInput {
    #[serde(default)]
    pub email: String,
}

/// A minor asks a parent or guardian to link their account.
#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "invite_guardian")]
pub async fn invite_guardian(lang_code: String, form: GuardianInviteInput) -> Result<(), AppError> {
    let locale = ssr::locale(&lang_code);
    let user = ssr::require_role(&[takeone::account::UserRole::Talent]).await?;
    let page = Page::Profile.href(locale);
    ssr::services()?
        .guardians
        .invite(&user, &form.email, ssr::now(), &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("guardian-invite", &form, e, page.clone()))?;
    ssr::redirect_plain(&with_query(page, &[("invited", "1")]));
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "guardian_invitation")]
pub async fn guardian_invitation(token: String) -> Result<InvitationView, AppError> {
    ssr::services()?.guardians.invitation(&token, ssr::now()).await.map_err(ssr::internal)?.ok_or(AppError::NotFound)
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "accept_guardian")]
pub async fn accept_guardian(lang_code: String, token: String) -> Result<(), AppError> {
    let locale = ssr::locale(&lang_code);
    let user = ssr::require_user().await?;
    let page = Page::GuardianAccept { token: token.clone() }.href(locale);
    ssr::services()?
        .guardians
        .accept(&user, &token, ssr::now(), &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("guardian-accept", &(), e, page))?;
    ssr::redirect(&Page::Applications.href(locale));
    Ok(())
}

/// A talent as a casting director judges them at a glance: the main headshot, playing age,
/// city, dialects, languages, top skills and whether a reel is ready.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TalentCard {
    pub profile_id: uuid::Uuid,
    pub name: String,
    pub headshot: Option<String>,
    pub playing_age: Option<(i32, i32)>,
    pub city: Option<takeone::city::City>,
    pub dialects: Vec<takeone::talent::Dialect>,
    pub languages: Vec<takeone::talent::Language>,
    pub skills: Vec<takeone::talent::Skill>,
    pub reel: bool,
    pub verified: bool,
}

/// The cards of these profiles that `viewer` may see, in the given order; media through the
/// media access rule.
#[cfg(feature = "ssr")]
pub async fn talent_cards(ids: &[uuid::Uuid], viewer: Option<&takeone::account::User>) -> Result<Vec<TalentCard>, AppError> {
    let s = ssr::services()?;
    let mut profiles = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(p) = s.talents.get(*id).await.map_err(ssr::internal)? {
            profiles.push(p);
        }
    }
    let owners: Vec<uuid::Uuid> = profiles.iter().map(|p| p.user_id).collect();
    let media = s.media.profile_media(viewer, &owners).await.map_err(ssr::internal)?;
    Ok(profiles
        .into_iter()
        .map(|p| {
            let m = media.get(&p.user_id).cloned().unwrap_or_default();
            TalentCard {
                profile_id: p.id,
                name: p.stage_name,
                headshot: m.headshot,
                playing_age: p.playing_age_min.zip(p.playing_age_max),
                city: p.city,
                dialects: p.dialects,
                languages: p.languages.iter().map(|l| l.language).collect(),
                skills: p.skills.into_iter().take(3).collect(),
                reel: m.reel.is_some(),
                verified: p.verified,
            }
        })
        .collect())
}

/// A profile's photos and reels as the visitor may see them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileMediaView {
    pub headshot: Option<String>,
    /// Card-size addresses of the other photos.
    pub photos: Vec<String>,
    /// Playback addresses of showreels.
    pub reels: Vec<String>,
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "talent_media")]
pub async fn talent_media(id: String) -> Result<ProfileMediaView, AppError> {
    use takeone::{media::Purpose, routes::api};
    let id = ssr::parse_id(&id)?;
    let viewer = ssr::current_user().await?;
    let s = ssr::services()?;
    let Some(profile) = s.talents.get(id).await.map_err(ssr::internal)? else { return Ok(ProfileMediaView::default()) };
    let assets = s.media.profile_assets(viewer.as_ref(), profile.user_id).await.map_err(ssr::internal)?;
    let card = |a: &takeone::media::asset::Asset| format!("{}/card", api::url(api::MEDIA_RENDITIONS, a.id));
    let mut view = ProfileMediaView::default();
    for a in &assets {
        match a.purpose {
            Purpose::Headshot if a.is_primary => view.headshot = Some(card(a)),
            Purpose::Headshot | Purpose::Gallery => view.photos.push(card(a)),
            Purpose::Showreel if a.hls => view.reels.push(api::url(api::MEDIA_PLAYBACK, a.id)),
            _ => {}
        }
    }
    Ok(view)
}
