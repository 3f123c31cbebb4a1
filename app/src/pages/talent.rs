//! A talent's profile page, server-rendered. Who may see it is decided by the domain.

use crate::{
    api::talent::{CorrectBirthDate, ProfileMediaView, get_talent, talent_media},
    components::{
        bits::Chips,
        layout::{ErrorPanel, PageMeta},
    },
    forms::{AppForm, FormError, Input, InputKind, use_feedback},
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_params_map;
use takeone::{routes::Page, talent::ProfileView};

#[component]
pub fn TalentPage() -> impl IntoView {
    let params = use_params_map();
    let profile = Resource::new(move || params.with(|p| p.get("id").unwrap_or_default()), get_talent);
    let media = Resource::new(move || params.with(|p| p.get("id").unwrap_or_default()), talent_media);
    view! {
        <Suspense fallback=|| ()>
            {move || profile.get().map(|r| match r {
                Ok(v) => {
                    let m = media.get().and_then(|m| m.ok()).unwrap_or_default();
                    view! { <Profile v m/> }.into_any()
                }
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Profile(v: ProfileView, m: ProfileMediaView) -> impl IntoView {
    let i18n = use_i18n();
    let p = v.profile.clone();
    let mut facts: Vec<(String, String)> = vec![];
    if let Some(age) = v.age {
        facts.push((i18n.t("field-age"), age.to_string()));
    }
    if let (Some(lo), Some(hi)) = (p.playing_age_min, p.playing_age_max) {
        facts.push((i18n.t("field-playing-age"), i18n.t_with("role-ages", &[("min", lo.to_string()), ("max", hi.to_string())])));
    }
    if let Some(g) = p.gender {
        facts.push((i18n.t("field-gender"), i18n.t(&g.label_key())));
    }
    if let Some(h) = p.height_cm {
        facts.push((i18n.t("field-height"), i18n.t_with("height-cm", &[("cm", h.to_string())])));
    }
    if let Some(c) = p.city {
        facts.push((i18n.t("field-city"), i18n.t(&c.name_key())));
    }
    if let Some(n) = p.nationality {
        facts.push((i18n.t("field-nationality"), i18n.t(&n.label_key())));
    }
    if let Some(e) = p.experience {
        facts.push((i18n.t("field-experience"), i18n.t(&e.label_key())));
    }
    let initials: String = p.stage_name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
    let languages: Vec<String> = p
        .languages
        .iter()
        .map(|l| {
            i18n.t_with("language-with-level", &[("language", i18n.t(&l.language.label_key())), ("level", i18n.t(&l.level.label_key()))])
        })
        .collect();
    let public = v.public;
    let description: String = p.bio_ar.clone().or(p.bio_en.clone()).unwrap_or_default().chars().take(160).collect();
    view! {
        <PageMeta title=p.stage_name.clone() description=description/>
        {(!public).then(|| view! { <Meta name="robots" content="noindex"/> })}
        <article class="talent-profile stack">
            <header class="profile-header">
                {match m.headshot.clone() {
                    Some(src) => view! { <img class="headshot" src=src alt=p.stage_name.clone() data-testid="headshot"/> }.into_any(),
                    None => view! { <div class="avatar" aria-hidden="true">{initials}</div> }.into_any(),
                }}
                <div class="stack">
                    <h1>{p.stage_name.clone()}</h1>
                    {p.verified.then(|| view! { <span class="badge badge-paid">{i18n.t("badge-verified")}</span> })}
                    {v.own.then(|| view! {
                        <p class="cluster">
                            <span class="muted">{i18n.t_with("profile-visibility-now", &[("visibility", i18n.t(&p.visibility.label_key()))])}</span>
                            <a class="btn btn-secondary btn-small" href=i18n.page(&Page::Profile)>{i18n.t("profile-edit")}</a>
                        </p>
                    })}
                </div>
            </header>
            <dl class="facts">
                {facts.into_iter().map(|(k, val)| view! { <dt>{k}</dt><dd>{val}</dd> }).collect_view()}
            </dl>
            {p.bio_ar.clone().map(|b| view! { <p class="prewrap" lang="ar" dir="rtl">{b}</p> })}
            {p.bio_en.clone().map(|b| view! { <p class="prewrap" lang="en" dir="ltr">{b}</p> })}
            {(!m.photos.is_empty()).then(|| view! {
                <section><h2>{i18n.t("talent-photos")}</h2>
                    <ul class="gallery plain-list">{m.photos.iter().map(|src| view! { <li><img src=src.clone() alt="" loading="lazy"/></li> }).collect_view()}</ul>
                </section>
            })}
            {(!m.reels.is_empty()).then(|| view! {
                <section><h2>{i18n.t("talent-showreel")}</h2>
                    <script src="/js/media-player.js" defer></script>
                    {m.reels.iter().map(|r| view! {
                        <div class="media-preview"><video controls preload="none" playsinline data-playback=r.clone() data-msg-failed=i18n.t("media-play-failed")></video><p data-player-status="" hidden></p></div>
                    }).collect_view()}
                </section>
            })}
            {(!languages.is_empty()).then(|| view! {
                <section><h2>{i18n.t("field-languages")}</h2><ul class="chips">{languages.into_iter().map(|l| view! { <li class="chip">{l}</li> }).collect_view()}</ul></section>
            })}
            {(!p.dialects.is_empty()).then(|| view! { <section><h2>{i18n.t("field-dialects")}</h2><Chips keys=p.dialects.iter().map(|d| d.label_key()).collect()/></section> })}
            {(!p.skills.is_empty()).then(|| view! { <section><h2>{i18n.t("field-skills")}</h2><Chips keys=p.skills.iter().map(|d| d.label_key()).collect()/></section> })}
            {v.admin.then(|| view! { <BirthDateCorrection profile_id=p.id.to_string() born=p.date_of_birth.map(|d| d.to_string()).unwrap_or_default()/> })}
            {(!p.credits.is_empty()).then(|| view! {
                <section class="stack">
                    <h2>{i18n.t("field-credits")}</h2>
                    <ul class="credit-list">
                        {p.credits.iter().map(|c| view! {
                            <li>{format!("{} — {} ({}, {})", c.title, c.role, i18n.t(&c.kind.label_key()), c.year)}</li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </article>
    }
}

/// The administrator's correction of a date of birth: audited, and the guardian is told.
#[component]
fn BirthDateCorrection(profile_id: String, born: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<CorrectBirthDate>::new();
    let feedback = use_feedback("birth-date".into(), move || action.value().get());
    view! {
        <section class="stack">
            <h2>{i18n.t("admin-birth-date-title")}</h2>
            <AppForm action=action attr:class="form stack" attr:novalidate=true>
                <input type="hidden" name="profile_id" value=profile_id/>
                <FormError feedback/>
                <Input field="date_of_birth".into() label=i18n.t("field-birth-date") feedback kind=InputKind::Date initial=born required=true hint=i18n.t("admin-birth-date-hint")/>
                <button class="btn btn-secondary" type="submit">{i18n.t("admin-birth-date-save")}</button>
            </AppForm>
        </section>
    }
}
