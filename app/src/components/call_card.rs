//! A casting call in a list, and the small formatters lists and detail pages share.

use crate::i18n::{I18n, use_i18n};
use leptos::prelude::*;
use takeone::{
    casting::{CastingCall, Gender, PublicState, Role},
    money::Halalas,
    routes::Page,
};
use time::{Date, OffsetDateTime};

pub fn fmt_date(i18n: I18n, date: Date) -> String {
    i18n.t_with(
        "date-long",
        &[
            ("day", date.day().to_string()),
            ("month", i18n.t(&format!("month-{}", u8::from(date.month())))),
            ("year", date.year().to_string()),
        ],
    )
}

pub fn fmt_deadline(i18n: I18n, deadline: OffsetDateTime) -> String {
    fmt_date(i18n, deadline.to_offset(takeone::casting::RIYADH).date())
}

/// Riyals with thousands separators: 150000 halalas -> "1,500".
pub fn fmt_sar(i18n: I18n, amount: Halalas) -> String {
    let s = amount.sar_string();
    let (whole, frac) = s.split_once('.').map(|(w, f)| (w.to_string(), Some(f.to_string()))).unwrap_or((s.clone(), None));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if let Some(f) = frac {
        grouped.push('.');
        grouped.push_str(&f);
    }
    i18n.t_with("money-sar", &[("amount", grouped)])
}

pub fn role_summary(i18n: I18n, role: &Role) -> String {
    let gender = match role.gender {
        Gender::Any => None,
        g => Some(i18n.t(&g.label_key())),
    };
    let ages = i18n.t_with("role-ages", &[("min", role.age_min.to_string()), ("max", role.age_max.to_string())]);
    match gender {
        Some(g) => format!("{} · {} · {}", role.name, g, ages),
        None => format!("{} · {}", role.name, ages),
    }
}

#[component]
pub fn StateBadges(call: CastingCall, state: PublicState) -> impl IntoView {
    let i18n = use_i18n();
    let paid = if call.is_paid() { ("badge badge-paid", "badge-paid") } else { ("badge badge-unpaid", "badge-unpaid") };
    view! {
        <ul class="badges cluster">
            <li class=paid.0>{i18n.t(paid.1)}</li>
            {(state == PublicState::Expired).then(|| view! { <li class="badge badge-closed">{i18n.t("badge-expired")}</li> })}
            {(state == PublicState::Closed).then(|| view! { <li class="badge badge-closed">{i18n.t("badge-closed")}</li> })}
            {call.is_aggregated.then(|| view! { <li class="badge badge-aggregated">{i18n.t("badge-aggregated")}</li> })}
        </ul>
    }
}

#[component]
pub fn CallCard(call: CastingCall, state: PublicState) -> impl IntoView {
    let i18n = use_i18n();
    let href = i18n.page(&Page::CastingCall { id: call.id });
    let company = call.company_name(i18n.locale).map(str::to_owned);
    let roles = call.roles.iter().map(|r| role_summary(i18n, r)).collect::<Vec<_>>().join(" — ");
    let deadline = call.deadline.map(|d| i18n.t_with("call-deadline", &[("date", fmt_deadline(i18n, d))]));
    // The call's own text keeps its language and direction; labels follow the page.
    let (lang, dir) = (call.language.code(), call.language.dir());
    view! {
        <article class="call-card">
            <h3 lang=lang dir=dir>
                <a class="call-card-title" href=href>{call.title.clone()}</a>
            </h3>
            <ul class="call-meta">
                {company.map(|c| view! { <li class="meta-item">{c}</li> })}
                <li class="meta-item">{i18n.t(&call.city.name_key())}</li>
                <li class="meta-item">{i18n.t(&call.project_type.label_key())}</li>
                {deadline.map(|d| view! { <li class="meta-item">{d}</li> })}
            </ul>
            <p class="call-roles-summary">{roles}</p>
            <StateBadges call=call.clone() state/>
        </article>
    }
}
