use crate::errors::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;
use takeone::account::{RegistrationInput, User};
#[cfg(feature = "ssr")]
use takeone::Locale;

#[cfg(feature = "ssr")]
use crate::ssr;

/// The sign-in form as typed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LoginInput {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
}

#[cfg(feature = "ssr")]
fn lang(code: &str) -> Locale {
    Locale::from_code(code).unwrap_or_default()
}

#[server(input = GetUrl, prefix = "/api/fn", endpoint = "get_current_user")]
pub async fn get_current_user() -> Result<Option<User>, AppError> {
    ssr::current_user().await
}

#[server(prefix = "/api/fn", endpoint = "register")]
pub async fn register(csrf_token: Option<String>, lang_code: String, form: RegistrationInput) -> Result<(), AppError> {
    let _ = csrf_token; // checked by the CSRF layer before this runs
    use takeone::account::Registration;
    let locale = lang(&lang_code);
    let page = format!("/{}/register", locale.code());
    let kept = RegistrationInput { password: String::new(), ..form.clone() };
    let reg = Registration::parse(&form, locale)
        .map_err(|errors| ssr::form_failure("register", &kept, errors, None, 422, page.clone()))?;
    let services = ssr::services()?;
    let user = services
        .accounts
        .register(reg, &ssr::request_meta())
        .await
        .map_err(|e| ssr::account_failure("register", &kept, e, page))?;
    ssr::sign_in(&user).await?;
    leptos_axum::redirect(&format!("/{}/account", locale.code()));
    Ok(())
}

#[server(prefix = "/api/fn", endpoint = "login")]
pub async fn login(csrf_token: Option<String>, lang_code: String, form: LoginInput) -> Result<(), AppError> {
    let _ = csrf_token; // checked by the CSRF layer before this runs
    let locale = lang(&lang_code);
    let page = format!("/{}/login", locale.code());
    let kept = LoginInput { password: String::new(), ..form.clone() };
    let services = ssr::services()?;
    let user = services
        .accounts
        .login(takeone::account::LoginInput { email: &form.email, password: &form.password }, &ssr::request_meta())
        .await
        .map_err(|e| ssr::account_failure("login", &kept, e, page))?;
    ssr::sign_in(&user).await?;
    leptos_axum::redirect(&format!("/{}/account", locale.code()));
    Ok(())
}

#[server(prefix = "/api/fn", endpoint = "logout")]
pub async fn logout(csrf_token: Option<String>, lang_code: String) -> Result<(), AppError> {
    let _ = csrf_token; // checked by the CSRF layer before this runs
    let locale = lang(&lang_code);
    if let Some(user) = ssr::current_user().await? {
        let services = ssr::services()?;
        takeone::audit::record(
            services.accounts.db(),
            "Logout",
            Some(user.id),
            Some(&user.id.to_string()),
            &ssr::request_meta(),
            serde_json::json!({}),
        )
        .await
        .map_err(ssr::internal)?;
    }
    ssr::sign_out().await?;
    leptos_axum::redirect(&format!("/{}/", locale.code()));
    Ok(())
}
