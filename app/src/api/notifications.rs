use crate::errors::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;
use takeone::notify::Notification;

#[cfg(feature = "ssr")]
use crate::ssr;

/// Unread notifications of the signed-in person (0 for a visitor), for the bell.
#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "unread_count")]
pub async fn unread_count() -> Result<i64, AppError> {
    match ssr::current_user().await? {
        Some(u) => ssr::services()?.inbox.unread_count(u.id).await.map_err(ssr::internal),
        None => Ok(0),
    }
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "notifications")]
pub async fn notifications() -> Result<Vec<Notification>, AppError> {
    let user = ssr::require_user().await?;
    ssr::services()?.inbox.latest(user.id, 100).await.map_err(ssr::internal)
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "mark_notifications_read")]
pub async fn mark_notifications_read(lang_code: String) -> Result<(), AppError> {
    let user = ssr::require_user().await?;
    ssr::services()?.inbox.mark_read(user.id, None).await.map_err(ssr::internal)?;
    ssr::redirect_plain(&takeone::routes::Page::Notifications.href(ssr::locale(&lang_code)));
    Ok(())
}
