use crate::errors::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;
use takeone::account::{RegistrationInput, User};
#[cfg(feature = "ssr")]
use takeone::{
    Locale,
    routes::{Page, with_query},
};

#[cfg(feature = "ssr")]
use crate::ssr;

/// The sign-in form as typed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LoginInput {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    /// Where to go after signing in (a path of this site), e.g. back to an invitation.
    #[serde(default)]
    pub next: String,
}

/// A path on this site to continue to, or `None` for anything else (no open redirects).
pub fn safe_next(next: &str) -> Option<String> {
    let n = next.trim();
    let ok = n.starts_with('/')
        && !n.starts_with("//")
        && !n.contains('\\')
        && !n.chars().any(char::is_control)
        && !n.contains("://")
        && takeone::Locale::from_path(n).is_some();
    ok.then(|| n.to_string())
}

#[cfg(feature = "ssr")]
fn lang(code: &str) -> Locale {
    Locale::from_code(code).unwrap_or_default()
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "get_current_user")]
pub async fn get_current_user() -> Result<Option<User>, AppError> {
    ssr::current_user().await
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "register")]
pub async fn register(lang_code: String, #[server(default)] next: String, form: RegistrationInput) -> Result<(), AppError> {
    use takeone::account::Registration;
    let locale = lang(&lang_code);
    let page = if form.invitation.is_empty() {
        Page::Register { role: None, next: None }.href(locale)
    } else {
        Page::Join { token: form.invitation.clone() }.href(locale)
    };
    let kept = RegistrationInput { password: String::new(), ..form.clone() };
    let reg = Registration::parse(&form, locale).map_err(|errors| ssr::form_failure("register", &kept, errors, None, 422, page.clone()))?;
    let services = ssr::services()?;
    let user = services.accounts.register(reg, &ssr::request_meta()).await.map_err(|e| ssr::failure("register", &kept, e, page))?;
    ssr::sign_in(&user).await?;
    let next = match safe_next(&next) {
        Some(n) => n,
        None if form.invitation.is_empty() => Page::Account.href(locale),
        None => Page::Hirer.href(locale),
    };
    ssr::redirect(&next);
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "login")]
pub async fn login(lang_code: String, form: LoginInput) -> Result<(), AppError> {
    let locale = lang(&lang_code);
    let page = Page::Login { next: None }.href(locale);
    let kept = LoginInput { password: String::new(), ..form.clone() };
    let services = ssr::services()?;
    let user = services
        .accounts
        .login(takeone::account::LoginInput { email: &form.email, password: &form.password }, &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("login", &kept, e, page))?;
    ssr::sign_in(&user).await?;
    ssr::redirect(&safe_next(&form.next).unwrap_or_else(|| Page::Account.href(locale)));
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "logout")]
pub async fn logout(lang_code: String) -> Result<(), AppError> {
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
    ssr::redirect(&Page::Home.href(locale));
    Ok(())
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ForgotInput {
    #[serde(default)]
    pub email: String,
}

/// Mails a reset link if the address has an account; the page says the same either way.
#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "forgot_password")]
pub async fn forgot_password(lang_code: String, form: ForgotInput) -> Result<(), AppError> {
    let locale = lang(&lang_code);
    let page = Page::ForgotPassword.href(locale);
    ssr::services()?
        .accounts
        .request_password_reset(&form.email, &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("forgot", &form, e, page.clone()))?;
    ssr::redirect(&with_query(page, &[("sent", "1")]));
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "reset_link_valid")]
pub async fn reset_link_valid(token: String) -> Result<bool, AppError> {
    ssr::services()?.accounts.reset_token_valid(&token).await.map_err(ssr::internal)
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ResetInput {
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub password: String,
}

/// A new password from a reset link; every session of the account ends, then this browser signs in.
#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "reset_password")]
pub async fn reset_password(lang_code: String, form: ResetInput) -> Result<(), AppError> {
    let locale = lang(&lang_code);
    let page = Page::ResetPassword { token: form.token.clone() }.href(locale);
    let kept = ResetInput { password: String::new(), ..form.clone() };
    let user = ssr::services()?
        .accounts
        .reset_password(&form.token, &form.password, &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("reset", &kept, e, page))?;
    ssr::sign_in(&user).await?;
    ssr::redirect(&with_query(Page::Account.href(locale), &[("reset", "1")]));
    Ok(())
}

/// Confirms the address from the link in the verification mail (a button, so that mail
/// scanners that open links do not use it up).
#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "verify_email")]
pub async fn verify_email(lang_code: String, token: String) -> Result<(), AppError> {
    let locale = lang(&lang_code);
    let page = Page::VerifyEmail { token: token.clone() }.href(locale);
    ssr::services()?.accounts.verify_email(&token, &ssr::request_meta()).await.map_err(|e| ssr::failure("verify", &(), e, page))?;
    ssr::redirect(&with_query(Page::Account.href(locale), &[("verified", "1")]));
    Ok(())
}

#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "resend_verification")]
pub async fn resend_verification(lang_code: String) -> Result<(), AppError> {
    let locale = lang(&lang_code);
    let user = ssr::require_user().await?;
    let page = Page::Account.href(locale);
    ssr::services()?.accounts.resend_verification(&user).await.map_err(|e| ssr::failure("resend", &(), e, page.clone()))?;
    ssr::redirect_plain(&with_query(page, &[("resent", "1")]));
    Ok(())
}
