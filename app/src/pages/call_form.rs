//! The hirer's casting call form, for a new call and for changing one. Roles grow with a
//! button: in the browser at once, without JavaScript through the server.

use crate::{
    api::{
        auth::get_current_user,
        calls::{SaveCall, call_for_edit},
    },
    components::layout::{ErrorPanel, PageMeta},
    errors::AppError,
    errors::Feedback,
    forms::{AppForm, CheckboxGroup, FormError, Input, InputKind, Select, TextArea, field_error, use_feedback},
    i18n::{I18n, use_i18n},
};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_params_map;
use takeone::{
    account::UserRole,
    casting::{CallInput, CallStatus, Gender, MAX_QUESTIONS, MAX_ROLES, ProjectType},
    city::City,
};

/// Only hirers post casting calls; everyone else is told why not, with the right status.
#[component]
pub fn NewCallPage() -> impl IntoView {
    let i18n = use_i18n();
    let user = Resource::new(|| (), |_| get_current_user());
    view! {
        <PageMeta title=i18n.t("call-new-title")/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| ()>
            {move || user.get().map(|u| match u {
                Ok(Some(u)) if u.role == UserRole::Hirer => {
                    view! { <CallForm call_id=None initial=CallInput::default() status=None/> }.into_any()
                }
                Ok(Some(_)) => view! { <ErrorPanel error=AppError::Forbidden/> }.into_any(),
                Ok(None) => view! { <ErrorPanel error=AppError::Unauthorized/> }.into_any(),
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn EditCallPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let call = Resource::new(move || params.with(|p| p.get("id").unwrap_or_default()), call_for_edit);
    view! {
        <PageMeta title=i18n.t("call-edit-title")/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| ()>
            {move || call.get().map(|r| match r {
                Ok(c) => view! { <CallForm call_id=Some(c.id.to_string()) initial=c.to_input() status=Some(c.status)/> }.into_any(),
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

fn options(i18n: I18n, items: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
    items.into_iter().map(|(v, k)| (v, i18n.t(&k))).collect()
}

#[component]
fn CallForm(call_id: Option<String>, initial: CallInput, status: Option<CallStatus>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SaveCall>::new();
    let key = match &call_id {
        Some(id) => format!("call:{id}"),
        None => "call:new".into(),
    };
    let feedback = use_feedback(key, move || action.value().get());
    let typed_roles = move || feedback.get().and_then(|f| f.input.get("roles").and_then(|r| r.as_array()).map(|a| a.len())).unwrap_or(0);
    let base_rows = initial.roles.len().max(1);
    let added = RwSignal::new(0usize);
    // Rows the form came back with (after an error) already include the ones added here.
    let rows = Signal::derive(move || (base_rows + added.get()).max(typed_roles()).min(MAX_ROLES));
    let initial = StoredValue::new(initial);
    let title = if call_id.is_some() { i18n.t("call-edit-title") } else { i18n.t("call-new-title") };
    let cities = options(i18n, City::ALL.iter().map(|c| (c.slug().to_string(), c.name_key())));
    let types = options(i18n, ProjectType::ALL.iter().map(|p| (p.as_str().to_string(), p.label_key())));
    let roles_error = Signal::derive(move || field_error(&feedback.get(), "roles"));
    let init = move |f: fn(&CallInput) -> &String| initial.with_value(|i| f(i).clone());

    let buttons = match status {
        None | Some(CallStatus::Draft) => {
            vec![("draft", "call-save-draft", "btn btn-secondary"), ("publish", "call-publish", "btn btn-primary")]
        }
        Some(CallStatus::Active) => vec![("save", "call-save", "btn btn-primary"), ("close", "call-close", "btn btn-danger")],
        Some(CallStatus::Closed) => vec![("save", "call-save", "btn btn-primary"), ("publish", "call-reopen", "btn btn-secondary")],
        Some(CallStatus::PendingReview) => {
            vec![("save", "call-save", "btn btn-primary"), ("draft", "call-withdraw-review", "btn btn-secondary")]
        }
        Some(CallStatus::Rejected) => {
            vec![("draft", "call-save-draft", "btn btn-secondary"), ("publish", "call-publish", "btn btn-primary")]
        }
        Some(CallStatus::Suspended) => vec![],
    };

    view! {
        <section class="form-card form-card-wide">
            <h1>{title}</h1>
            {status.map(|s| view! { <p class="muted">{i18n.t_with("call-current-status", &[("status", i18n.t(&s.label_key()))])}</p> })}
            <AppForm action=action attr:class="form stack" attr:novalidate=true>
                <input type="hidden" name="call_id" value=call_id.clone().unwrap_or_default()/>
                <FormError feedback/>
                <Input field="title".into() label=i18n.t("field-title") feedback initial=init(|i| &i.title) required=true maxlength=150/>
                <TextArea field="description".into() label=i18n.t("field-description") feedback initial=init(|i| &i.description) required=true rows=8/>
                <div class="grid-2">
                    <Select field="city".into() label=i18n.t("field-city") feedback options=cities initial=init(|i| &i.city) placeholder=i18n.t("choose") required=true/>
                    <Select field="project_type".into() label=i18n.t("field-project-type") feedback options=types initial=init(|i| &i.project_type) placeholder=i18n.t("choose") required=true/>
                </div>
                <div class="grid-2">
                    <Input field="deadline".into() label=i18n.t("field-deadline") feedback kind=InputKind::Date initial=init(|i| &i.deadline) required=true/>
                    <div></div>
                    <Input field="shoot_starts_on".into() label=i18n.t("field-shoot-start") feedback kind=InputKind::Date initial=init(|i| &i.shoot_starts_on)/>
                    <Input field="shoot_ends_on".into() label=i18n.t("field-shoot-end") feedback kind=InputKind::Date initial=init(|i| &i.shoot_ends_on)/>
                </div>
                <TextArea field="requirements".into() label=i18n.t("field-requirements") feedback initial=init(|i| &i.requirements) rows=3/>
                <section class="stack" aria-labelledby="roles-heading">
                    <h2 id="roles-heading">{i18n.t("field-roles")}</h2>
                    <p class="field-hint">{i18n.t("roles-hint")}</p>
                    {move || roles_error.get().map(|m| view! { <p class="field-error" role="alert">{i18n.msg(&m)}</p> })}
                    <div class="role-fieldsets">
                        <For each=move || 0..rows.get() key=|i| *i let:index>
                            <RoleFields index feedback initial=initial.with_value(|i| i.roles.get(index).cloned().unwrap_or_default())/>
                        </For>
                    </div>
                    <button
                        class="btn btn-ghost"
                        type="submit"
                        name="form[intent]"
                        value="add_role"
                        data-testid="add-role"
                        disabled=move || { rows.get() >= MAX_ROLES }
                        on:click=move |ev| {
                            ev.prevent_default();
                            added.update(|n| *n += 1);
                        }
                    >
                        {i18n.t("roles-add")}
                    </button>
                </section>
                <details class="stack questions" open=initial.with_value(|i| i.questions.iter().any(|q| !q.trim().is_empty()))>
                    <summary>{i18n.t("questions-title")}</summary>
                    <p class="field-hint">{i18n.t_with("questions-hint", &[("max", MAX_QUESTIONS.to_string())])}</p>
                    {move || field_error(&feedback.get(), "questions").map(|m| view! { <p class="field-error" role="alert">{i18n.msg(&m)}</p> })}
                    {(0..MAX_QUESTIONS).map(|i| view! {
                        <Input field=format!("questions[{i}]") label=i18n.t_with("question-legend", &[("number", (i + 1).to_string())]) feedback
                            initial=initial.with_value(|x| x.questions.get(i).cloned().unwrap_or_default()) maxlength=300/>
                    }).collect_view()}
                </details>
                <div class="form-actions">
                    {buttons.into_iter().map(|(intent, label, class)| view! {
                        <button class=class type="submit" name="form[intent]" value=intent disabled=move || action.pending().get()>
                            {i18n.t(label)}
                        </button>
                    }).collect_view()}
                </div>
            </AppForm>
        </section>
    }
}

#[component]
pub(crate) fn RoleFields(index: usize, feedback: Signal<Option<Feedback>>, initial: takeone::casting::RoleInput) -> impl IntoView {
    let i18n = use_i18n();
    let f = |name: &str| format!("roles[{index}][{name}]");
    let genders = options(i18n, Gender::ALL.iter().map(|g| (g.as_str().to_string(), g.label_key())));
    let pay = vec![("paid".to_string(), i18n.t("badge-paid")), ("unpaid".to_string(), i18n.t("badge-unpaid"))];
    view! {
        <fieldset class="role-fieldset stack">
            <legend>{i18n.t_with("role-legend", &[("number", (index + 1).to_string())])}</legend>
            <Input field=f("name") label=i18n.t("field-role-name") feedback initial=initial.name maxlength=100/>
            <div class="grid-2">
                <Select field=f("gender") label=i18n.t("field-gender") feedback options=genders initial=initial.gender placeholder=i18n.t("choose")/>
                <Select field=f("paid") label=i18n.t("field-paid") feedback options=pay initial=initial.paid placeholder=i18n.t("choose")/>
                <Input field=f("age_min") label=i18n.t("field-age-min") feedback kind=InputKind::Number initial=initial.age_min/>
                <Input field=f("age_max") label=i18n.t("field-age-max") feedback kind=InputKind::Number initial=initial.age_max/>
            </div>
            <Input field=f("compensation") label=i18n.t("field-compensation-sar") feedback kind=InputKind::Number initial=initial.compensation hint=i18n.t("compensation-hint")/>
            <TextArea field=f("description") label=i18n.t("field-role-description") feedback initial=initial.description rows=2/>
            <CheckboxGroup field=f("requires") legend=i18n.t("field-role-requires") feedback initial=initial.requires
                options=takeone::casting::MediaNeed::ALL.iter().map(|n| (n.as_str().to_string(), i18n.t(&n.label_key()))).collect()/>
        </fieldset>
    }
}
