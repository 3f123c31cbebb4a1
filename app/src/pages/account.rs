use crate::{
    api::auth::{ResendVerification, get_current_user},
    components::{
        bits::Flash,
        call_card::fmt_date,
        layout::{ErrorPanel, PageMeta},
    },
    errors::AppError,
    forms::{AppForm, FormError, use_feedback},
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;
use takeone::{account::UserRole, routes::Page};

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let user = Resource::new(|| (), |_| get_current_user());
    let resend = ServerAction::<ResendVerification>::new();
    let feedback = use_feedback("resend".into(), move || resend.value().get());
    let flag = move |k: &'static str| Signal::derive(move || query.with(|q| q.get(k).is_some()));
    let resent = Signal::derive(move || query.with(|q| q.get("resent").is_some()) || matches!(resend.value().get(), Some(Ok(()))));
    view! {
        <PageMeta title=i18n.t("account-title")/>
        <Meta name="robots" content="noindex"/>
        <Flash key="account-verified" show=flag("verified")/>
        <Flash key="account-password-reset" show=flag("reset")/>
        <Suspense fallback=|| ()>
            {move || user.get().map(|r| match r.and_then(|u| u.ok_or(AppError::Unauthorized)) {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(u) => {
                    let role = i18n.t(&format!("role-{}", u.role.as_str()));
                    let links: Vec<(Page, &str, &str)> = match u.role {
                        UserRole::Hirer => vec![
                            (Page::NewCall, "nav-post-call", "btn btn-primary"),
                            (Page::Hirer, "dashboard-title", "btn btn-secondary"),
                            (Page::HirerOrganization, "organization-title", "btn btn-secondary"),
                            (Page::Billing, "billing-title", "btn btn-secondary"),
                        ],
                        UserRole::Talent => vec![
                            (Page::Profile, "profile-edit-title", "btn btn-primary"),
                            (Page::Applications, "my-applications-title", "btn btn-secondary"),
                            (Page::CastingCalls, "home-browse", "btn btn-secondary"),
                            (Page::Billing, "billing-title", "btn btn-secondary"),
                        ],
                        UserRole::Guardian => vec![(Page::Applications, "nav-wards", "btn btn-primary")],
                        UserRole::Admin => vec![(Page::Admin, "admin-title", "btn btn-primary")],
                    };
                    view! {
                        <section class="account-card stack">
                            <h1>{i18n.t_with("account-welcome", &[("name", u.display_name.clone())])}</h1>
                            {(!u.email_verified).then(|| view! {
                                <div class="notice notice-warning stack" role="status">
                                    <p>{i18n.t_with("account-verify-needed", &[("email", u.email.clone())])}</p>
                                    <Flash key="account-verification-resent" show=resent/>
                                    <AppForm action=resend attr:class="inline-form">
                                        <FormError feedback/>
                                        <button class="btn btn-secondary btn-small" type="submit">{i18n.t("account-verify-resend")}</button>
                                    </AppForm>
                                </div>
                            })}
                            <dl class="facts">
                                <dt>{i18n.t("field-email")}</dt>
                                <dd class="ltr">{u.email.clone()}</dd>
                                <dt>{i18n.t("field-account-type")}</dt>
                                <dd>{role}</dd>
                                {u.organization_name.clone().map(|o| view! { <dt>{i18n.t("field-organization")}</dt><dd>{o}</dd> })}
                                <dt>{i18n.t("account-member-since")}</dt>
                                <dd>{fmt_date(i18n, u.created_at.date())}</dd>
                            </dl>
                            <div class="cluster">
                                {links.into_iter().map(|(page, key, class)| view! { <a class=class href=i18n.page(&page)>{i18n.t(key)}</a> }).collect_view()}
                            </div>
                        </section>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
