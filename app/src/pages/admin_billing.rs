//! Billing for administrators: revenue by plan and month as a chart with its numbers beside it,
//! subscriptions by status, renewals that failed, the latest refunds, and a search by account
//! whose invoices can be refunded in full or in part.

use super::admin::AdminNav;
use crate::{
    api::billing::{RefundInvoice, admin_billing},
    components::{
        bits::fmt_datetime,
        call_card::fmt_sar,
        layout::{ErrorPanel, PageMeta},
    },
    forms::{AppForm, FormError, Input, InputKind, field_error, typed, use_feedback},
    i18n::{I18n, use_i18n},
};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;
use takeone::billing::{PlanId, admin::BillingOverview};

#[component]
pub fn AdminBillingPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q").unwrap_or_default());
    let refund = ServerAction::<RefundInvoice>::new();
    let data = Resource::new(move || (q(), refund.version().get()), |(q, _)| admin_billing(q));
    view! {
        <PageMeta title=i18n.t("admin-billing-title")/>
        <Meta name="robots" content="noindex"/>
        <h1>{i18n.t("admin-billing-title")}</h1>
        <AdminNav/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Ok(o) => view! { <Overview o q=q() refund/> }.into_any(),
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

/// The paid plans in the chart's order, each with its colour class.
const CHARTED: [PlanId; 2] = [PlanId::TalentPro, PlanId::HirerStudio];

#[component]
fn Overview(o: BillingOverview, q: String, refund: ServerAction<RefundInvoice>) -> impl IntoView {
    let i18n = use_i18n();
    let statuses = o.statuses.clone();
    let failed = o.failed_renewals.clone();
    let refunds = o.refunds.clone();
    let accounts = o.accounts.clone();
    let names = o.clone();
    let names2 = o.clone();
    let searched = !q.trim().is_empty();
    view! {
        <section class="card stack" aria-labelledby="revenue-heading">
            <h2 id="revenue-heading">{i18n.t("admin-billing-revenue")}</h2>
            <RevenueChart o=o.clone()/>
        </section>
        <section class="card stack" aria-labelledby="statuses-heading">
            <h2 id="statuses-heading">{i18n.t("admin-billing-statuses")}</h2>
            <dl class="facts" data-testid="subscription-statuses">
                {statuses.into_iter().map(|(s, n)| view! {
                    <dt>{i18n.t(&s.label_key())}</dt><dd data-status=s.as_str()>{n.to_string()}</dd>
                }).collect_view()}
            </dl>
        </section>
        <section class="card stack" aria-labelledby="failed-heading">
            <h2 id="failed-heading">{i18n.t("admin-billing-failed")}</h2>
            {if failed.is_empty() {
                view! { <p class="muted">{i18n.t("admin-billing-failed-none")}</p> }.into_any()
            } else {
                view! {
                    <table class="table" data-testid="failed-renewals">
                        <thead><tr>
                            <th>{i18n.t("admin-billing-account")}</th><th>{i18n.t("admin-billing-plan")}</th>
                            <th>{i18n.t("invoice-total")}</th><th>{i18n.t("admin-billing-attempts")}</th>
                            <th>{i18n.t("admin-billing-next-try")}</th><th>{i18n.t("admin-billing-reason")}</th>
                        </tr></thead>
                        <tbody>
                            {failed.into_iter().map(|f| view! {
                                <tr>
                                    <td>{f.account}</td><td>{plan_name(i18n, &names, f.plan)}</td><td>{fmt_sar(i18n, f.amount)}</td>
                                    <td>{f.attempts.to_string()}</td>
                                    <td>{f.next_attempt_at.map_or_else(|| i18n.t("admin-billing-gave-up"), |t| fmt_datetime(i18n, t))}</td>
                                    <td>{f.failure.unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        <section class="card stack" aria-labelledby="refunds-heading">
            <h2 id="refunds-heading">{i18n.t("admin-billing-refunds")}</h2>
            {if refunds.is_empty() {
                view! { <p class="muted">{i18n.t("admin-billing-refunds-none")}</p> }.into_any()
            } else {
                view! {
                    <table class="table" data-testid="refunds">
                        <thead><tr>
                            <th>{i18n.t("invoice-number")}</th><th>{i18n.t("invoice-refers-to")}</th><th>{i18n.t("invoice-buyer")}</th>
                            <th>{i18n.t("invoice-total")}</th><th>{i18n.t("invoice-date")}</th>
                        </tr></thead>
                        <tbody>
                            {refunds.into_iter().map(|r| view! {
                                <tr>
                                    <td class="ltr">{r.label}</td><td class="ltr">{r.refers_to.unwrap_or_default()}</td><td>{r.buyer}</td>
                                    <td>{fmt_sar(i18n, r.total)}</td><td>{fmt_datetime(i18n, r.issued_at)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        <section class="card stack" aria-labelledby="accounts-heading">
            <h2 id="accounts-heading">{i18n.t("admin-billing-accounts")}</h2>
            <form method="get" class="inline-form" role="search">
                <label for="billing-q">{i18n.t("admin-billing-search")}</label>
                <input id="billing-q" type="search" name="q" value=q.clone() minlength="2"/>
                <button class="btn btn-secondary" type="submit">{i18n.t("admin-billing-find")}</button>
            </form>
            {(searched && accounts.is_empty()).then(|| view! { <p class="muted">{i18n.t("admin-billing-no-accounts")}</p> })}
            {(!accounts.is_empty()).then(|| view! { <Accounts accounts q=q.clone() refund names=names2.clone()/> })}
        </section>
    }
}

fn plan_name(i18n: I18n, o: &BillingOverview, plan: PlanId) -> String {
    o.plan_name(plan, i18n.locale)
}

/// Stacked bars, one per month, one colour per paid plan; the same numbers as a table, for
/// screen readers and for reading exact amounts.
#[component]
fn RevenueChart(o: BillingOverview) -> impl IntoView {
    let i18n = use_i18n();
    let months = o.months();
    if months.is_empty() {
        return view! { <p class="muted">{i18n.t("admin-billing-revenue-none")}</p> }.into_any();
    }
    let (width, height, pad) = (640.0_f64, 220.0_f64, 28.0_f64);
    let max = months.iter().map(|m| o.month_total(m).0.max(0)).max().unwrap_or(0).max(1) as f64;
    let slot = (width - pad) / months.len() as f64;
    let bar = (slot * 0.6).min(48.0);
    let bars = months
        .iter()
        .enumerate()
        .flat_map(|(i, m)| {
            let x = pad + slot * i as f64 + (slot - bar) / 2.0;
            let mut base = height - pad;
            CHARTED
                .iter()
                .map(|p| {
                    let h = (o.revenue_of(m, *p).0.max(0) as f64) / max * (height - 2.0 * pad);
                    base -= h;
                    let class = format!("bar bar-{}", p.as_str());
                    view! { <rect class=class x=format!("{x:.1}") y=format!("{base:.1}") width=format!("{bar:.1}") height=format!("{h:.1}")/> }
                })
                .collect::<Vec<_>>()
        })
        .collect_view();
    let labels = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let x = pad + slot * i as f64 + slot / 2.0;
            view! { <text x=format!("{x:.1}") y=format!("{:.1}", height - 8.0) text-anchor="middle">{m.clone()}</text> }
        })
        .collect_view();
    let summary = i18n.t("admin-billing-chart-summary");
    let label = summary.clone();
    view! {
        <figure class="revenue-chart">
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=label data-testid="revenue-chart">
                <title>{summary}</title>
                <line class="axis" x1=pad y1=height - pad x2=width y2=height - pad/>
                {bars}
                {labels}
            </svg>
            <figcaption>
                <ul class="legend">
                    {CHARTED.iter().map(|p| view! { <li><span class=format!("swatch bar-{}", p.as_str()) aria-hidden="true"></span>{plan_name(i18n, &o, *p)}</li> }).collect_view()}
                </ul>
            </figcaption>
        </figure>
        <table class="table" data-testid="revenue-table">
            <thead><tr>
                <th>{i18n.t("admin-billing-month")}</th>
                {CHARTED.iter().map(|p| view! { <th>{plan_name(i18n, &o, *p)}</th> }).collect_view()}
                <th>{i18n.t("admin-billing-all-plans")}</th>
            </tr></thead>
            <tbody>
                {months.iter().map(|m| view! {
                    <tr data-month=m.clone()>
                        <td class="ltr">{m.clone()}</td>
                        {CHARTED.iter().map(|p| view! { <td data-plan=p.as_str()>{fmt_sar(i18n, o.revenue_of(m, *p))}</td> }).collect_view()}
                        <td data-total="">{fmt_sar(i18n, o.month_total(m))}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn Accounts(
    accounts: Vec<takeone::billing::admin::AccountBilling>,
    q: String,
    refund: ServerAction<RefundInvoice>,
    names: BillingOverview,
) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = use_feedback("refund".into(), move || refund.value().get());
    let refundable: Vec<_> = accounts.iter().flat_map(|a| a.invoices.iter().filter(|i| i.refundable.0 > 0).cloned()).collect();
    let chosen = move || typed(&feedback.get(), "invoice").unwrap_or_default();
    view! {
        <ul class="plain-list stack" data-testid="billing-accounts">
            {accounts.into_iter().map(|a| {
                let plan = a.plan.map_or_else(|| i18n.t("admin-billing-free"), |p| plan_name(i18n, &names, p));
                let status = a.status.map(|s| view! { <span class="chip" data-subscription-status=s.as_str()>{i18n.t(&s.label_key())}</span> });
                let email = a.email.clone();
                view! {
                    <li class="stack" data-account=email>
                        <p><strong>{a.name}</strong>" · "<span class="ltr">{a.email}</span>" · "{plan}" "{status}</p>
                        {(!a.invoices.is_empty()).then(|| view! {
                            <table class="table">
                                <thead><tr><th>{i18n.t("invoice-number")}</th><th>{i18n.t("invoice-date")}</th><th>{i18n.t("invoice-total")}</th><th>{i18n.t("admin-billing-refundable")}</th></tr></thead>
                                <tbody>
                                    {a.invoices.into_iter().map(|inv| { let label = inv.label.clone(); view! {
                                        <tr data-invoice=label>
                                            <td class="ltr">{inv.label}</td><td>{fmt_datetime(i18n, inv.issued_at)}</td>
                                            <td>{fmt_sar(i18n, inv.total)}</td><td>{fmt_sar(i18n, inv.refundable)}</td>
                                        </tr>
                                    }}).collect_view()}
                                </tbody>
                            </table>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        {(!refundable.is_empty()).then(|| view! {
            <AppForm action=refund attr:class="stack" attr:data-testid="refund-form">
                <h3>{i18n.t("admin-billing-refund")}</h3>
                <FormError feedback/>
                <input type="hidden" name="q" value=q.clone()/>
                <div class="field">
                    <label for="refund-invoice">{i18n.t("admin-billing-refund-invoice")}</label>
                    <select id="refund-invoice" name="form[invoice]" aria-invalid=move || field_error(&feedback.get(), "invoice").is_some().to_string()>
                        {refundable.iter().map(|inv| {
                            let id = inv.id.to_string();
                            let selected = { let id = id.clone(); move || chosen() == id };
                            view! { <option value=id selected=selected>{format!("{} — {}", inv.label, fmt_sar(i18n, inv.refundable))}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <Input field="amount".into() label=i18n.t("admin-billing-refund-amount") feedback kind=InputKind::Number
                    hint=i18n.t("admin-billing-refund-amount-hint")/>
                <button class="btn btn-danger" type="submit" data-testid="refund">{i18n.t("admin-billing-refund")}</button>
            </AppForm>
        })}
    }
}
