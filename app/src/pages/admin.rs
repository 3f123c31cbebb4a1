//! Administrators: reports, calls in review, organizations, mail.

use crate::{
    api::admin::{
        DismissReport, RetryMail, ReviewCall, SuspendCall, VerifyOrganization, admin_mail, admin_organizations, admin_reports, review_queue,
    },
    components::{
        bits::fmt_datetime,
        layout::{ErrorPanel, PageMeta},
    },
    forms::{AppForm, FormError, TextArea, use_feedback},
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_meta::Meta;
use takeone::{notify::DeliveryStatus, routes::Page};

#[component]
pub(crate) fn AdminNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="tabs" aria-label=i18n.t("admin-title")>
            <a class="tab" href=i18n.page(&Page::AdminReports)>{i18n.t("admin-reports")}</a>
            <a class="tab" href=i18n.page(&Page::AdminReview)>{i18n.t("admin-review")}</a>
            <a class="tab" href=i18n.page(&Page::AdminOrganizations)>{i18n.t("admin-organizations")}</a>
            <a class="tab" href=i18n.page(&Page::AdminMail)>{i18n.t("admin-mail")}</a>
            <a class="tab" href=i18n.page(&Page::AdminMedia)>{i18n.t("admin-media-title")}</a>
            <a class="tab" href=i18n.page(&Page::TwinQueue)>{i18n.t("twin-queue")}</a>
            <a class="tab" href=i18n.page(&Page::TwinSources)>{i18n.t("twin-sources")}</a>
            <a class="tab" href=i18n.page(&Page::AdminSearch)>{i18n.t("admin-search-title")}</a>
            <a class="tab" href=i18n.page(&Page::AdminBilling)>{i18n.t("admin-billing-title")}</a>
        </nav>
    }
}

#[component]
pub fn AdminHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let reports = Resource::new(|| (), |_| admin_reports());
    view! {
        <PageMeta title=i18n.t("admin-title")/>
        <Meta name="robots" content="noindex"/>
        <h1>{i18n.t("admin-title")}</h1>
        <Suspense fallback=|| ()>
            {move || reports.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(groups) => view! {
                    <AdminNav/>
                    <p>{i18n.t_with("admin-open-reports", &[("count", groups.len().to_string())])}</p>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn AdminReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let suspend = ServerAction::<SuspendCall>::new();
    let dismiss = ServerAction::<DismissReport>::new();
    let groups = Resource::new(move || (suspend.version().get(), dismiss.version().get()), |_| admin_reports());
    let feedback = use_feedback("suspend".into(), move || suspend.value().get());
    view! {
        <PageMeta title=i18n.t("admin-reports")/>
        <Meta name="robots" content="noindex"/>
        <h1>{i18n.t("admin-reports")}</h1>
        <AdminNav/>
        <Suspense fallback=|| ()>
            <FormError feedback/>
            {move || groups.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p class="empty-state">{i18n.t("admin-reports-empty")}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="plain-list stack">
                        {list.into_iter().map(|g| view! {
                            <li class="card stack report-group" data-call=g.call_id.to_string()>
                                <div class="section-header">
                                    <h2 class="h3"><a href=i18n.page(&Page::CastingCall { id: g.call_id })>{g.call_title.clone()}</a></h2>
                                    <span class="badge">{i18n.t(&g.call_status.label_key())}</span>
                                </div>
                                <ul class="plain-list">
                                    {g.reports.into_iter().map(|rep| view! {
                                        <li class="cluster report">
                                            <strong>{i18n.t(&rep.reason.label_key())}</strong>
                                            <span class="prewrap">{rep.details}</span>
                                            <span class="muted">{format!("{} · {}", rep.reporter, fmt_datetime(i18n, rep.created_at))}</span>
                                            <AppForm action=dismiss attr:class="inline-form">
                                                <input type="hidden" name="report_id" value=rep.id.to_string()/>
                                                <button class="btn btn-ghost btn-small" type="submit">{i18n.t("report-dismiss")}</button>
                                            </AppForm>
                                        </li>
                                    }).collect_view()}
                                </ul>
                                <AppForm action=suspend attr:class="inline-form">
                                    <input type="hidden" name="call_id" value=g.call_id.to_string()/>
                                    <button class="btn btn-danger" type="submit" data-testid="suspend">{i18n.t("report-suspend")}</button>
                                </AppForm>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn AdminReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let review = ServerAction::<ReviewCall>::new();
    let calls = Resource::new(move || review.version().get(), |_| review_queue());
    view! {
        <PageMeta title=i18n.t("admin-review")/>
        <Meta name="robots" content="noindex"/>
        <h1>{i18n.t("admin-review")}</h1>
        <AdminNav/>
        <Suspense fallback=|| ()>
            {move || calls.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p class="empty-state">{i18n.t("admin-review-empty")}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="plain-list stack">
                        {list.into_iter().map(|c| {
                            let feedback = use_feedback(format!("review:{}", c.id), move || review.value().get());
                            view! {
                                <li class="card stack" data-call=c.id.to_string()>
                                    <h2 class="h3"><a href=i18n.page(&Page::CastingCall { id: c.id })>{c.title.clone()}</a></h2>
                                    <p class="muted">{c.company_name(i18n.locale).unwrap_or_default().to_string()}</p>
                                    <p class="prewrap" lang=c.language.code() dir=c.language.dir()>{c.description.chars().take(400).collect::<String>()}</p>
                                    <AppForm action=review attr:class="form stack">
                                        <input type="hidden" name="call_id" value=c.id.to_string()/>
                                        <FormError feedback/>
                                        <TextArea field="note".into() label=i18n.t("review-note") feedback rows=2/>
                                        <div class="cluster">
                                            <button class="btn btn-primary" type="submit" name="form[decision]" value="approve">{i18n.t("review-approve")}</button>
                                            <button class="btn btn-danger" type="submit" name="form[decision]" value="reject">{i18n.t("review-reject")}</button>
                                        </div>
                                    </AppForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn AdminOrganizationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let verify = ServerAction::<VerifyOrganization>::new();
    let orgs = Resource::new(move || verify.version().get(), |_| admin_organizations());
    view! {
        <PageMeta title=i18n.t("admin-organizations")/>
        <Meta name="robots" content="noindex"/>
        <h1>{i18n.t("admin-organizations")}</h1>
        <AdminNav/>
        <Suspense fallback=|| ()>
            {move || orgs.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(list) => view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead><tr>
                                <th scope="col">{i18n.t("field-organization")}</th>
                                <th scope="col">{i18n.t("field-org-kind")}</th>
                                <th scope="col">{i18n.t("field-cr")}</th>
                                <th scope="col">{i18n.t("field-status")}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|o| {
                                    let action = verify_label(o.verified);
                                    view! {
                                    <tr data-org=o.id.to_string()>
                                        <td>{o.name(i18n.locale).to_string()}</td>
                                        <td>{i18n.t(&o.kind.label_key())}</td>
                                        <td class="ltr">{o.commercial_registration.clone().unwrap_or_default()}</td>
                                        <td>
                                            <AppForm action=verify attr:class="inline-form">
                                                <input type="hidden" name="org_id" value=o.id.to_string()/>
                                                <input type="hidden" name="verified" value=(!o.verified).to_string()/>
                                                <button class="btn btn-ghost btn-small" type="submit">
                                                    {i18n.t(action)}
                                                </button>
                                            </AppForm>
                                        </td>
                                    </tr>
                                }}).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn AdminMailPage() -> impl IntoView {
    let i18n = use_i18n();
    let retry = ServerAction::<RetryMail>::new();
    let data = Resource::new(move || retry.version().get(), |_| admin_mail());
    view! {
        <PageMeta title=i18n.t("admin-mail")/>
        <Meta name="robots" content="noindex"/>
        <h1>{i18n.t("admin-mail")}</h1>
        <AdminNav/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(page) => view! {
                    {page.folder.clone().map(|f| view! { <p class="muted">{i18n.t_with("mail-folder", &[("folder", f)])}</p> })}
                    <section class="stack" aria-labelledby="folder-heading">
                        <h2 id="folder-heading">{i18n.t("mail-folder-title")}</h2>
                        {if page.mails.is_empty() {
                            view! { <p class="empty-state">{i18n.t("mail-folder-empty")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list stack mail-list">
                                    {page.mails.into_iter().map(|m| view! {
                                        <li class="card stack mail" data-to=m.mail.to.clone()>
                                            <details>
                                                <summary>
                                                    <strong class="mail-subject">{m.mail.subject.clone()}</strong>
                                                    " · "<span class="ltr">{m.mail.to.clone()}</span>
                                                    " · "<span class="muted">{fmt_datetime(i18n, m.at)}</span>
                                                </summary>
                                                <pre class="mail-body prewrap">{m.mail.text.clone()}</pre>
                                                <p class="muted ltr">{m.file.clone()}</p>
                                            </details>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                    <section class="stack" aria-labelledby="deliveries-heading">
                        <h2 id="deliveries-heading">{i18n.t("mail-deliveries-title")}</h2>
                        <div class="table-wrap">
                            <table class="table">
                                <thead><tr>
                                    <th scope="col">{i18n.t("field-email")}</th>
                                    <th scope="col">{i18n.t("mail-kind")}</th>
                                    <th scope="col">{i18n.t("field-status")}</th>
                                    <th scope="col">{i18n.t("mail-attempts")}</th>
                                    <th scope="col"></th>
                                </tr></thead>
                                <tbody>
                                    {page.deliveries.into_iter().map(|d| view! {
                                        <tr data-delivery=d.id.to_string() data-status=d.status.as_str()>
                                            <td class="ltr">{d.to_address.clone()}</td>
                                            <td>{i18n.t(&d.kind.label_key())}</td>
                                            <td>{i18n.t(&d.status.label_key())}{d.last_error.clone().map(|e| view! { <span class="muted">{format!(" · {e}")}</span> })}</td>
                                            <td class="num">{d.attempts}</td>
                                            <td>
                                                {(d.status == DeliveryStatus::Failed).then(|| view! {
                                                    <AppForm action=retry attr:class="inline-form">
                                                        <input type="hidden" name="delivery_id" value=d.id.to_string()/>
                                                        <button class="btn btn-ghost btn-small" type="submit">{i18n.t("mail-retry")}</button>
                                                    </AppForm>
                                                })}
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </section>
                }.into_any(),
            })}
        </Suspense>
    }
}

fn verify_label(verified: bool) -> &'static str {
    if verified { "organization-unverify" } else { "organization-verify" }
}
