//! Forgotten passwords and e-mail verification: the links the mails carry land here.

use crate::{
    api::auth::{ForgotPassword, ResetPassword, VerifyEmail, reset_link_valid},
    components::layout::{ErrorPanel, PageMeta},
    errors::AppError,
    forms::{AppForm, FormError, Input, InputKind, use_feedback},
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;
use takeone::routes::Page;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = ServerAction::<ForgotPassword>::new();
    let feedback = use_feedback("forgot".into(), move || action.value().get());
    let sent = move || query.with(|q| q.get("sent").is_some()) || matches!(action.value().get(), Some(Ok(())));
    view! {
        <PageMeta title=i18n.t("forgot-title")/>
        <Suspense fallback=|| ()>
        <section class="form-card stack">
            <h1>{i18n.t("forgot-title")}</h1>
            {move || if sent() {
                view! { <p class="notice notice-success" role="status">{i18n.t("forgot-sent")}</p> }.into_any()
            } else {
                view! {
                    <p class="muted">{i18n.t("forgot-lead")}</p>
                    <AppForm action=action attr:class="form stack" attr:novalidate=true>
                        <FormError feedback/>
                        <Input field="email".into() label=i18n.t("field-email") feedback kind=InputKind::Email required=true/>
                        <div class="form-actions"><button class="btn btn-primary" type="submit">{i18n.t("forgot-submit")}</button></div>
                    </AppForm>
                }.into_any()
            }}
        </section>
        </Suspense>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token").unwrap_or_default());
    let valid = Resource::new(token, reset_link_valid);
    let action = ServerAction::<ResetPassword>::new();
    let feedback = use_feedback("reset".into(), move || action.value().get());
    view! {
        <PageMeta title=i18n.t("reset-title")/>
        <Meta name="robots" content="noindex"/>
        <Meta name="referrer" content="no-referrer"/>
        <Suspense fallback=|| ()>
            {move || valid.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(false) => view! {
                    <section class="form-card stack">
                        <h1>{i18n.t("reset-title")}</h1>
                        <p class="notice notice-warning" role="alert">{i18n.t("error-link-invalid")}</p>
                        <a class="btn btn-primary" href=i18n.page(&Page::ForgotPassword)>{i18n.t("reset-new-link")}</a>
                    </section>
                }.into_any(),
                Ok(true) => view! {
                    <section class="form-card stack">
                        <h1>{i18n.t("reset-title")}</h1>
                        <AppForm action=action attr:class="form stack" attr:novalidate=true>
                            <input type="hidden" name="form[token]" value=token()/>
                            <FormError feedback/>
                            <Input field="password".into() label=i18n.t("field-new-password") feedback kind=InputKind::NewPassword required=true hint=i18n.t("password-hint")/>
                            <div class="form-actions"><button class="btn btn-primary" type="submit">{i18n.t("reset-submit")}</button></div>
                        </AppForm>
                    </section>
                }.into_any(),
            })}
        </Suspense>
    }
}

/// A button, not the link itself, confirms: mail scanners that open links must not use it up.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token").unwrap_or_default());
    let action = ServerAction::<VerifyEmail>::new();
    let feedback = use_feedback("verify".into(), move || action.value().get());
    view! {
        <PageMeta title=i18n.t("verify-title")/>
        <Meta name="robots" content="noindex"/>
        <Meta name="referrer" content="no-referrer"/>
        <Suspense fallback=|| ()>
        <section class="form-card stack">
            <h1>{i18n.t("verify-title")}</h1>
            {move || token().is_empty().then(|| view! { <ErrorPanel error=AppError::NotFound/> })}
            <AppForm action=action attr:class="form stack">
                <input type="hidden" name="token" value=token/>
                <FormError feedback/>
                <p>{i18n.t("verify-lead")}</p>
                <div class="form-actions"><button class="btn btn-primary" type="submit">{i18n.t("verify-submit")}</button></div>
            </AppForm>
        </section>
        </Suspense>
    }
}
