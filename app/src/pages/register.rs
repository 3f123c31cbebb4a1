use crate::{
    api::auth::Register,
    components::layout::{Alternates, PageMeta},
    forms::{AppForm, FormError, Input, InputKind, field_error, typed, use_feedback},
    i18n::use_i18n,
};
use leptos::prelude::*;
use takeone::routes::Page;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Register>::new();
    let feedback = use_feedback("register".into(), move || action.value().get());
    let query = leptos_router::hooks::use_query_map();
    let asked = move || query.with(|q| q.get("role").filter(|r| ["talent", "hirer", "guardian"].contains(&r.as_str())));
    let role = Signal::derive(move || typed(&feedback.get(), "role").or_else(asked).unwrap_or_else(|| "talent".into()));
    let next = move || query.with(|q| q.get("next").and_then(|n| crate::api::auth::safe_next(&n)).unwrap_or_default());
    let role_error = Signal::derive(move || field_error(&feedback.get(), "role"));
    view! {
        <PageMeta title=i18n.t("register-title")/>
        <Alternates base=crate::site::public_url() page=Page::Register { role: None, next: None }/>
        <Suspense fallback=|| ()>
            <section class="form-card">
                <h1>{i18n.t("register-title")}</h1>
                <p class="muted">{i18n.t("register-lead")}</p>
                <AppForm action=action attr:class="form stack" attr:novalidate=true>
                    <input type="hidden" name="next" value=next/>
                    <FormError feedback/>
                    <fieldset class="field" class:has-error=move || role_error.get().is_some()>
                        <legend class="label">{i18n.t("field-account-type")}</legend>
                        <div class="radio-group">
                            {["talent", "hirer", "guardian"].into_iter().map(|r| view! {
                                <label class="radio">
                                    <input type="radio" name="form[role]" value=r checked=move || role.get() == r/>
                                    {i18n.t(&format!("role-{r}"))}
                                </label>
                            }).collect_view()}
                        </div>
                        {move || role_error.get().map(|m| view! { <p class="field-error" id="role-error">{i18n.msg(&m)}</p> })}
                    </fieldset>
                    <Input field="name".into() label=i18n.t("field-name") feedback required=true maxlength=80/>
                    <Input field="email".into() label=i18n.t("field-email") feedback kind=InputKind::Email required=true/>
                    <Input
                        field="password".into()
                        label=i18n.t("field-password")
                        feedback
                        kind=InputKind::NewPassword
                        required=true
                        hint=i18n.t("password-hint")
                    />
                    <Input
                        field="organization".into()
                        label=i18n.t("field-organization")
                        feedback
                        hint=i18n.t("organization-hint")
                        maxlength=120
                    />
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit" disabled=move || action.pending().get()>
                            {i18n.t("register-submit")}
                        </button>
                        <a href=i18n.page(&Page::Login { next: None })>{i18n.t("register-have-account")}</a>
                    </div>
                </AppForm>
            </section>
        </Suspense>
    }
}
