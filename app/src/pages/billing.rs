//! The account's billing: the plan and its next renewal, the card it renews with, what the plan
//! counts, and the tax invoices to print; the page the gateway sends the person back to; one
//! printable invoice with its ZATCA QR code.

use crate::{
    api::billing::{BillingData as Data, InvoiceView, SetAutoRenew, billing_page, confirm_checkout, tax_invoice},
    components::{
        bits::fmt_datetime,
        call_card::{fmt_date, fmt_sar},
        layout::{ErrorPanel, PageMeta},
    },
    forms::AppForm,
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};
use takeone::{Locale, billing::invoice::InvoiceKind, routes::Page};

#[component]
pub fn BillingPage() -> impl IntoView {
    let i18n = use_i18n();
    let renew = ServerAction::<SetAutoRenew>::new();
    let data = Resource::new(move || renew.version().get(), |_| billing_page());
    view! {
        <PageMeta title=i18n.t("billing-title")/>
        <Meta name="robots" content="noindex"/>
        <h1>{i18n.t("billing-title")}</h1>
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Ok(d) => view! { <Billing d renew/> }.into_any(),
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

/// "Renews on …" or, for a subscription that will not renew, "Ends on …".
fn renewal_key(s: &takeone::billing::Subscription) -> &'static str {
    if s.complimentary || s.cancel_at_period_end { "billing-ends" } else { "billing-renews" }
}

#[component]
fn Billing(d: Data, renew: ServerAction<SetAutoRenew>) -> impl IntoView {
    let i18n = use_i18n();
    let plan = d.current.clone().map(|c| {
        let renewal = c.subscription.as_ref().map(|s| {
            // A change waiting for the period's end is what the renewal charges.
            let next = s.next.zip(d.next_plan.clone()).map(|((_, interval), plan)| (plan, interval));
            let amount = next.as_ref().map_or(c.plan.price(s.interval).gross, |(p, i)| p.price(*i).gross);
            let change = next.map(|(plan, interval)| {
                let every = i18n.t(match interval {
                    takeone::billing::Interval::Month => "plans-monthly",
                    takeone::billing::Interval::Year => "plans-yearly",
                });
                let text =
                    i18n.t_with("billing-next-change", &[("plan", plan.name(i18n.locale).to_string()), ("interval", every.to_lowercase())]);
                view! { <p data-testid="next-change">{text}</p> }
            });
            let key = renewal_key(s);
            let date = fmt_date(i18n, s.period_end.to_offset(takeone::casting::RIYADH).date());
            let toggle = (!s.complimentary).then(|| {
                let (value, label, class) = if s.cancel_at_period_end {
                    ("true", "billing-resume", "btn btn-primary")
                } else {
                    ("false", "billing-cancel", "btn btn-danger")
                };
                view! {
                    <AppForm action=renew attr:class="inline-form">
                        <input type="hidden" name="renew" value=value/>
                        <button class=class type="submit" data-testid="auto-renew">{i18n.t(label)}</button>
                    </AppForm>
                }
            });
            view! {
                <p data-testid="renewal">{i18n.t_with(key, &[("date", date), ("amount", fmt_sar(i18n, amount))])}</p>
                {change}
                <p><span class="chip" data-subscription-status=s.status.as_str()>{i18n.t(&s.status.label_key())}</span></p>
                {toggle}
            }
        });
        view! {
            <section class="card stack" aria-labelledby="plan-heading" data-testid="billing-plan" data-plan=c.plan.id.as_str()>
                <h2 id="plan-heading">{i18n.t("billing-plan")}</h2>
                <p><strong>{c.plan.name(i18n.locale).to_string()}</strong></p>
                {renewal}
                <p><a href=i18n.page(&Page::Plans)>{i18n.t("billing-change-plan")}</a></p>
            </section>
        }
    });
    let card = d.card.clone().map(|(brand, last4)| {
        view! {
            <section class="card stack" aria-labelledby="card-heading">
                <h2 id="card-heading">{i18n.t("billing-card")}</h2>
                <p data-testid="card" class="ltr">{format!("{} •••• {last4}", brand.to_uppercase())}</p>
            </section>
        }
    });
    let usage = d.usage.zip(d.current.as_ref().map(|c| c.plan.entitlements)).map(|(u, e)| {
        let rows: Vec<String> = [
            ("plans-usage-applications", u.applications_this_month, e.applications_per_month),
            ("plans-usage-photos", u.photos, e.photos),
            ("plans-usage-open-calls", u.open_calls, e.open_calls),
        ]
        .into_iter()
        .filter_map(|(key, used, limit)| limit.map(|l| i18n.t_with(key, &[("used", used.to_string()), ("limit", l.to_string())])))
        .collect();
        (!rows.is_empty()).then(|| {
            view! {
                <section class="card stack" aria-labelledby="usage-heading" data-testid="plan-usage">
                    <h2 id="usage-heading">{i18n.t("plans-usage")}</h2>
                    <ul>{rows.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                </section>
            }
        })
    });
    let invoices = if d.invoices.is_empty() {
        view! { <p class="muted">{i18n.t("billing-no-invoices")}</p> }.into_any()
    } else {
        view! {
            <table class="table">
                <thead><tr><th>{i18n.t("invoice-number")}</th><th>{i18n.t("invoice-date")}</th><th>{i18n.t("invoice-total")}</th><th></th></tr></thead>
                <tbody>
                    {d.invoices.into_iter().map(|inv| view! {
                        <tr data-invoice=inv.label()>
                            <td class="ltr">{inv.label()}</td>
                            <td>{fmt_datetime(i18n, inv.issued_at)}</td>
                            <td>{fmt_sar(i18n, inv.total)}</td>
                            <td class="actions">
                                <a href=i18n.page(&Page::TaxInvoice { id: inv.id })>{i18n.t("billing-view-invoice")}</a>
                                <a href=pdf_url(inv.id) download data-testid="invoice-pdf">{i18n.t("invoice-download-pdf")}</a>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    let wards = (!d.wards.is_empty()).then(|| {
        let wards = d.wards.clone();
        view! {
            <section class="card stack" aria-labelledby="wards-heading" data-testid="ward-plans">
                <h2 id="wards-heading">{i18n.t("billing-wards")}</h2>
                <ul class="plain-list stack">
                    {wards.into_iter().map(|(profile, name, c)| {
                        let choose = takeone::routes::with_query(i18n.page(&Page::Plans), &[("ward", &profile.to_string())]);
                        let sub = c.subscription.clone().filter(|s| !s.complimentary).map(|s| {
                            let (value, label) = if s.cancel_at_period_end { ("true", "billing-resume") } else { ("false", "billing-cancel") };
                            let key = renewal_key(&s);
                            let date = fmt_date(i18n, s.period_end.to_offset(takeone::casting::RIYADH).date());
                            let amount = fmt_sar(i18n, c.plan.price(s.interval).gross);
                            view! {
                                <p>{i18n.t_with(key, &[("date", date), ("amount", amount)])}</p>
                                <AppForm action=renew attr:class="inline-form">
                                    <input type="hidden" name="renew" value=value/>
                                    <input type="hidden" name="ward" value=profile.to_string()/>
                                    <button class="btn btn-secondary" type="submit">{i18n.t(label)}</button>
                                </AppForm>
                            }
                        });
                        view! {
                            <li class="stack" data-ward=profile.to_string() data-plan=c.plan.id.as_str()>
                                <p><strong>{name}</strong>" · "{c.plan.name(i18n.locale).to_string()}</p>
                                {sub}
                                <p><a href=choose>{i18n.t("billing-change-plan")}</a></p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    view! {
        {wards}
        {plan}
        {card}
        {usage}
        <section class="card stack" aria-labelledby="invoices-heading">
            <h2 id="invoices-heading">{i18n.t("billing-invoices")}</h2>
            {invoices}
        </section>
    }
}

/// Where the gateway sends the person back: the checkout's state, as the gateway reports it.
#[component]
pub fn BillingReturnPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let status = Resource::new(move || query.with(|q| q.get("checkout").unwrap_or_default()), confirm_checkout);
    view! {
        <PageMeta title=i18n.t("billing-return-title")/>
        <Meta name="robots" content="noindex"/>
        <h1>{i18n.t("billing-return-title")}</h1>
        <Suspense fallback=|| ()>
            {move || status.get().map(|r| match r {
                Ok(s) => {
                    let (key, class) = return_message(&s.status, s.declined);
                    let retry = (s.status == "open").then_some(s.retry_url.clone()).flatten();
                    view! {
                        <section class="stack" data-testid="checkout-status" data-status=s.status.clone()>
                            <p class=class role="status">{i18n.t_with(key, &[("amount", fmt_sar(i18n, s.amount))])}</p>
                            {s.invoice.map(|id| view! { <p><a class="btn btn-primary" href=i18n.page(&Page::TaxInvoice { id })>{i18n.t("billing-view-invoice")}</a></p> })}
                            {retry.map(|url| view! {
                                <p class="cluster">
                                    <a href="">{i18n.t("billing-return-refresh")}</a>
                                    <a class="btn btn-secondary" href=url>{i18n.t("billing-return-retry")}</a>
                                </p>
                            })}
                            <p><a href=i18n.page(&Page::Billing)>{i18n.t("billing-title")}</a></p>
                        </section>
                    }.into_any()
                }
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

/// What the return page says for a checkout's state, and how loudly.
fn return_message(status: &str, declined: bool) -> (&'static str, &'static str) {
    match status {
        "paid" => ("billing-return-paid", "notice notice-success"),
        "failed" => ("billing-return-failed", "notice notice-warning"),
        "expired" => ("billing-return-expired", "notice notice-warning"),
        _ if declined => ("billing-return-declined", "notice notice-warning"),
        _ => ("billing-return-waiting", "notice"),
    }
}

/// One invoice or credit note, printable: seller, VAT number, number, date, lines, VAT, total,
/// the QR code; Arabic and English side by side, as Saudi invoices are.
#[component]
pub fn TaxInvoicePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("id").unwrap_or_default()), tax_invoice);
    view! {
        <PageMeta title=i18n.t("invoice-title")/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Ok(v) => view! { <Invoice v/> }.into_any(),
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

/// Where an invoice's PDF downloads from (the REST API, the same authorization as the page).
fn pdf_url(id: uuid::Uuid) -> String {
    takeone::routes::api::url(takeone::routes::api::BILLING_INVOICE_PDF, id)
}

#[component]
fn Invoice(v: InvoiceView) -> impl IntoView {
    let i18n = use_i18n();
    let inv = v.invoice;
    let both = |key: &str| format!("{} · {}", crate::i18n::translate(Locale::Ar, key, &[]), crate::i18n::translate(Locale::En, key, &[]));
    let title = match inv.kind {
        InvoiceKind::Invoice => both("invoice-simplified"),
        InvoiceKind::CreditNote => both("invoice-credit-note"),
    };
    let money = |h| fmt_sar(i18n, h);
    view! {
        <article class="tax-invoice card stack" data-testid="tax-invoice" data-number=inv.label()>
            <h1>{title}</h1>
            <dl class="facts">
                <dt>{both("invoice-number")}</dt><dd class="ltr" data-testid="invoice-number">{inv.label()}</dd>
                {inv.refers_to.clone().map(|r| view! { <dt>{both("invoice-refers-to")}</dt><dd class="ltr">{r}</dd> })}
                <dt>{both("invoice-date")}</dt><dd>{fmt_datetime(i18n, inv.issued_at)}</dd>
                <dt>{both("invoice-seller")}</dt><dd>{format!("{} — {}", inv.seller.name_ar, inv.seller.name_en)}</dd>
                <dt>{both("invoice-vat-number")}</dt><dd class="ltr" data-testid="seller-vat">{inv.seller.vat_number.clone()}</dd>
                <dt>{both("invoice-buyer")}</dt><dd>{inv.buyer_name.clone()}</dd>
            </dl>
            <table class="table">
                <thead><tr><th>{both("invoice-item")}</th><th>{both("invoice-net")}</th><th>{both("invoice-vat")}</th><th>{both("invoice-total")}</th></tr></thead>
                <tbody>
                    {inv.lines.iter().map(|l| view! {
                        <tr><td>{format!("{} — {}", l.description_ar, l.description_en)}</td><td>{money(l.net)}</td><td>{money(l.vat)}</td><td>{money(l.total)}</td></tr>
                    }).collect_view()}
                </tbody>
                <tfoot>
                    <tr><th>{both("invoice-net")}</th><td colspan="3" data-testid="invoice-net">{money(inv.net)}</td></tr>
                    <tr><th>{both("invoice-vat")}</th><td colspan="3" data-testid="invoice-vat">{money(inv.vat)}</td></tr>
                    <tr><th>{both("invoice-total")}</th><td colspan="3" data-testid="invoice-total">{money(inv.total)}</td></tr>
                </tfoot>
            </table>
            <p class="no-print">
                <a class="btn" href=pdf_url(inv.id) download data-testid="invoice-pdf">{i18n.t("invoice-download-pdf")}</a>
            </p>
            <figure class="invoice-qr">
                <div inner_html=v.qr_svg data-testid="invoice-qr" data-qr=inv.qr.clone()></div>
                <figcaption class="muted">{i18n.t("invoice-qr-caption")}</figcaption>
            </figure>
        </article>
    }
}
