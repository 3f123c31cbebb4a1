use crate::{
    api::calls::latest_calls,
    components::{
        call_card::CallCard,
        layout::{Alternates, ErrorPanel, PageMeta},
    },
    i18n::use_i18n,
};
use leptos::prelude::*;
use takeone::routes::Page;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let calls = Resource::new(|| (), |_| latest_calls());
    view! {
        <PageMeta title=i18n.t("home-title") description=i18n.t("home-lead")/>
        <Alternates base=crate::site::public_url() page=Page::Home/>
        <section class="hero">
            <h1>{i18n.t("home-title")}</h1>
            <p class="lead">{i18n.t("home-lead")}</p>
            <div class="hero-actions cluster">
                <a class="btn btn-primary" href=i18n.page(&Page::CastingCalls)>{i18n.t("home-browse")}</a>
                <a class="btn btn-secondary" href=i18n.page(&Page::Register { role: None, next: None })>{i18n.t("home-join")}</a>
            </div>
        </section>
        <section class="section" aria-labelledby="latest-heading">
            <div class="section-header">
                <h2 id="latest-heading">{i18n.t("home-latest")}</h2>
                <a href=i18n.page(&Page::CastingCalls)>{i18n.t("home-see-all")}</a>
            </div>
            <Suspense fallback=|| ()>
                {move || calls.get().map(|r| match r {
                    Ok(items) if items.is_empty() => view! { <p class="empty-state">{i18n.t("list-empty")}</p> }.into_any(),
                    Ok(items) => view! {
                        <div class="call-grid">
                            {items.into_iter().map(|(call, state)| view! { <CallCard call state/> }).collect_view()}
                        </div>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
