//! The talent's applications (and a guardian's: their wards'), each with its status and history.
//! A guardian approves or declines a minor's application here.

use crate::{
    api::applications::{MoveApplication, my_applications},
    components::{
        bits::{StatusBadge, Timeline},
        layout::{ErrorPanel, PageMeta},
    },
    forms::{AppForm, FormError, use_feedback},
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_meta::Meta;
use takeone::{
    application::{ApplicationStatus, ApplicationSummary},
    routes::Page,
};

#[component]
pub fn MyApplicationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let moves = ServerAction::<MoveApplication>::new();
    let list = Resource::new(move || moves.version().get(), |_| my_applications());
    view! {
        <PageMeta title=i18n.t("my-applications-title")/>
        <Meta name="robots" content="noindex"/>
        <h1>{i18n.t("my-applications-title")}</h1>
        <Suspense fallback=|| ()>
            {move || list.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(items) if items.is_empty() => view! {
                    <div class="empty-state">
                        <p>{i18n.t("my-applications-empty")}</p>
                        <a class="btn btn-primary" href=i18n.page(&Page::CastingCalls)>{i18n.t("home-browse")}</a>
                    </div>
                }.into_any(),
                Ok(items) => {
                    let (waiting, rest): (Vec<_>, Vec<_>) =
                        items.into_iter().partition(|a| a.as_guardian && a.status == ApplicationStatus::AwaitingGuardian);
                    view! {
                        {(!waiting.is_empty()).then(|| view! {
                            <section class="stack" aria-labelledby="approvals-heading">
                                <h2 id="approvals-heading">{i18n.t("guardian-approvals-title")}</h2>
                                {waiting.into_iter().map(|a| view! { <Approval a moves/> }).collect_view()}
                            </section>
                        })}
                        <ul class="application-list stack">
                            {rest.into_iter().map(|a| view! { <Item a/> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn Item(a: ApplicationSummary) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li class="card stack application-item" data-status=a.status.as_str()>
            <div class="section-header">
                <h2 class="h3"><a href=i18n.page(&Page::Application { id: a.id })>{format!("{} · {}", a.call_title, a.role_name)}</a></h2>
                <StatusBadge status=a.status/>
            </div>
            <p class="muted">
                {a.company.clone().unwrap_or_default()}
                {a.as_guardian.then(|| format!(" · {}", i18n.t_with("application-for-ward", &[("name", a.talent_name.clone())])))}
            </p>
            <details open=true>
                <summary>{i18n.t("application-history")}</summary>
                <Timeline events=a.timeline/>
            </details>
        </li>
    }
}

#[component]
fn Approval(a: ApplicationSummary, moves: ServerAction<MoveApplication>) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = use_feedback(format!("move:{}", a.id), move || moves.value().get());
    view! {
        <div class="card stack approval" data-application=a.id.to_string()>
            <p>{i18n.t_with("guardian-approval-ask", &[("name", a.talent_name.clone()), ("call", a.call_title.clone()), ("role", a.role_name.clone())])}</p>
            <AppForm action=moves attr:class="cluster">
                <input type="hidden" name="id" value=a.id.to_string()/>
                <input type="hidden" name="version" value=a.version.to_string()/>
                <FormError feedback/>
                <button class="btn btn-primary" type="submit" name="to" value="submitted" data-move="submitted">{i18n.t("guardian-approve")}</button>
                <button class="btn btn-danger" type="submit" name="to" value="withdrawn" data-move="withdrawn">{i18n.t("guardian-decline")}</button>
                <a href=i18n.page(&Page::Application { id: a.id })>{i18n.t("application-open")}</a>
            </AppForm>
        </div>
    }
}
