//! A talent's card in talent search results: what a casting director judges at a glance.

use crate::{api::talent::TalentCard, i18n::use_i18n};
use leptos::prelude::*;
use takeone::routes::Page;

#[component]
pub fn TalentCardView(card: TalentCard) -> impl IntoView {
    let i18n = use_i18n();
    let href = i18n.page(&Page::Talent { id: card.profile_id });
    let initials: String = card.name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
    let list = |keys: Vec<String>| keys.iter().map(|k| i18n.t(k)).collect::<Vec<_>>().join(&i18n.t("list-separator"));
    let dialects = list(card.dialects.iter().map(|d| d.label_key()).collect());
    let languages = list(card.languages.iter().map(|l| l.label_key()).collect());
    view! {
        <li class="talent-card card" data-id=card.profile_id.to_string() data-testid="talent-card">
            <a class="talent-card-photo" href=href.clone() tabindex="-1" aria-hidden="true">
                {match card.headshot.clone() {
                    Some(src) => view! { <img src=src alt="" loading="lazy" width="240" height="240"/> }.into_any(),
                    None => view! { <span class="avatar-initials">{initials}</span> }.into_any(),
                }}
            </a>
            <div class="talent-card-body">
                <a class="talent-card-name" href=href>{card.name.clone()}</a>
                {card.verified.then(|| view! { " "<span class="chip chip-verified">{i18n.t("talent-verified")}</span> })}
                <p class="muted">
                    {card.playing_age.map(|(a, b)| i18n.t_with("talent-card-playing-age", &[("min", a.to_string()), ("max", b.to_string())]))}
                    {card.city.map(|c| format!(" · {}", i18n.t(&c.name_key())))}
                </p>
                {(!dialects.is_empty()).then(|| view! { <p><span class="muted">{i18n.t("talent-card-dialects")}</span>" "{dialects}</p> })}
                {(!languages.is_empty()).then(|| view! { <p><span class="muted">{i18n.t("talent-card-languages")}</span>" "{languages}</p> })}
                <ul class="chips plain-list">
                    {card.skills.iter().map(|s| view! { <li class="chip">{i18n.t(&s.label_key())}</li> }).collect_view()}
                    {card.reel.then(|| view! { <li class="chip chip-reel" data-testid="has-reel">{i18n.t("talent-card-reel")}</li> })}
                </ul>
            </div>
        </li>
    }
}
