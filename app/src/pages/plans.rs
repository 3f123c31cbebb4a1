//! The plans: what each costs (VAT included, the VAT beside it, monthly and yearly) and what it
//! allows. A signed-in account sees its own kind of plans, the one it is on, and what it used.

use crate::{
    api::billing::{PlansData as Data, StartCheckout, StartTrial, plans_page},
    components::{
        call_card::fmt_sar,
        layout::{ErrorPanel, PageMeta},
    },
    forms::{AppForm, FormError, use_feedback},
    i18n::{I18n, use_i18n},
};
use leptos::prelude::*;
use takeone::{
    account::UserRole,
    billing::{Audience, Entitlements, Interval, PaymentMethod, Plan, SubscriptionStatus, Usage},
    routes::Page,
};

#[component]
pub fn PlansPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let data = Resource::new(move || query.with(|q| q.get("ward").unwrap_or_default()), plans_page);
    let checkout = ServerAction::<StartCheckout>::new();
    let trial = ServerAction::<StartTrial>::new();
    view! {
        <PageMeta title=i18n.t("plans-title") description=i18n.t("plans-intro")/>
        <h1>{i18n.t("plans-title")}</h1>
        <p class="muted">{i18n.t("plans-intro")}</p>
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Ok(d) => view! { <Plans d checkout trial/> }.into_any(),
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Plans(d: Data, checkout: ServerAction<StartCheckout>, trial: ServerAction<StartTrial>) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = use_feedback("checkout".into(), move || checkout.value().get().map(|r| r.map(|_| ())).or_else(|| trial.value().get()));
    let offer_trial = d.trial;
    // The plan the account pays for (not a trial or a grant), and how often: it may move to the
    // other interval (a month to a year is credited with what is left), not buy the same again.
    let paying = d.current.as_ref().and_then(|c| {
        c.subscription.as_ref().filter(|s| !s.complimentary && s.status != SubscriptionStatus::Trialing).map(|s| (c.plan.id, s.interval))
    });
    let audiences: Vec<Audience> = match d.audience {
        Some(a) => vec![a],
        None => vec![Audience::Talent, Audience::Hirer],
    };
    let current = d.current.as_ref().map(|c| c.plan.id);
    let usage = d.usage.zip(d.current.as_ref().map(|c| c.plan.entitlements));
    let signed_in = d.audience.is_some();
    let ward = d.ward.as_ref().map(|(id, _)| id.to_string());
    // A guardian chooses for each ward: first whose plan, then the plan.
    let choose_ward = (d.ward.is_none() && !d.wards.is_empty()).then(|| {
        view! {
            <section class="card stack" aria-labelledby="wards-heading" data-testid="choose-ward">
                <h2 id="wards-heading">{i18n.t("plans-for-ward-choose")}</h2>
                <ul>
                    {d.wards.iter().map(|(id, name)| {
                        let href = takeone::routes::with_query(i18n.page(&Page::Plans), &[("ward", &id.to_string())]);
                        view! { <li><a href=href>{name.clone()}</a></li> }
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    let for_ward = d.ward.as_ref().map(|(_, name)| {
        view! { <p class="notice" data-testid="plan-for-ward">{i18n.t_with("plans-for-ward", &[("name", name.clone())])}</p> }
    });
    view! {
        {choose_ward}
        {for_ward}
        {usage.map(|(u, e)| view! { <UsageCard usage=u entitlements=e/> })}
        <FormError feedback/>
        {audiences.into_iter().map(|audience| {
            let plans: Vec<Plan> = d.plans.iter().filter(|p| p.audience == audience).cloned().collect();
            let heading = format!("plans-for-{}", audience.as_str());
            view! {
                <section class="stack" aria-labelledby=heading.clone() data-audience=audience.as_str()>
                    <h2 id=heading.clone()>{i18n.t(&heading)}</h2>
                    <ul class="plan-grid plain-list">
                        {plans.into_iter().map(|plan| {
                            let is_current = current == Some(plan.id);
                            // On this plan already: only the other interval is offered.
                            let only = paying.filter(|(id, _)| *id == plan.id).map(|(_, i)| match i {
                                Interval::Month => Interval::Year,
                                Interval::Year => Interval::Month,
                            });
                            let buy = (signed_in && !plan.is_free()).then_some(checkout);
                            let try_it = (offer_trial && !plan.is_free() && plan.trial_days > 0).then_some(trial);
                            view! { <PlanCard plan is_current signed_in buy try_it only ward=ward.clone()/> }
                        }).collect_view()}
                    </ul>
                </section>
            }
        }).collect_view()}
        <p class="muted">{i18n.t("plans-vat-note")}</p>
    }
}

#[component]
fn PlanCard(
    plan: Plan,
    is_current: bool,
    signed_in: bool,
    buy: Option<ServerAction<StartCheckout>>,
    try_it: Option<ServerAction<StartTrial>>,
    only: Option<Interval>,
    ward: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let role = match plan.audience {
        Audience::Talent => UserRole::Talent,
        Audience::Hirer => UserRole::Hirer,
    };
    let saving = plan.yearly_saving_percent();
    view! {
        <li class="card stack plan-card" class:plan-current=is_current data-plan=plan.id.as_str()>
            <h3>{plan.name(i18n.locale).to_string()}</h3>
            {is_current.then(|| view! { <p><span class="chip" data-testid="current-plan">{i18n.t("plans-current")}</span></p> })}
            {if plan.is_free() {
                view! { <p class="plan-price">{i18n.t("plans-free")}</p> }.into_any()
            } else {
                view! {
                    <p class="plan-price">
                        <strong data-testid="price-month">{i18n.t_with("plans-per-month", &[("price", fmt_sar(i18n, plan.monthly.gross))])}</strong>
                    </p>
                    <p class="muted">{i18n.t_with("plans-vat-included", &[("vat", fmt_sar(i18n, plan.monthly.vat))])}</p>
                    <p>
                        {i18n.t_with("plans-per-year", &[("price", fmt_sar(i18n, plan.yearly.gross))])}
                        {(saving > 0).then(|| view! { " " <span class="chip">{i18n.t_with("plans-yearly-saving", &[("percent", saving.to_string())])}</span> })}
                    </p>
                    {(plan.trial_days > 0).then(|| view! { <p class="muted">{i18n.t_with("plans-trial", &[("days", plan.trial_days.to_string())])}</p> })}
                }.into_any()
            }}
            <ul class="plan-features">
                {features(i18n, &plan.entitlements, plan.audience).into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}
            </ul>
            {(!signed_in).then(|| view! {
                <p><a class="btn btn-primary" href=i18n.page(&Page::Register { role: Some(role), next: None })>{i18n.t("plans-start")}</a></p>
            })}
            {try_it.map(|action| {
                let label = i18n.t_with("plans-start-trial", &[("days", plan.trial_days.to_string())]);
                view! {
                    <AppForm action attr:class="inline-form">
                        <input type="hidden" name="plan" value=plan.id.as_str()/>
                        <button class="btn btn-secondary" type="submit" data-testid="start-trial">{label}</button>
                    </AppForm>
                }
            })}
            {buy.map(|action| view! { <CheckoutForm action plan=plan.id.as_str() only ward/> })}
        </li>
    }
}

/// Subscribe: monthly or yearly, and how to pay; the gateway's page takes the card.
#[component]
fn CheckoutForm(action: ServerAction<StartCheckout>, plan: &'static str, only: Option<Interval>, ward: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let id = move |name: &str| format!("{plan}-{name}");
    view! {
        <AppForm action attr:class="stack checkout-form" attr:data-testid="checkout-form">
            <input type="hidden" name="form[plan]" value=plan/>
            {ward.map(|w| view! { <input type="hidden" name="form[ward]" value=w/> })}
            <fieldset class="cluster">
                <legend>{i18n.t("plans-interval")}</legend>
                {[(Interval::Month, "plans-monthly"), (Interval::Year, "plans-yearly")]
                    .into_iter()
                    .filter(|(i, _)| only.is_none_or(|o| o == *i))
                    .enumerate()
                    .map(|(n, (i, key))| view! {
                        <label><input type="radio" name="form[interval]" value=i.as_str() checked=n == 0/>" "{i18n.t(key)}</label>
                    })
                    .collect_view()}
            </fieldset>
            <div class="field">
                <label for=id("method")>{i18n.t("plans-method")}</label>
                <select id=id("method") name="form[method]">
                    {PaymentMethod::ALL.into_iter().map(|m| view! {
                        <option value=m.as_str()>{i18n.t(&format!("pay-method-{}", m.as_str()))}</option>
                    }).collect_view()}
                </select>
            </div>
            <button class="btn btn-primary" type="submit" data-testid="subscribe">{i18n.t("plans-subscribe")}</button>
        </AppForm>
    }
}

/// What a plan allows, in words, for its audience.
fn features(i18n: I18n, e: &Entitlements, audience: Audience) -> Vec<String> {
    let limit = |n: Option<u32>, limited: &str, unlimited: &str| match n {
        Some(n) => i18n.t_with(limited, &[("count", n.to_string())]),
        None => i18n.t(unlimited),
    };
    let yes_no = |on: bool, yes: &str, no: &str| i18n.t(if on { yes } else { no });
    match audience {
        Audience::Talent => vec![
            limit(e.applications_per_month, "plans-applications", "plans-applications-unlimited"),
            limit(e.photos, "plans-photos", "plans-photos-unlimited"),
            yes_no(e.reels, "plans-reels", "plans-no-reels"),
            yes_no(e.search_boost, "plans-boost", "plans-no-boost"),
        ],
        Audience::Hirer => vec![
            limit(e.open_calls, "plans-open-calls", "plans-open-calls-unlimited"),
            yes_no(e.talent_search, "plans-talent-search", "plans-no-talent-search"),
            yes_no(e.self_tape_requests, "plans-self-tapes", "plans-no-self-tapes"),
            yes_no(e.bulk_messages, "plans-bulk-messages", "plans-no-bulk-messages"),
            limit(e.team_seats, "plans-seats", "plans-seats-unlimited"),
        ],
    }
}

/// What the account used of its plan's limits: "3 of 5 applications this month".
#[component]
fn UsageCard(usage: Usage, entitlements: Entitlements) -> impl IntoView {
    let i18n = use_i18n();
    let rows: Vec<(String, u32, Option<u32>)> = [
        ("plans-usage-applications", usage.applications_this_month, entitlements.applications_per_month),
        ("plans-usage-photos", usage.photos, entitlements.photos),
        ("plans-usage-open-calls", usage.open_calls, entitlements.open_calls),
    ]
    .into_iter()
    .filter_map(|(key, used, limit)| limit.map(|l| (key.to_string(), used, Some(l))))
    .collect();
    (!rows.is_empty()).then(|| {
        view! {
            <section class="card stack" aria-labelledby="usage-heading" data-testid="plan-usage">
                <h2 id="usage-heading">{i18n.t("plans-usage")}</h2>
                {rows.into_iter().map(|(key, used, limit)| {
                    let limit = limit.unwrap_or_default();
                    let percent = (used.saturating_mul(100) / limit.max(1)).min(100);
                    let text = i18n.t_with(&key, &[("used", used.to_string()), ("limit", limit.to_string())]);
                    view! {
                        <p>{text.clone()}</p>
                        <progress max="100" value=percent.to_string() aria-label=text></progress>
                    }
                }).collect_view()}
            </section>
        }
    })
}
