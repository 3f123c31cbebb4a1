use crate::{
    api::auth::Login,
    components::layout::{Alternates, PageMeta},
    forms::{AppForm, FormError, Input, InputKind, use_feedback},
    i18n::use_i18n,
};
use leptos::prelude::*;
use takeone::routes::Page;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Login>::new();
    let feedback = use_feedback("login".into(), move || action.value().get());
    let query = leptos_router::hooks::use_query_map();
    let next = move || {
        crate::forms::typed(&feedback.get(), "next")
            .or_else(|| query.with(|q| q.get("next")))
            .and_then(|n| crate::api::auth::safe_next(&n))
            .unwrap_or_default()
    };
    view! {
        <PageMeta title=i18n.t("login-title")/>
        <Alternates base=crate::site::public_url() page=Page::Login { next: None }/>
        <Suspense fallback=|| ()>
            <section class="form-card">
                <h1>{i18n.t("login-title")}</h1>
                <AppForm action=action attr:class="form stack" attr:novalidate=true>
                    <input type="hidden" name="form[next]" value=next/>
                    <FormError feedback/>
                    <Input field="email".into() label=i18n.t("field-email") feedback kind=InputKind::Email required=true/>
                    <Input field="password".into() label=i18n.t("field-password") feedback kind=InputKind::Password required=true/>
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit" disabled=move || action.pending().get()>
                            {i18n.t("login-submit")}
                        </button>
                        <a href=i18n.page(&Page::Register { role: None, next: None })>{i18n.t("login-no-account")}</a>
                        <a href=i18n.page(&Page::ForgotPassword)>{i18n.t("login-forgot")}</a>
                    </div>
                </AppForm>
            </section>
        </Suspense>
    }
}
