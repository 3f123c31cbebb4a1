use crate::{
    api::calls::my_calls,
    components::{call_card::fmt_deadline, layout::{ErrorPanel, PageMeta}},
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_meta::Meta;

#[component]
pub fn MyCallsPage() -> impl IntoView {
    let i18n = use_i18n();
    let calls = Resource::new(|| (), |_| my_calls());
    view! {
        <PageMeta title=i18n.t("my-calls-title")/>
        <Meta name="robots" content="noindex"/>
        <div class="section-header">
            <h1>{i18n.t("my-calls-title")}</h1>
            <a class="btn btn-primary" href=i18n.href("hirer/calls/new")>{i18n.t("nav-post-call")}</a>
        </div>
        <Suspense fallback=|| ()>
            {move || calls.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p class="empty-state">{i18n.t("my-calls-empty")}</p> }.into_any(),
                Ok(list) => view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.t("field-title")}</th>
                                    <th scope="col">{i18n.t("field-status")}</th>
                                    <th scope="col">{i18n.t("field-deadline")}</th>
                                    <th scope="col">{i18n.t("field-roles")}</th>
                                    <th scope="col"><span class="visually-hidden">{i18n.t("call-edit")}</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {list.into_iter().map(|c| view! {
                                    <tr>
                                        <td><a href=i18n.href(&format!("casting-calls/{}", c.id))>{c.title.clone()}</a></td>
                                        <td>{i18n.t(&c.status.label_key())}</td>
                                        <td>{c.deadline.map(|d| fmt_deadline(i18n, d))}</td>
                                        <td>{c.roles.len()}</td>
                                        <td><a href=i18n.href(&format!("hirer/calls/{}/edit", c.id))>{i18n.t("call-edit")}</a></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            })}
        </Suspense>
    }
}
