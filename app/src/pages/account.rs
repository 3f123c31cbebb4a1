use crate::{
    api::auth::get_current_user,
    components::{call_card::fmt_date, layout::{ErrorPanel, PageMeta}},
    errors::AppError,
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_meta::Meta;
use takeone::account::UserRole;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let user = Resource::new(|| (), |_| get_current_user());
    view! {
        <PageMeta title=i18n.t("account-title")/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| ()>
            {move || user.get().map(|r| match r.and_then(|u| u.ok_or(AppError::Unauthorized)) {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(u) => {
                    let role = i18n.t(&format!("role-{}", u.role.as_str()));
                    let actions = match u.role {
                        UserRole::Hirer => view! {
                            <div class="cluster">
                                <a class="btn btn-primary" href=i18n.href("hirer/calls/new")>{i18n.t("nav-post-call")}</a>
                                <a class="btn btn-secondary" href=i18n.href("hirer/calls")>{i18n.t("my-calls-title")}</a>
                            </div>
                        }.into_any(),
                        _ => view! {
                            <div class="cluster">
                                <a class="btn btn-primary" href=i18n.href("casting-calls")>{i18n.t("home-browse")}</a>
                            </div>
                        }.into_any(),
                    };
                    view! {
                        <section class="account-card stack">
                            <h1>{i18n.t_with("account-welcome", &[("name", u.display_name.clone())])}</h1>
                            <dl class="facts">
                                <dt>{i18n.t("field-email")}</dt>
                                <dd class="ltr">{u.email.clone()}</dd>
                                <dt>{i18n.t("field-account-type")}</dt>
                                <dd>{role}</dd>
                                {u.organization_name.clone().map(|o| view! { <dt>{i18n.t("field-organization")}</dt><dd>{o}</dd> })}
                                <dt>{i18n.t("account-member-since")}</dt>
                                <dd>{fmt_date(i18n, u.created_at.date())}</dd>
                            </dl>
                            {actions}
                        </section>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
