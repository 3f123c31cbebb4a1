//! Applying to one role of a casting call: a cover note and the hirer's questions.

use crate::{
    api::applications::{Apply, ApplyPageData, apply_form},
    components::{
        call_card::role_summary,
        layout::{ErrorPanel, PageMeta},
    },
    forms::{AppForm, CheckboxGroup, FormError, TextArea, use_feedback},
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_params_map;
use takeone::routes::Page;

#[component]
pub fn ApplyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || params.with(|p| (p.get("id").unwrap_or_default(), p.get("role_id").unwrap_or_default())),
        |(call, role)| apply_form(call, role),
    );
    view! {
        <PageMeta title=i18n.t("apply-title")/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Ok(d) => view! { <ApplyForm d/> }.into_any(),
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ApplyForm(d: ApplyPageData) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Apply>::new();
    let feedback = use_feedback("apply".into(), move || action.value().get());
    let (lang, dir) = (d.call.language.code(), d.call.language.dir());
    let call_href = i18n.page(&Page::CastingCall { id: d.call.id });
    let body = if let Some(id) = d.existing {
        view! {
            <div class="notice" role="status">
                <p>{i18n.t("apply-already")}</p>
                <a class="btn btn-primary" href=i18n.page(&Page::Application { id })>{i18n.t("application-open")}</a>
            </div>
        }
        .into_any()
    } else if let Some(refusal) = d.refusal.clone() {
        let missing = d.missing.clone();
        let fix = match refusal.key.as_str() {
            "error-profile-incomplete" | "error-guardian-required" => {
                Some(view! { <a class="btn btn-primary" href=i18n.page(&Page::Profile)>{i18n.t("apply-fix-profile")}</a> })
            }
            _ => None,
        };
        view! {
            <div class="notice notice-warning" role="alert">
                <p>{i18n.msg(&refusal)}</p>
                {(!missing.is_empty()).then(|| view! { <ul>{missing.into_iter().map(|k| view! { <li>{i18n.t(&k)}</li> }).collect_view()}</ul> })}
                {fix}
            </div>
        }
        .into_any()
    } else {
        let questions = d.call.questions.clone();
        let requires = d.role.requires.clone();
        view! {
            <AppForm action=action attr:class="form stack" attr:novalidate=true>
                <input type="hidden" name="call_id" value=d.call.id.to_string()/>
                <input type="hidden" name="role_id" value=d.role.id.to_string()/>
                <FormError feedback/>
                <TextArea field="cover_note".into() label=i18n.t("field-cover-note") feedback rows=5 hint=i18n.t("cover-note-hint")/>
                {questions.into_iter().enumerate().map(|(i, q)| view! {
                    <div lang=lang dir=dir>
                        <TextArea field=format!("answers[{i}]") label=q feedback rows=2 required=true/>
                    </div>
                }).collect_view()}
                {(!requires.is_empty()).then(|| {
                    let needs = requires.iter().map(|n| i18n.t(&n.label_key())).collect::<Vec<_>>().join(&i18n.t("list-separator"));
                    view! { <p class="notice" data-testid="role-requires">{i18n.t_with("apply-role-requires", &[("needs", needs)])}</p> }
                })}
                {if d.media.is_empty() {
                    view! {
                        <p class="field-hint">{i18n.t("apply-media-none")}" "<a href=i18n.page(&Page::Media)>{i18n.t("media-title")}</a></p>
                        {move || crate::forms::field_error(&feedback.get(), "media").map(|m| view! { <p class="field-error" role="alert">{i18n.msg(&m)}</p> })}
                    }.into_any()
                } else {
                    let options = d.media.iter().map(|(id, key, name)| (id.clone(), format!("{} · {name}", i18n.t(key)))).collect();
                    view! { <CheckboxGroup field="media".into() legend=i18n.t("apply-media") feedback options initial=d.media_ticked.clone()/> }.into_any()
                }}
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit" disabled=move || action.pending().get()>{i18n.t("apply-submit")}</button>
                    <a href=i18n.page(&Page::CastingCall { id: d.call.id })>{i18n.t("cancel")}</a>
                </div>
            </AppForm>
        }
        .into_any()
    };
    view! {
        <section class="form-card form-card-wide stack">
            <nav class="breadcrumbs" aria-label=i18n.t("breadcrumbs")><a href=call_href lang=lang dir=dir>{d.call.title.clone()}</a></nav>
            <h1>{i18n.t("apply-title")}</h1>
            <p class="lead" lang=lang dir=dir>{role_summary(i18n, &d.role)}</p>
            {body}
        </section>
    }
}
