//! Where a guardian's invitation link lands: sign in (or sign up) with the invited address and
//! accept.

use crate::{
    api::{
        auth::get_current_user,
        talent::{AcceptGuardian, guardian_invitation},
    },
    components::layout::{ErrorPanel, PageMeta},
    forms::{AppForm, FormError, use_feedback},
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;
use takeone::{account::UserRole, routes::Page};

#[component]
pub fn GuardianAcceptPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token").unwrap_or_default());
    let invitation = Resource::new(token, guardian_invitation);
    let user = Resource::new(|| (), |_| get_current_user());
    let accept = ServerAction::<AcceptGuardian>::new();
    let feedback = use_feedback("guardian-accept".into(), move || accept.value().get());
    view! {
        <PageMeta title=i18n.t("guardian-accept-title")/>
        <Meta name="robots" content="noindex"/>
        <Meta name="referrer" content="no-referrer"/>
        <Suspense fallback=|| ()>
            {move || match (invitation.get(), user.get()) {
                (Some(Err(e)), _) => Some(view! { <ErrorPanel error=e/> }.into_any()),
                (Some(Ok(inv)), Some(u)) => {
                    let here = i18n.page(&Page::GuardianAccept { token: token() });
                    Some(view! {
                        <section class="form-card stack">
                            <h1>{i18n.t("guardian-accept-title")}</h1>
                            <p>{i18n.t_with("guardian-accept-lead", &[("name", inv.talent_name.clone())])}</p>
                            {if inv.accepted {
                                view! { <p class="notice">{i18n.t("error-invitation-used")}</p> }.into_any()
                            } else if inv.expired {
                                view! { <p class="notice notice-warning">{i18n.t("error-invitation-expired")}</p> }.into_any()
                            } else if u.ok().flatten().is_some() {
                                view! {
                                    <AppForm action=accept attr:class="form stack">
                                        <input type="hidden" name="token" value=token()/>
                                        <FormError feedback/>
                                        <p class="muted">{i18n.t("guardian-accept-duties")}</p>
                                        <div class="form-actions"><button class="btn btn-primary" type="submit">{i18n.t("guardian-accept")}</button></div>
                                    </AppForm>
                                }.into_any()
                            } else {
                                view! {
                                    <p class="muted">{i18n.t_with("guardian-accept-signin", &[("email", inv.email.clone())])}</p>
                                    <div class="cluster">
                                        <a class="btn btn-primary" href=i18n.page(&Page::Register { role: Some(UserRole::Guardian), next: Some(here.clone()) })>{i18n.t("nav-register")}</a>
                                        <a class="btn btn-secondary" href=i18n.page(&Page::Login { next: Some(here) })>{i18n.t("nav-login")}</a>
                                    </div>
                                }.into_any()
                            }}
                        </section>
                    }.into_any())
                }
                _ => None,
            }}
        </Suspense>
    }
}
