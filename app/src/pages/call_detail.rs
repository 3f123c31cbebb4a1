use crate::{
    api::{
        admin::{ReinstateCall, SuspendCall},
        calls::{CallView, get_call},
        reports::ReportCall,
    },
    components::{
        bits::Flash,
        call_card::{StateBadges, fmt_date, fmt_deadline, fmt_sar},
        layout::{Alternates, ErrorPanel},
    },
    forms::{AppForm, FormError, Select, TextArea, use_feedback},
    i18n::{I18n, use_i18n},
};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use takeone::{Locale, casting::PublicState};
use takeone::{account::UserRole, casting::CallStatus, report::ReportReason, routes::Page};

/// schema.org JobPosting for an open call; `<` is escaped so no text can close the script.
fn job_posting(view: &CallView, i18n: I18n) -> String {
    let call = &view.call;
    let base = view.public_url.trim_end_matches('/');
    let mut posting = serde_json::json!({
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": call.title,
        "description": call.description,
        "datePosted": call.published_at.unwrap_or(call.created_at).date().to_string(),
        "employmentType": call.project_type.employment_type(),
        "hiringOrganization": {
            "@type": "Organization",
            "name": call.company_name(i18n.locale).unwrap_or("TakeOne"),
        },
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": translate_city(call.city, Locale::En),
                "addressCountry": "SA",
            },
        },
        "inLanguage": call.language.code(),
        "url": Page::CastingCall { id: call.id }.url(base, i18n.locale),
        "identifier": { "@type": "PropertyValue", "name": "TakeOne", "value": call.id.to_string() },
    });
    if let Some(d) = call.deadline {
        posting["validThrough"] = serde_json::Value::String(d.format(&time::format_description::well_known::Rfc3339).unwrap_or_default());
    }
    let amounts: Vec<i64> = call.roles.iter().filter_map(|r| r.compensation.map(|h| h.0)).collect();
    if let (Some(min), Some(max)) = (amounts.iter().min(), amounts.iter().max()) {
        let value = |h: i64| serde_json::Value::from(h as f64 / 100.0);
        posting["baseSalary"] = serde_json::json!({
            "@type": "MonetaryAmount",
            "currency": "SAR",
            "value": { "@type": "QuantitativeValue", "minValue": value(*min), "maxValue": value(*max), "unitText": "DAY" },
        });
    }
    posting.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

fn translate_city(city: takeone::city::City, locale: Locale) -> String {
    crate::i18n::translate(locale, &city.name_key(), &[])
}

#[component]
pub fn CallDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let suspend = ServerAction::<SuspendCall>::new();
    let reinstate = ServerAction::<ReinstateCall>::new();
    let call = Resource::new(move || (id(), suspend.version().get(), reinstate.version().get()), |(id, ..)| get_call(id));
    view! {
        <Suspense fallback=|| ()>
            {move || call.get().map(|r| match r {
                Ok(v) => view! { <CallDetail view=v suspend reinstate/> }.into_any(),
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn CallDetail(view: CallView, suspend: ServerAction<SuspendCall>, reinstate: ServerAction<ReinstateCall>) -> impl IntoView {
    let i18n = use_i18n();
    let call = view.call.clone();
    let state = view.state;
    let open = state == PublicState::Open;
    let json_ld = open.then(|| job_posting(&view, i18n));
    let company = call.company_name(i18n.locale).map(str::to_owned);
    let summary: String = call.description.chars().take(160).collect();
    let notice = match state {
        PublicState::Expired => Some("call-expired-notice"),
        PublicState::Closed => Some("call-closed-notice"),
        PublicState::Hidden if call.status == CallStatus::Suspended => Some("call-suspended-notice"),
        PublicState::Hidden if call.status == CallStatus::PendingReview => Some("call-review-notice"),
        PublicState::Hidden => Some("call-hidden-notice"),
        PublicState::Open => None,
    };
    let edit = view.can_edit.then(|| {
        view! { <a class="btn btn-secondary" href=i18n.page(&Page::EditCall { id: call.id })>{i18n.t("call-edit")}</a> }
    });
    // The call's own text keeps its language and direction; the labels around it follow the page.
    let (lang, dir) = (call.language.code(), call.language.dir());
    let shoot = match (call.shoot_starts_on, call.shoot_ends_on) {
        (Some(s), Some(e)) => Some(i18n.t_with("call-shoot-range", &[("start", fmt_date(i18n, s)), ("end", fmt_date(i18n, e))])),
        (Some(s), None) => Some(fmt_date(i18n, s)),
        _ => None,
    };
    view! {
        <Title text=format!("{} · {}", call.title, i18n.t("brand"))/>
        <Meta name="description" content=summary.clone()/>
        <Meta property="og:type" content="website"/>
        <Meta property="og:title" content=call.title.clone()/>
        <Meta property="og:description" content=summary/>
        <Alternates base=view.public_url.clone() page=Page::CastingCall { id: call.id }/>
        {(!open).then(|| view! { <Meta name="robots" content="noindex"/> })}
        {json_ld.map(|j| view! { <script type="application/ld+json" inner_html=j></script> })}
        <nav class="breadcrumbs" aria-label=i18n.t("breadcrumbs")>
            <a href=i18n.page(&Page::CastingCalls)>{i18n.t("nav-casting-calls")}</a>
        </nav>
        <article class="call-detail">
            <header class="call-header stack">
                <h1 lang=lang dir=dir>{call.title.clone()}</h1>
                <ul class="call-meta">
                    {company.map(|c| view! { <li class="meta-item">{c}</li> })}
                    <li class="meta-item">{i18n.t(&call.city.name_key())}</li>
                    <li class="meta-item">{i18n.t(&call.project_type.label_key())}</li>
                </ul>
                <StateBadges call=call.clone() state/>
                {notice.map(|k| view! { <div class="notice notice-warning" role="status">{i18n.t(k)}</div> })}
                {edit}
            </header>
            <dl class="role-facts">
                {call.deadline.map(|d| view! { <dt>{i18n.t("field-deadline")}</dt><dd>{fmt_deadline(i18n, d)}</dd> })}
                {shoot.map(|s| view! { <dt>{i18n.t("field-shoot-dates")}</dt><dd>{s}</dd> })}
            </dl>
            <div class="call-description" lang=lang dir=dir>{call.description.clone()}</div>
            {call.requirements.clone().map(|r| view! {
                <section class="stack">
                    <h2>{i18n.t("field-requirements")}</h2>
                    <div class="call-description" lang=lang dir=dir>{r}</div>
                </section>
            })}
            <section class="roles stack" aria-labelledby="roles-heading">
                <h2 id="roles-heading">{i18n.t_with("call-roles", &[("count", call.roles.len().to_string())])}</h2>
                <ul class="role-list">
                    {call.roles.iter().map(|r| {
                        let gender = i18n.t(&r.gender.label_key());
                        let apply = role_action(i18n, &view, r.id);
                        let pay = match (r.is_paid, r.compensation) {
                            (true, Some(h)) => fmt_sar(i18n, h),
                            (true, None) => i18n.t("badge-paid"),
                            (false, _) => i18n.t("badge-unpaid"),
                        };
                        view! {
                            <li class="role-card">
                                <h3 class="role-name" lang=lang dir=dir>{r.name.clone()}</h3>
                                {r.description.clone().map(|d| view! { <p lang=lang dir=dir>{d}</p> })}
                                <dl class="role-facts">
                                    <dt>{i18n.t("field-gender")}</dt>
                                    <dd>{gender}</dd>
                                    <dt>{i18n.t("field-age-range")}</dt>
                                    <dd>{i18n.t_with("role-ages", &[("min", r.age_min.to_string()), ("max", r.age_max.to_string())])}</dd>
                                    <dt>{i18n.t("field-compensation")}</dt>
                                    <dd>{pay}</dd>
                                </dl>
                                {apply}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
            {(!call.questions.is_empty()).then(|| view! {
                <section class="stack">
                    <h2>{i18n.t("call-questions")}</h2>
                    <ol lang=lang dir=dir>{call.questions.iter().map(|q| view! { <li>{q.clone()}</li> }).collect_view()}</ol>
                </section>
            })}
            {call.contact.clone().filter(|c| call.is_aggregated && !c.is_empty()).map(|c| view! {
                <section class="stack call-contact" aria-labelledby="call-contact">
                    <h2 id="call-contact" class="h3">{i18n.t("call-contact")}</h2>
                    <p dir="auto" data-testid="call-contact">{c}</p>
                </section>
            })}
            {call.source_url.clone().filter(|_| call.is_aggregated).map(|u| {
                let href = u.clone();
                view! {
                <p class="call-source muted">
                    {i18n.t("call-aggregated-from")} " "
                    <a href=href rel="nofollow noopener" target="_blank" class="ltr">{u}</a>
                </p>
            }})}
            {moderation(i18n, &view, suspend, reinstate)}
            {(view.viewer.is_some() && !view.can_edit && view.call.status.is_public()).then(|| view! { <Report call_id=view.call.id.to_string()/> })}
        </article>
    }
}

/// Under each role: apply (talent and visitors), or the applicants (the hirer).
fn role_action(i18n: I18n, view: &CallView, role: uuid::Uuid) -> Option<AnyView> {
    let call = view.call.id;
    if view.can_edit {
        return Some(
            view! {
                <a class="btn btn-secondary btn-small" href=i18n.page(&Page::Worksheet { call, role })>{i18n.t("role-applicants")}</a>
            }
            .into_any(),
        );
    }
    if view.state != PublicState::Open {
        return None;
    }
    let apply = i18n.page(&Page::Apply { call, role });
    match view.viewer {
        Some(UserRole::Talent) => {
            Some(view! { <a class="btn btn-primary btn-small" href=apply data-testid="apply">{i18n.t("role-apply")}</a> }.into_any())
        }
        None => Some(
            view! {
                <a class="btn btn-primary btn-small" href=i18n.page(&Page::Login { next: Some(apply) })>{i18n.t("role-apply-signin")}</a>
            }
            .into_any(),
        ),
        _ => None,
    }
}

fn moderation(i18n: I18n, view: &CallView, suspend: ServerAction<SuspendCall>, reinstate: ServerAction<ReinstateCall>) -> Option<AnyView> {
    if view.viewer != Some(UserRole::Admin) {
        return None;
    }
    let id = view.call.id.to_string();
    Some(match view.call.status {
        CallStatus::Suspended => view! {
            <AppForm action=reinstate attr:class="inline-form">
                <input type="hidden" name="call_id" value=id/>
                <button class="btn btn-secondary" type="submit">{i18n.t("call-reinstate")}</button>
            </AppForm>
        }
        .into_any(),
        CallStatus::Active | CallStatus::Closed => view! {
            <AppForm action=suspend attr:class="inline-form">
                <input type="hidden" name="call_id" value=id/>
                <button class="btn btn-danger" type="submit" data-testid="suspend">{i18n.t("report-suspend")}</button>
            </AppForm>
        }
        .into_any(),
        _ => return None,
    })
}

/// Reporting the call, folded away until wanted.
#[component]
fn Report(call_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ReportCall>::new();
    let feedback = use_feedback("report".into(), move || action.value().get());
    let query = leptos_router::hooks::use_query_map();
    let done = Signal::derive(move || query.with(|q| q.get("reported").is_some()) || matches!(action.value().get(), Some(Ok(()))));
    let reasons: Vec<(String, String)> = ReportReason::ALL.iter().map(|r| (r.as_str().to_string(), i18n.t(&r.label_key()))).collect();
    let open = move || feedback.get().is_some();
    view! {
        <Flash key="report-thanks" show=done/>
        <details class="report-form" open=open>
            <summary>{i18n.t("report-title")}</summary>
            <AppForm action=action attr:class="form stack" attr:novalidate=true>
                <input type="hidden" name="call_id" value=call_id/>
                <FormError feedback/>
                <Select field="reason".into() label=i18n.t("field-report-reason") feedback options=reasons placeholder=i18n.t("choose") required=true/>
                <TextArea field="details".into() label=i18n.t("field-report-details") feedback rows=3 required=true/>
                <div class="form-actions"><button class="btn btn-danger" type="submit">{i18n.t("report-submit")}</button></div>
            </AppForm>
        </details>
    }
}
