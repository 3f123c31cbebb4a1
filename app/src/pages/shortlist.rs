//! The read-only page behind a shortlist link. No contact details, no notes, no minors.

use crate::{
    api::hirer::shortlist,
    components::{
        bits::{Chips, StatusBadge, fmt_datetime},
        layout::{ErrorPanel, PageMeta},
    },
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ShortlistPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("token").unwrap_or_default()), shortlist);
    view! {
        <PageMeta title=i18n.t("shortlist-title")/>
        <Meta name="robots" content="noindex, nofollow"/>
        <Meta name="referrer" content="no-referrer"/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(v) => view! {
                    <section class="stack shortlist">
                        <h1>{format!("{} · {}", v.call_title, v.role_name)}</h1>
                        <p class="muted">
                            {v.company.clone().unwrap_or_default()}" · "
                            {i18n.t_with("shortlist-until", &[("date", fmt_datetime(i18n, v.expires_at))])}
                        </p>
                        {(v.minors_hidden > 0).then(|| view! { <p class="notice">{i18n.t_with("shortlist-minors-hidden", &[("count", v.minors_hidden.to_string())])}</p> })}
                        {if v.entries.is_empty() {
                            view! { <p class="empty-state">{i18n.t("shortlist-empty")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="shortlist-grid">
                                    {v.entries.into_iter().map(|(a, status)| {
                                        let headshot = v.headshots.get(&a.profile_id).cloned();
                                        let initials: String = a.stage_name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
                                        let mut facts = vec![];
                                        if let Some(age) = a.age { facts.push(i18n.t_with("applicant-age", &[("age", age.to_string())])); }
                                        if let Some(c) = a.city { facts.push(i18n.t(&c.name_key())); }
                                        view! {
                                            <li class="card stack shortlist-entry">
                                                <div class="cluster">
                                                    {match headshot {
                                                        Some(src) => view! { <img class="row-thumb" src=src alt="" width="40" height="40"/> }.into_any(),
                                                        None => view! { <span class="avatar" aria-hidden="true">{initials}</span> }.into_any(),
                                                    }}
                                                    <h2 class="h3">{a.stage_name}</h2>
                                                </div>
                                                <p>{facts.join(" · ")}</p>
                                                <StatusBadge status/>
                                                <Chips keys=a.languages.iter().map(|x| x.label_key()).collect()/>
                                                <Chips keys=a.dialects.iter().map(|x| x.label_key()).collect()/>
                                                <Chips keys=a.skills.iter().map(|x| x.label_key()).collect()/>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                }.into_any(),
            })}
        </Suspense>
    }
}
