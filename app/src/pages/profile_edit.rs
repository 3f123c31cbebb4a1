//! The talent's own profile form, and for a minor the guardian link.

use crate::{
    api::talent::{InviteGuardian, OwnProfile, SaveProfile, my_profile},
    components::{
        bits::Flash,
        layout::{ErrorPanel, PageMeta},
    },
    errors::Feedback,
    forms::{AppForm, CheckboxGroup, FormError, Input, InputKind, Select, TextArea, use_feedback},
    i18n::{I18n, use_i18n},
};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;
use takeone::{
    casting::{Gender, ProjectType},
    city::City,
    talent::{
        CreditInput, Dialect, ExperienceLevel, Language, LanguageInput, LanguageLevel, MAX_CREDITS, MAX_LANGUAGES, Nationality,
        ProfileInput, Skill, Visibility,
    },
};

fn options<T: Copy>(i18n: I18n, all: &[T], value: impl Fn(T) -> &'static str, key: impl Fn(T) -> String) -> Vec<(String, String)> {
    all.iter().map(|x| (value(*x).to_string(), i18n.t(&key(*x)))).collect()
}

#[component]
pub fn ProfileEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let invite = ServerAction::<InviteGuardian>::new();
    let data = Resource::new(move || invite.version().get(), |_| my_profile());
    view! {
        <PageMeta title=i18n.t("profile-edit-title")/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Ok(p) => view! { <ProfileForm p invite/> }.into_any(),
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ProfileForm(p: OwnProfile, invite: ServerAction<InviteGuardian>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SaveProfile>::new();
    let feedback = use_feedback("profile".into(), move || action.value().get());
    let initial = StoredValue::new(p.profile.to_input());
    let init = move |f: fn(&ProfileInput) -> &String| initial.with_value(|i| f(i).clone());
    let rows = |f: fn(&ProfileInput) -> usize, key: &'static str, max: usize, added: RwSignal<usize>| {
        Signal::derive(move || {
            let typed = feedback.get().and_then(|fb| fb.input.get(key).and_then(|r| r.as_array()).map(|a| a.len())).unwrap_or(0);
            (initial.with_value(f).max(1) + added.get()).max(typed).min(max)
        })
    };
    let (added_langs, added_credits) = (RwSignal::new(0usize), RwSignal::new(0usize));
    let lang_rows = rows(|i| i.languages.len(), "languages", MAX_LANGUAGES, added_langs);
    let credit_rows = rows(|i| i.credits.len(), "credits", MAX_CREDITS, added_credits);
    let completeness = p.completeness.clone();
    let genders = options(i18n, &[Gender::Female, Gender::Male], Gender::as_str, Gender::label_key);
    let cities = City::ALL.iter().map(|c| (c.slug().to_string(), i18n.t(&c.name_key()))).collect::<Vec<_>>();
    let nationalities = options(i18n, Nationality::ALL, Nationality::as_str, Nationality::label_key);
    let levels = options(i18n, ExperienceLevel::ALL, ExperienceLevel::as_str, ExperienceLevel::label_key);
    let visibilities = options(i18n, Visibility::ALL, Visibility::as_str, Visibility::label_key);
    let dialects = options(i18n, Dialect::ALL, Dialect::as_str, Dialect::label_key);
    let skills = options(i18n, Skill::ALL, Skill::as_str, Skill::label_key);
    let saved_for_minor = p.is_minor;
    let birth_date_hint = if saved_for_minor { i18n.t("birth-date-locked-hint") } else { i18n.t("birth-date-hint") };
    view! {
        <section class="form-card form-card-wide stack">
            <h1>{i18n.t("profile-edit-title")}</h1>
            <p><a class="btn btn-secondary btn-small" href=i18n.page(&takeone::routes::Page::Media) data-testid="media-link">{i18n.t("media-title")}</a></p>
            <div class="completeness" role="status">
                <p>{i18n.t_with("profile-completeness", &[("score", completeness.score.to_string())])}</p>
                <progress max="100" value=completeness.score.to_string()></progress>
                {(!completeness.missing.is_empty()).then(|| view! {
                    <details><summary>{i18n.t("profile-completeness-next")}</summary>
                        <ul>{completeness.missing.iter().map(|k| view! { <li>{i18n.t(k)}</li> }).collect_view()}</ul>
                    </details>
                })}
            </div>
            {saved_for_minor.then(|| view! { <Guardian p=p.clone() invite/> })}
            <AppForm action=action attr:class="form stack" attr:novalidate=true>
                <FormError feedback/>
                <h2>{i18n.t("profile-section-basics")}</h2>
                <div class="grid-2">
                    <Input field="stage_name".into() label=i18n.t("field-stage-name") feedback initial=init(|i| &i.stage_name) required=true maxlength=80/>
                    <Input field="legal_name".into() label=i18n.t("field-legal-name") feedback initial=init(|i| &i.legal_name) maxlength=120 hint=i18n.t("legal-name-hint")/>
                    <Select field="gender".into() label=i18n.t("field-gender") feedback options=genders initial=init(|i| &i.gender) placeholder=i18n.t("choose") required=true/>
                    <Input field="date_of_birth".into() label=i18n.t("field-birth-date") feedback kind=InputKind::Date initial=init(|i| &i.date_of_birth) required=true readonly=saved_for_minor
                        hint=birth_date_hint/>
                    <Select field="city".into() label=i18n.t("field-city") feedback options=cities initial=init(|i| &i.city) placeholder=i18n.t("choose") required=true/>
                    <Select field="nationality".into() label=i18n.t("field-nationality") feedback options=nationalities initial=init(|i| &i.nationality) placeholder=i18n.t("choose")/>
                    <Input field="playing_age_min".into() label=i18n.t("field-playing-age-min") feedback kind=InputKind::Number initial=init(|i| &i.playing_age_min)/>
                    <Input field="playing_age_max".into() label=i18n.t("field-playing-age-max") feedback kind=InputKind::Number initial=init(|i| &i.playing_age_max)/>
                    <Input field="height_cm".into() label=i18n.t("field-height") feedback kind=InputKind::Number initial=init(|i| &i.height_cm)/>
                    <Input field="phone".into() label=i18n.t("field-phone") feedback initial=init(|i| &i.phone) hint=i18n.t("phone-hint")/>
                    <Select field="experience".into() label=i18n.t("field-experience") feedback options=levels initial=init(|i| &i.experience) placeholder=i18n.t("choose")/>
                    <Select field="visibility".into() label=i18n.t("field-visibility") feedback options=visibilities initial=init(|i| &i.visibility) required=true/>
                </div>
                <TextArea field="bio_ar".into() label=i18n.t("field-bio-ar") feedback initial=init(|i| &i.bio_ar) rows=4/>
                <TextArea field="bio_en".into() label=i18n.t("field-bio-en") feedback initial=init(|i| &i.bio_en) rows=4/>
                <CheckboxGroup field="dialects".into() legend=i18n.t("field-dialects") feedback options=dialects initial=initial.with_value(|i| i.dialects.clone())/>
                <CheckboxGroup field="skills".into() legend=i18n.t("field-skills") feedback options=skills initial=initial.with_value(|i| i.skills.clone())/>
                <section class="stack" aria-labelledby="languages-heading">
                    <h2 id="languages-heading">{i18n.t("field-languages")}</h2>
                    <For each=move || 0..lang_rows.get() key=|i| *i let:index>
                        <LanguageRow index feedback initial=initial.with_value(|i| i.languages.get(index).cloned().unwrap_or_default())/>
                    </For>
                    <button class="btn btn-ghost" type="submit" name="form[intent]" value="add_language" data-testid="add-language"
                        disabled=move || { lang_rows.get() >= MAX_LANGUAGES }
                        on:click=move |ev| { ev.prevent_default(); added_langs.update(|n| *n += 1); }>
                        {i18n.t("languages-add")}
                    </button>
                </section>
                <section class="stack" aria-labelledby="credits-heading">
                    <h2 id="credits-heading">{i18n.t("field-credits")}</h2>
                    <For each=move || 0..credit_rows.get() key=|i| *i let:index>
                        <CreditRow index feedback initial=initial.with_value(|i| i.credits.get(index).cloned().unwrap_or_default())/>
                    </For>
                    <button class="btn btn-ghost" type="submit" name="form[intent]" value="add_credit" data-testid="add-credit"
                        disabled=move || { credit_rows.get() >= MAX_CREDITS }
                        on:click=move |ev| { ev.prevent_default(); added_credits.update(|n| *n += 1); }>
                        {i18n.t("credits-add")}
                    </button>
                </section>
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit" name="form[intent]" value="save" disabled=move || action.pending().get()>{i18n.t("profile-save")}</button>
                </div>
            </AppForm>
        </section>
    }
}

#[component]
fn LanguageRow(index: usize, feedback: Signal<Option<Feedback>>, initial: LanguageInput) -> impl IntoView {
    let i18n = use_i18n();
    let languages = options(i18n, Language::ALL, Language::as_str, Language::label_key);
    let levels = options(i18n, LanguageLevel::ALL, LanguageLevel::as_str, LanguageLevel::label_key);
    view! {
        <div class="grid-2 row-group">
            <Select field=format!("languages[{index}][language]") label=i18n.t("field-language") feedback options=languages initial=initial.language placeholder=i18n.t("choose")/>
            <Select field=format!("languages[{index}][level]") label=i18n.t("field-language-level") feedback options=levels initial=initial.level placeholder=i18n.t("choose")/>
        </div>
    }
}

#[component]
fn CreditRow(index: usize, feedback: Signal<Option<Feedback>>, initial: CreditInput) -> impl IntoView {
    let i18n = use_i18n();
    let kinds = options(i18n, &ProjectType::ALL, ProjectType::as_str, ProjectType::label_key);
    view! {
        <fieldset class="role-fieldset grid-2">
            <legend>{i18n.t_with("credit-legend", &[("number", (index + 1).to_string())])}</legend>
            <Input field=format!("credits[{index}][title]") label=i18n.t("field-credit-title") feedback initial=initial.title maxlength=150/>
            <Input field=format!("credits[{index}][role]") label=i18n.t("field-credit-role") feedback initial=initial.role maxlength=100/>
            <Input field=format!("credits[{index}][year]") label=i18n.t("field-credit-year") feedback kind=InputKind::Number initial=initial.year/>
            <Select field=format!("credits[{index}][kind]") label=i18n.t("field-credit-kind") feedback options=kinds initial=initial.kind placeholder=i18n.t("choose")/>
        </fieldset>
    }
}

/// A minor's guardian: linked, invited, or to invite.
#[component]
fn Guardian(p: OwnProfile, invite: ServerAction<InviteGuardian>) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = use_feedback("guardian-invite".into(), move || invite.value().get());
    let query = use_query_map();
    let invited = Signal::derive(move || query.with(|q| q.get("invited").is_some()) || matches!(invite.value().get(), Some(Ok(()))));
    let body = match (&p.guardian_name, &p.pending_invitation) {
        (Some(name), _) => {
            view! { <p class="notice notice-success">{i18n.t_with("guardian-linked", &[("name", name.clone())])}</p> }.into_any()
        }
        (None, pending) => {
            let pending = pending.clone();
            view! {
                <p class="notice notice-warning" role="status">{i18n.t("guardian-needed")}</p>
                {pending.map(|(email, until)| view! { <p class="muted">{i18n.t_with("guardian-pending", &[("email", email), ("date", until)])}</p> })}
                <Flash key="guardian-invited" show=invited/>
                <AppForm action=invite attr:class="form stack" attr:novalidate=true>
                    <FormError feedback/>
                    <Input field="email".into() label=i18n.t("field-guardian-email") feedback kind=InputKind::Email required=true/>
                    <div class="form-actions"><button class="btn btn-primary" type="submit">{i18n.t("guardian-invite")}</button></div>
                </AppForm>
            }
            .into_any()
        }
    };
    view! {
        <section class="card stack guardian" aria-labelledby="guardian-heading">
            <h2 id="guardian-heading">{i18n.t("guardian-title")}</h2>
            {body}
        </section>
    }
}
