//! The hirer's dashboard: the organization's calls with their applications per status.

use crate::{
    api::hirer::hirer_dashboard,
    components::{
        call_card::fmt_deadline,
        layout::{ErrorPanel, PageMeta},
    },
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_meta::Meta;
use takeone::{application::ApplicationStatus, casting::CallStatus, routes::Page};

/// The pipeline columns of the dashboard.
const COLUMNS: [ApplicationStatus; 5] = [
    ApplicationStatus::Submitted,
    ApplicationStatus::Viewed,
    ApplicationStatus::Shortlisted,
    ApplicationStatus::OnHold,
    ApplicationStatus::Booked,
];

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| hirer_dashboard());
    view! {
        <PageMeta title=i18n.t("dashboard-title")/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(d) => {
                    let name = d.organization.name(i18n.locale).to_string();
                    let status_counts = CallStatus::ALL
                        .iter()
                        .filter_map(|s| d.calls_by_status.get(s.as_str()).map(|n| (*s, *n)))
                        .collect::<Vec<_>>();
                    view! {
                        <div class="section-header">
                            <div>
                                <h1>{i18n.t("dashboard-title")}</h1>
                                <p class="muted">{name}{d.organization.verified.then(|| format!(" · {}", i18n.t("badge-verified")))}</p>
                            </div>
                            <div class="cluster">
                                <a class="btn btn-primary" href=i18n.page(&Page::NewCall)>{i18n.t("nav-post-call")}</a>
                                <a class="btn btn-secondary" href=i18n.page(&Page::HirerOrganization)>{i18n.t("organization-title")}</a>
                            </div>
                        </div>
                        {(!d.trusted).then(|| view! { <p class="notice">{i18n.t("dashboard-review-notice")}</p> })}
                        <ul class="stat-row">
                            {status_counts.into_iter().map(|(s, n)| view! {
                                <li class="stat" data-call-status=s.as_str()><span class="stat-n">{n}</span><span>{i18n.t(&s.label_key())}</span></li>
                            }).collect_view()}
                            {COLUMNS.iter().map(|s| view! {
                                <li class="stat" data-app-status=s.as_str()>
                                    <span class="stat-n">{d.applications_by_status.get(s).copied().unwrap_or(0)}</span>
                                    <span>{i18n.t(&s.label_key())}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                        {if d.calls.is_empty() {
                            view! { <p class="empty-state">{i18n.t("my-calls-empty")}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table class="table dashboard-table">
                                        <thead>
                                            <tr>
                                                <th scope="col">{i18n.t("field-title")}</th>
                                                <th scope="col">{i18n.t("field-status")}</th>
                                                <th scope="col">{i18n.t("field-deadline")}</th>
                                                {COLUMNS.iter().map(|s| view! { <th scope="col">{i18n.t(&s.label_key())}</th> }).collect_view()}
                                                <th scope="col">{i18n.t("field-roles")}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {d.calls.into_iter().map(|c| {
                                                let status = if c.closed_reason.as_deref() == Some("expired") { i18n.t("badge-expired") } else { i18n.t(&c.status.label_key()) };
                                                view! {
                                                    <tr data-call=c.call_id.to_string()>
                                                        <td>
                                                            <a href=i18n.page(&Page::CastingCall { id: c.call_id })>{c.title.clone()}</a>
                                                            " "
                                                            <a class="muted" href=i18n.page(&Page::EditCall { id: c.call_id })>{i18n.t("call-edit")}</a>
                                                        </td>
                                                        <td>{status}</td>
                                                        <td>{c.deadline.map(|d| fmt_deadline(i18n, d))}</td>
                                                        {COLUMNS.iter().map(|s| view! { <td class="num">{c.applications.get(s).copied().unwrap_or(0)}</td> }).collect_view()}
                                                        <td>
                                                            <ul class="plain-list">
                                                                {c.roles.iter().map(|(id, name)| view! {
                                                                    <li><a href=i18n.page(&Page::Worksheet { call: c.call_id, role: *id })>{name.clone()}</a></li>
                                                                }).collect_view()}
                                                            </ul>
                                                        </td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
