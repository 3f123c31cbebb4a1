use crate::{
    api::calls::list_calls,
    components::{
        call_card::CallCard,
        layout::{Alternates, ErrorPanel, PageMeta},
    },
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use takeone::{
    casting::Gender,
    city::City,
    routes::{Page, with_raw_query},
};

#[component]
pub fn CallListPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move |k: &str| query.with(|m| m.get(k).unwrap_or_default());
    let calls = Resource::new(
        move || (q("city"), q("gender"), q("paid"), q("page")),
        |(city, gender, paid, page)| list_calls(city, gender, paid, page),
    );
    view! {
        <PageMeta title=i18n.t("list-title") description=i18n.t("home-lead")/>
        <Alternates base=crate::site::public_url() page=Page::CastingCalls/>
        <h1>{i18n.t("list-title")}</h1>
        <div class="list-layout">
            <aside class="filters">
                <form class="filter-form stack" method="get" action=i18n.page(&Page::CastingCalls) role="search" aria-label=i18n.t("filter-title")>
                    <div class="field">
                        <label class="label" for="filter-city">{i18n.t("field-city")}</label>
                        <select class="input" id="filter-city" name="city">
                            <option value="">{i18n.t("filter-any-city")}</option>
                            {City::ALL.iter().map(|c| {
                                let slug = c.slug();
                                view! { <option value=slug selected=move || q("city") == slug>{i18n.t(&c.name_key())}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label class="label" for="filter-gender">{i18n.t("field-role-gender")}</label>
                        <select class="input" id="filter-gender" name="gender">
                            <option value="">{i18n.t("filter-any-gender")}</option>
                            {[Gender::Female, Gender::Male].into_iter().map(|g| {
                                let v = g.as_str();
                                view! { <option value=v selected=move || q("gender") == v>{i18n.t(&g.label_key())}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label class="label" for="filter-paid">{i18n.t("field-paid")}</label>
                        <select class="input" id="filter-paid" name="paid">
                            <option value="">{i18n.t("filter-any-pay")}</option>
                            <option value="paid" selected=move || q("paid") == "paid">{i18n.t("badge-paid")}</option>
                            <option value="unpaid" selected=move || q("paid") == "unpaid">{i18n.t("badge-unpaid")}</option>
                        </select>
                    </div>
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit">{i18n.t("filter-apply")}</button>
                        <a class="btn btn-ghost" href=i18n.page(&Page::CastingCalls)>{i18n.t("filter-clear")}</a>
                    </div>
                </form>
            </aside>
            <section class="results" aria-live="polite">
                <Suspense fallback=|| ()>
                    {move || calls.get().map(|r| match r {
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok(list) => {
                            let bad = (!list.filter_errors.is_empty()).then(|| view! {
                                <div class="alert alert-error" role="alert">{i18n.t("filter-invalid")}</div>
                            });
                            let pages = list.pages;
                            let current = list.page;
                            let filter = list.filter.clone();
                            let pagination = (pages > 1).then(|| view! {
                                <nav class="pagination" aria-label=i18n.t("pagination")>
                                    {(current > 1).then(|| view! {
                                        <a class="page-link" rel="prev" href=with_raw_query(i18n.page(&Page::CastingCalls), &filter.query(current - 1))>{i18n.t("page-prev")}</a>
                                    })}
                                    <span class="page-current" aria-current="page">
                                        {i18n.t_with("page-of", &[("page", current.to_string()), ("pages", pages.to_string())])}
                                    </span>
                                    {(current < pages).then(|| view! {
                                        <a class="page-link" rel="next" href=with_raw_query(i18n.page(&Page::CastingCalls), &filter.query(current + 1))>{i18n.t("page-next")}</a>
                                    })}
                                </nav>
                            });
                            let body = if list.items.is_empty() {
                                view! {
                                    <div class="empty-state">
                                        <p>{i18n.t("list-empty")}</p>
                                        <a class="btn btn-secondary" href=i18n.page(&Page::CastingCalls)>{i18n.t("filter-clear")}</a>
                                    </div>
                                }.into_any()
                            } else {
                                view! {
                                    <div class="call-grid">
                                        {list.items.into_iter().map(|(call, state)| view! { <CallCard call state/> }).collect_view()}
                                    </div>
                                }.into_any()
                            };
                            view! {
                                {bad}
                                <p class="results-count">{i18n.t_with("list-count", &[("count", list.total.to_string())])}</p>
                                {body}
                                {pagination}
                            }.into_any()
                        }
                    })}
                </Suspense>
            </section>
        </div>
    }
}
