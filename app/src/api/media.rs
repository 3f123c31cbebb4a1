use crate::errors::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;
use takeone::media::{AssetStatus, Purpose, similar::SimilarPair};

#[cfg(feature = "ssr")]
use crate::ssr;

/// One of the talent's files as the media page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MediaItem {
    pub id: String,
    pub purpose: Purpose,
    pub status: AssetStatus,
    pub filename: String,
    pub thumb: Option<String>,
    pub primary: bool,
    pub progress: Option<u8>,
    /// Why it was refused or failed (a message key).
    pub reason: Option<String>,
    pub duration_s: Option<f64>,
    /// Where a player asks for the signed manifest (ready videos).
    pub playback: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MediaPage {
    pub items: Vec<MediaItem>,
    pub used: u64,
    pub quota: u64,
}

#[cfg(feature = "ssr")]
fn item(a: &takeone::media::asset::Asset) -> MediaItem {
    use takeone::{media::Media, routes::api};
    let urls = Media::rendition_urls(a);
    let pick = |name: &str| urls.iter().find(|(n, _)| n == name).map(|(_, u)| u.clone());
    MediaItem {
        id: a.id.to_string(),
        purpose: a.purpose,
        status: a.status,
        filename: a.filename.clone(),
        thumb: pick("card").or_else(|| pick("poster")),
        primary: a.is_primary,
        progress: a.progress,
        reason: a.reason.clone(),
        duration_s: a.duration_s,
        playback: a.hls.then(|| api::url(api::MEDIA_PLAYBACK, a.id)),
    }
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "my_media")]
pub async fn my_media() -> Result<MediaPage, AppError> {
    let user = ssr::require_role(&[takeone::account::UserRole::Talent]).await?;
    let media = &ssr::services()?.media;
    let items = media.list_own(user.id).await.map_err(ssr::internal)?;
    Ok(MediaPage {
        items: items.iter().map(item).collect(),
        used: media.used(user.id).await.map_err(ssr::internal)?,
        quota: takeone::media::limits::QUOTA_BYTES,
    })
}

#[cfg(feature = "ssr")]
fn media_failure(e: takeone::media::MediaError) -> AppError {
    match e {
        takeone::media::MediaError::NotFound => AppError::NotFound,
        other => ssr::internal(other),
    }
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "set_primary_media")]
pub async fn set_primary_media(lang_code: String, id: String) -> Result<(), AppError> {
    let user = ssr::require_user().await?;
    let id = ssr::parse_id(&id)?;
    ssr::services()?.media.set_primary(&user, id).await.map_err(media_failure)?;
    ssr::redirect_plain(&takeone::routes::Page::Media.href(ssr::locale(&lang_code)));
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "move_media")]
pub async fn move_media(lang_code: String, id: String, up: bool) -> Result<(), AppError> {
    let user = ssr::require_user().await?;
    let id = ssr::parse_id(&id)?;
    ssr::services()?.media.shift(&user, id, up).await.map_err(media_failure)?;
    ssr::redirect_plain(&takeone::routes::Page::Media.href(ssr::locale(&lang_code)));
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "delete_media")]
pub async fn delete_media(lang_code: String, id: String) -> Result<(), AppError> {
    let user = ssr::require_user().await?;
    let id = ssr::parse_id(&id)?;
    ssr::services()?.media.delete(&user, id, &ssr::request_meta()).await.map_err(media_failure)?;
    ssr::redirect_plain(&takeone::routes::Page::Media.href(ssr::locale(&lang_code)));
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "similar_photos")]
pub async fn similar_photos() -> Result<Vec<SimilarPair>, AppError> {
    let user = ssr::require_role(&[takeone::account::UserRole::Admin]).await?;
    ssr::services()?.media.similar_queue(&user).await.map_err(media_failure)
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "decide_similar_photo")]
pub async fn decide_similar_photo(lang_code: String, asset: String, similar: String, remove: bool) -> Result<(), AppError> {
    use takeone::media::similar::Decision;
    let user = ssr::require_role(&[takeone::account::UserRole::Admin]).await?;
    let (asset, similar) = (ssr::parse_id(&asset)?, ssr::parse_id(&similar)?);
    let decision = if remove { Decision::Remove } else { Decision::Dismiss };
    ssr::services()?.media.decide_similar(&user, asset, similar, decision, &ssr::request_meta()).await.map_err(media_failure)?;
    ssr::redirect_plain(&takeone::routes::Page::AdminMedia.href(ssr::locale(&lang_code)));
    Ok(())
}

/// The self-tape requests of an application, for its parties (newest first).
#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "application_tapes")]
pub async fn application_tapes(id: String) -> Result<Vec<takeone::media::self_tape::SelfTapeRequest>, AppError> {
    let user = ssr::require_user().await?;
    let id = ssr::parse_id(&id)?;
    ssr::services()?.media.self_tape_requests(&user, id).await.map_err(media_failure)
}

/// The files an application was sent with, as its reader may see them: (card image or poster,
/// playback address of a video).
#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "application_media")]
pub async fn application_media(id: String) -> Result<Vec<MediaItem>, AppError> {
    let user = ssr::require_user().await?;
    let id = ssr::parse_id(&id)?;
    let assets = ssr::services()?.media.sent_with(&user, id).await.map_err(media_failure)?;
    Ok(assets.iter().map(item).collect())
}
